"""What the clinic API's answers share: the error format, times in the clinic's zone."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Callable
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any, TypeAlias
from zoneinfo import ZoneInfo

from ninja import Field, Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, ValidationInfo
from pydantic_core import PydanticCustomError

from toxfill.errors import InputError
from toxfill.records.text import LABEL_CODE_CHARACTERS, check_label_code, check_name
from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.models.base import ClinicRecord, Voidable


def _refusing(check: Callable[[str, str], str]) -> AfterValidator:
    """A pydantic validator from a toxfill check of the trimmed text, as the actions trim it:
    its InputError becomes a ValueError, which the API answers as a 422 naming the field."""

    def validate(value: str, info: ValidationInfo) -> str:
        try:
            return check(info.field_name or "", value.strip())
        except InputError as exc:
            raise ValueError(exc.problem) from None

    return AfterValidator(validate)


# The checks' rules as patterns, so that a reader (or a fuzzer) knows them: what str.strip()
# removes (the actions trim), then for a name no control character (category Cc), line or
# paragraph separator, or direction mark (records.text.BIDI_CONTROLS); for a label code, the
# characters of records.text's _LABEL_CODE.
_SPACE = r"\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
_HIDDEN = r"\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c"
_TRIMMED = f"[{_SPACE}]*"
PersonName = Annotated[
    str,
    _refusing(check_name),  # refuses with its own words, naming the character
    Field(
        description="no control characters or bidirectional direction marks",
        json_schema_extra={"pattern": f"^{_TRIMMED}[^{_HIDDEN}]*{_TRIMMED}$"},
    ),
]
"""A person's name: any script, but no line break, tab or direction override."""

GivenName = Annotated[
    str,
    _refusing(check_name),
    Field(
        min_length=1,
        description="no control characters or bidirectional direction marks; not blank",
        json_schema_extra={"pattern": f"^{_TRIMMED}[^{_HIDDEN}{_SPACE}][^{_HIDDEN}]*{_TRIMMED}$"},
    ),
]
"""A person's name that must be given: a name, and more than spaces."""

LabelCode = Annotated[
    str,
    _refusing(check_label_code),
    Field(
        description=f"as printed on the label: {LABEL_CODE_CHARACTERS}",
        json_schema_extra={"pattern": f"^{_TRIMMED}[!%-?A-Z_a-z]*{_TRIMMED}$"},
    ),
]
"""A lot number or serial, in the characters a GS1 label holds (less the double quote)."""


LEAST_WORDS = {"any": "", "zero": ", no minus sign", "above-zero": ", more than 0"}


def amount(max_digits: int, least: str = "any") -> Any:
    """A decimal with at most two places and `max_digits` digits in all, sent as a JSON number
    (12.5) or as text ("12.5"); `least` is "any", "zero" (no less than 0) or "above-zero".

    Pydantic's own schema for a Decimal is `number` or any `string`, which says neither the
    digits nor the places, nor what text reads as a number: a reader (or a fuzzer) sending
    "" or 1e30 was refused by rules it could not see. Here the text is held to a pattern,
    on the server and in the OpenAPI document alike, and the number to its bounds."""
    whole = max_digits - 2
    largest = float(10**whole) - 0.01
    fraction = r"(?:\.\d{1,2})?"
    patterns = {
        "any": rf"^-?(?:\d{{1,{whole}}}{fraction}|\.\d{{1,2}})$",
        "zero": rf"^(?:\d{{1,{whole}}}{fraction}|\.\d{{1,2}})$",
        "above-zero": rf"^(?:0*[1-9]\d{{0,{whole - 1}}}{fraction}|0?\.(?:[1-9]\d?|0[1-9]))$",
    }
    text = re.compile(patterns[least])

    def check_text(value: Any) -> Any:
        if isinstance(value, str) and not text.fullmatch(value):
            raise ValueError(
                f"write it as digits with at most two decimal places, e.g. 12.5 (at most "
                f"{whole} digits before the point{LEAST_WORDS[least]})"
            )
        return value

    def document(schema: dict[str, Any]) -> None:
        for branch in schema.get("anyOf", [schema]):
            if branch.get("type") == "number":
                branch["maximum"] = largest
                branch["multipleOf"] = 0.01
                if least == "any":
                    branch["minimum"] = -largest
            elif branch.get("type") == "string":
                branch["pattern"] = patterns[least]

    return Annotated[
        Decimal,
        Field(
            max_digits=max_digits,
            decimal_places=2,
            json_schema_extra=document,
            ge=0 if least == "zero" else None,
            gt=0 if least == "above-zero" else None,
        ),
        BeforeValidator(check_text),
    ]


def _in_utc(value: dt.datetime) -> dt.datetime:
    """An instant sent with any offset RFC 3339 allows, kept in UTC: PostgreSQL takes offsets
    of at most 15:59, and the stored instant is the same either way."""
    if value.tzinfo is None:
        return value  # the actions name a time without its offset
    try:
        return value.astimezone(dt.UTC)
    except OverflowError:
        raise PydanticCustomError(
            "invalid", "is outside the years a record can hold: give a date after year 1"
        ) from None


# A moment a caller sends (performed, signed, began): any offset, stored as UTC.
Instant = Annotated[dt.datetime, AfterValidator(_in_utc)]

