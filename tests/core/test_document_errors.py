"""A document's bad field in plain words: a text field left empty is "required", not a
request for an ID, and a long one says its limit."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel, Field, ValidationError

from toxfill.documents import explain


class Note(BaseModel):
    name: str = Field(min_length=1, max_length=5)
    code: str = Field("a", min_length=3)


def _problem(document: dict[str, Any]) -> tuple[str, str]:
    with pytest.raises(ValidationError) as raised:
        Note.model_validate(document)
    return explain(raised.value.errors()[0], {})


def test_an_empty_text_field_is_required() -> None:
    assert _problem({"name": ""}) == ("name", "is required: it is empty")


def test_a_short_text_field_says_how_long_it_must_be() -> None:
    assert _problem({"name": "Ana", "code": "ab"}) == (
        "code",
        "must be at least 3 characters, not 'ab'",
    )


def test_a_long_text_field_says_its_limit() -> None:
    assert _problem({"name": "Anastasia"}) == (
        "name",
        "must be at most 5 characters, not 'Anastasia'",
    )


def test_a_number_where_text_belongs_asks_for_text() -> None:
    assert _problem({"name": 3}) == ("name", "must be text in quotes, not 3")
