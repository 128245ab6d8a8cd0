"""Every moment a clinic API request body carries is an `Instant` (kept in UTC), not a bare
datetime: the class of test_instants.py's 500 (an offset PostgreSQL refuses), held for any
request field added later, not only the four there are today."""

from __future__ import annotations

import datetime as dt
import typing

import toxfill.web.api  # noqa: F401  every router, so every request model, is defined
from toxfill.web.clinic.api import schemas
from toxfill.web.clinic.api.schemas import Input


def _request_models() -> list[type[Input]]:
    found, todo = [], [Input]
    while todo:
        model = todo.pop()
        for sub in model.__subclasses__():
            todo.append(sub)
            if not sub.__name__.endswith("Out"):  # answers are read from records, not sent
                found.append(sub)
    return found


def _is_moment(annotation: object) -> bool:
    return annotation is dt.datetime or dt.datetime in typing.get_args(annotation)


def test_every_moment_in_a_request_body_is_kept_in_utc() -> None:
    bare = [
        f"{model.__name__}.{name}"
        for model in _request_models()
        for name, field in model.model_fields.items()
        if _is_moment(field.annotation)
        and not any(getattr(m, "func", None) is schemas._in_utc for m in field.metadata)
    ]
    assert bare == []
    assert any(_is_moment(f.annotation) for m in _request_models() for f in m.model_fields.values())