MAP_PLACE = r"^(?:100(?:\.0{1,2})?|\d{1,2}(?:\.\d{1,2})?|\.\d{1,2})$"


def _map_place_text(value: Any) -> Any:
    if isinstance(value, str) and not re.fullmatch(MAP_PLACE, value):
        raise ValueError("write it as a number from 0 to 100 with at most two decimal places")
    return value


def _document_map_place(schema: dict[str, Any]) -> None:
    for branch in schema.get("anyOf", [schema]):
        if branch.get("type") == "number":
            branch.update(minimum=0, maximum=100, multipleOf=0.01)
        elif branch.get("type") == "string":
            branch["pattern"] = MAP_PLACE


if TYPE_CHECKING:  # what the handlers receive
    MapPlace: TypeAlias = Decimal
    Dose: TypeAlias = Decimal
    Dilution: TypeAlias = Decimal
    Quantity: TypeAlias = Decimal
    StockCount: TypeAlias = Decimal
    Units: TypeAlias = Decimal
else:
    # A place on a map's 0-100 grid, to the hundredth: as the point was tapped on the drawing.
    MapPlace = Annotated[
        Decimal,
        Field(ge=0, le=100, max_digits=5, decimal_places=2, json_schema_extra=_document_map_place),
        BeforeValidator(_map_place_text),
    ]
    Dose = amount(8)  # units or mL; below zero is the rules' to refuse, naming the point
    Dilution = amount(6)
    Quantity = amount(10, "above-zero")
    StockCount = amount(10, "zero")
    Units = amount(8, "zero")


GivenUnit = Annotated[
    str | None,
    Field(
        max_length=16,
        description="the unit of the dose or quantity, if you name it: it must be the "
        "product's, U for a toxin, mL for a filler; another is refused, never converted",
    ),
]
"""The unit a caller says a dose or quantity is in; the actions hold it to the product's."""


class FieldError(Schema):
    """The public API's error format (toxfill.web.api); `key` and `kind` are set for a
    clinic rule's finding, naming what a confirmation or written reason would answer."""

    loc: list[str | int]
    msg: str
    type: str
    nearest: list[str] = Field(default_factory=list)
    key: str | None = None
    kind: str | None = None


class ErrorOut(Schema):
    detail: list[FieldError]


class FindingOut(Schema):
    """A clinic rule's finding as it was kept with the record (toxfill.records.Finding)."""

    rule: str
    kind: str
    key: str
    text: str
    sources: list[str]
    field: str
    resolution: str


ERRORS = {
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ErrorOut,
}


def local(moment: dt.datetime | None, time_zone: str) -> str | None:
    """An instant stored in UTC, shown in the clinic's time zone (ISO 8601 with its offset)."""
    return None if moment is None else moment.astimezone(ZoneInfo(time_zone)).isoformat()


def one_of(values: list[str], *, nullable: bool = False) -> dict[str, Any]:
    """`json_schema_extra` listing a text field's valid values as its enum: the actions still
    refuse another with a 422 naming the field, and now a reader (or a fuzzer) knows them."""
    return {"enum": [*values, None] if nullable else list(values)}


class Input(Schema):
    """A request body: a field it does not have is refused (a 422 naming it), never silently
    dropped, so a misspelt field is not a change that quietly did not happen; and the OpenAPI
    document says so (`additionalProperties: false`)."""

    model_config = ConfigDict(extra="forbid")


OUTPUT = ConfigDict(extra="ignore")
"""The config of an answer whose fields are an Input's: it is read from a record, not sent."""


LARGEST_VERSION = 2**31 - 1
"""A record's version is a database integer (four bytes on PostgreSQL)."""


class VersionIn(Input):
    # bounded as the column is (a 34-digit number was refused by the JSON reader, unseen)
    version: int = Field(
        ge=1, le=LARGEST_VERSION, description="The version you read; a newer one is a 409."
    )


class VoidIn(VersionIn):
    reason: str = Field(min_length=1, max_length=2000, description="Why it is voided.")


# Made by member_ref only: a plain pydantic model, so an answer checks each reference as it is,
# not again through ninja's attribute reader. (A docstring would be its OpenAPI description.)
class MemberRef(BaseModel):
    id: uuid.UUID
    name: str
    role: str


def member_ref(member: Membership | None) -> MemberRef | None:
    if member is None:
        return None
    return MemberRef(
        id=member.public_id,
        name=member.display_name,
        role=member.role,
    )


class VoidableOut(Schema):
    """A record that is never deleted: voided, with when, by whom and why."""

    id: uuid.UUID = Field(alias="public_id")
    version: int
    created_at: str
    voided_at: str | None
    voided_by: MemberRef | None
    void_reason: str

    @staticmethod
    def resolve_created_at(record: ClinicRecord) -> str | None:
        return local(record.created_at, record.clinic.time_zone)

    @staticmethod
    def resolve_voided_at(record: Voidable) -> str | None:
        return local(record.voided_at, record.clinic.time_zone)  # type: ignore[attr-defined]

    @staticmethod
    def resolve_voided_by(record: Voidable) -> MemberRef | None:
        return member_ref(record.voided_by)
