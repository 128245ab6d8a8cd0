"""Cursor pagination: stable pages under inserts, and no count query."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import DateTimeField, Field, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import CursorPagination
from pydantic import ValidationError

from toxfill.errors import InputError
from toxfill.web.clinic.actions.access import record_patients_seen
from toxfill.web.clinic.api.security import acting


class Cursor(CursorPagination):
    """Ninja's cursor pagination; a cursor it did not give is a 422 on `cursor`.

    A list of patient data names `logs` (what the access log calls it) and the rows'
    `patient` field (the row ID of a patient's own row): the patients of each page sent
    are logged, in one insert, as the acting member. `shape`, if given, turns the rows of a
    page into what the answer's schema reads (dicts of its fields), for the acting member."""

    def __init__(
        self,
        *,
        ordering: tuple[str, ...],
        logs: str = "",
        patient: str = "patient_id",
        shape: Callable[[Any, list[Any]], list[Any]] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(ordering=ordering, page_size=25, max_page_size=100, **kwargs)
        self.logs, self.patient, self.shape = logs, patient, shape

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        # A cursor is base64 of `p=<position>&r=<reverse>&o=<offset>`: anyone can write one,
        # so its shape is checked here, before the position reaches a query.
        try:
            cursor = self.Cursor.from_encoded_param(pagination.cursor)
            if cursor.p is not None:
                _check_position(queryset.model._meta.get_field(self._order_attribute), cursor.p)
        except (
            NinjaValidationError,
            ValidationError,
            DjangoValidationError,
            ValueError,
            OverflowError,
        ):
            raise InputError(
                "cursor", "is not a cursor this API gave; start again without it"
            ) from None
        page = super().paginate_queryset(queryset, pagination, request, **params)
        if self.logs:
            seen = [getattr(row, self.patient) for row in page[self.items_attribute]]
            record_patients_seen(acting(request, params["clinic_id"]), seen, self.logs)
        if self.shape is not None:
            rows = list(page[self.items_attribute])
            page[self.items_attribute] = self.shape(acting(request, params["clinic_id"]), rows)
        return page


def _check_position(field: Any, position: str) -> None:
    """Raise unless `position` is a value of the ordering field, as this API writes one."""
    if not isinstance(field, Field):
        raise ValueError("not a model field")
    value = field.to_python(position)
    if isinstance(field, DateTimeField):
        # Ninja writes an aware datetime; a naive one or a date would only warn and be guessed,
        # and one at the edge of the calendar overflows when the database converts it.
        if not isinstance(value, dt.datetime) or not timezone.is_aware(value):
            raise ValueError("not an instant")
        value.astimezone(dt.UTC)


NEWEST_FIRST = ("-created_at", "-id")
