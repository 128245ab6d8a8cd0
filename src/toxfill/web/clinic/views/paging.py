"""Long lists on the clinic's pages, a page at a time: a page's cost stays that of its rows,
however many the clinic has (a lot used on thousands of patients, years of follow-ups)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db.models import QuerySet
from django.http import HttpRequest

from toxfill.errors import InputError

PER_PAGE = 50
Row = TypeVar("Row")


@dataclass(frozen=True)
class Shown(Generic[Row]):
    """One page of a list: its rows, which page it is, of how many, and the rows in all."""

    rows: list[Row]
    number: int
    pages: int
    total: int

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None


def page_of(
    rows: QuerySet[Any], raw: str, per_page: int = PER_PAGE, *, total: int | None = None
) -> Shown[Any]:
    """The page `raw` names (a request's `?page=`): one ranged read, and a count unless the
    caller has `total` already. A page that is not a whole number from 1 to the last is an
    InputError on `page`, never a guess."""
    count = rows.count() if total is None else total
    pages = max(1, -(-count // per_page))
    number = int(raw) if raw.isdigit() else 0
    if not 1 <= number <= pages:
        raise InputError("page", f"give a page number from 1 to {pages}, not {raw[:20]!r}")
    start = (number - 1) * per_page
    return Shown(list(rows[start : start + per_page]), number, pages, count)


def requested_page(
    request: HttpRequest, rows: QuerySet[Any], per_page: int = PER_PAGE, *, total: int | None = None
) -> tuple[Shown[Any], str]:
    """The page the request asks for and no error; or, for a page that does not exist, the
    first page and the error to show with it."""
    try:
        return page_of(rows, request.GET.get("page", "1"), per_page, total=total), ""
    except InputError as exc:
        return page_of(rows, "1", per_page, total=total), str(exc)
