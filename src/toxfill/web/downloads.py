"""Files handed to a person to save: a download name that cannot add to or break the header
it travels in, and CSV that a spreadsheet shows as text and never runs.

Every CSV toxfill writes goes through `csv_download`: a UTF-8 byte order mark first, so a
spreadsheet reads accents as UTF-8, then each text cell that a spreadsheet would take for a
formula (OWASP, "CSV Injection": one starting with = + - @, a tab or a carriage return, or
their full-width forms, even after spaces) behind a single quote. A spreadsheet hides that
quote when it reads the cell as text; a phone number "+1 555 0100" shows as '+1 555 0100, not
as a broken formula. Numbers toxfill itself writes (doses, counts) stay numbers.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import TypeVar

from django.http import HttpResponseBase, StreamingHttpResponse

Response = TypeVar("Response", bound=HttpResponseBase)

BYTE_ORDER_MARK = "\ufeff"
FORMULA_STARTS = frozenset("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
"""What makes a spreadsheet read a cell as a formula: = + - @, tab, CR, and = + - @ full-width."""

MAX_NAME_LENGTH = 120
_NOT_IN_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def download_name(name: str) -> str:
    """`name` as a file name of ASCII letters, digits, '-', '_' and '.' only: accents dropped
    (é -> e), every run of anything else one '-'; never empty, never starting with a dot."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"-{2,}", "-", _NOT_IN_NAME.sub("-", ascii_name)).strip("-.")
    if len(slug) > MAX_NAME_LENGTH:
        stem, dot, suffix = slug.rpartition(".")
        keep = MAX_NAME_LENGTH - len(dot + suffix)
        slug = stem[:keep] + dot + suffix if dot and keep > 0 else slug[:MAX_NAME_LENGTH]
    return slug or "download"


def attach(response: Response, name: str, *, inline: bool = False) -> Response:
    """Set the response's Content-Disposition to save (or, `inline`, show) it as `name`, made
    safe by `download_name`; a safe name needs no RFC 5987 `filename*`."""
    kind = "inline" if inline else "attachment"
    response["Content-Disposition"] = f'{kind}; filename="{download_name(name)}"'
    return response


def spreadsheet_cell(value: object) -> object:
    """`value` as a CSV cell no spreadsheet runs: a number as it is, text that starts like a
    formula (even after spaces) behind a single quote, None as an empty cell."""
    if isinstance(value, str):  # most cells: checked without a copy
        text = value
    elif value is None:
        return ""
    elif isinstance(value, int | float | Decimal):  # bool is an int: True, False
        return value
    else:
        text = str(value)
    first = text[:1]
    if first in FORMULA_STARTS or (first == " " and text.lstrip(" ")[:1] in FORMULA_STARTS):
        return "'" + text
    return text


class _Line:
    def write(self, line: str) -> str:
        return line


CHUNK_CHARACTERS = 64 * 1024
"""About how much CSV text is sent at a time: one piece a row made a download of 100,000 rows
100,000 writes to the socket (and, under ASGI, as many messages to the server)."""


def csv_lines(rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The CSV text of `rows`, in pieces of about CHUNK_CHARACTERS, the byte order mark first."""
    writer = csv.writer(_Line())
    lines, size = [BYTE_ORDER_MARK], 1
    for row in rows:
        line = writer.writerow([spreadsheet_cell(value) for value in row])
        lines.append(line)
        size += len(line)
        if size >= CHUNK_CHARACTERS:
            yield "".join(lines)
            lines, size = [], 0
    if lines:
        yield "".join(lines)


def csv_download(name: str, rows: Iterable[Iterable[object]]) -> StreamingHttpResponse:
    """`rows` (the header first) streamed as a CSV download named `name`."""
    return attach(
        StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8"), name
    )
