"""Cursor pagination: stable pages under inserts, and no count query."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import CursorPagination
from pydantic import ValidationError

from toxfill.errors import InputError


class Cursor(CursorPagination):
    """Ninja's cursor pagination; a cursor it did not give is a 422 on `cursor`."""

    def __init__(self, *, ordering: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(ordering=ordering, page_size=25, max_page_size=100, **kwargs)

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any
    ) -> Any:
        try:
            return super().paginate_queryset(queryset, pagination, request, **params)
        except (NinjaValidationError, ValidationError, ValueError):
            raise InputError(
                "cursor", "is not a cursor this API gave; start again without it"
            ) from None


NEWEST_FIRST = ("-created_at", "-id")
