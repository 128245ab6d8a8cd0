"""Product labels: the GS1 barcode a handheld scanner types, read into GTIN, lot, expiry, serial.

A scanner in keyboard mode types a GS1 element string: application identifiers (AI) and their
data, with the group separator (ASCII 29, FNC1 in the symbol) after each variable-length field,
sometimes after a symbology prefix such as "]d2" (GS1 DataMatrix). People type the same data in
its printed form, with the AIs in parentheses: (01)00301234567890(17)261130(10)AB123.
The AIs read here: 01 GTIN, 17 expiry (YYMMDD), 10 lot, 21 serial. Parsing is the `biip`
library's; this module only says what a clinic needs from it, and refuses what it cannot trust.

A dropped separator. A lot (10) or serial (21) has no fixed length: it ends at the group
separator, or at the end of the text. A scanner that drops the separator (many keyboard
scanners cannot type ASCII 29) runs the next element into it: lot "AB123" then serial "SER99"
reads as the one lot "AB12321SER99". Such a value is flagged (`SeparatorWarning`) when all of
these hold, and only then:

- it is the last element of a scanned (not parenthesised) barcode, so nothing but the end of
  the text ended it: a value a separator ended swallowed nothing;
- from its second character on, the rest of it reads, in full, as element strings of the AIs a
  medical product's label carries after its GTIN (10 lot, 11 production date, 17 expiry,
  21 serial), with valid dates, each AI once, and none the barcode already holds elsewhere
  (a label has one expiry and one serial) nor the value's own.

A real lot can hold such digits: lot "C2156", last on a label without a serial, is flagged as
perhaps lot "C" and serial "56". The warning never changes what was read: a person looks at the
printed label and confirms the value or types the lot it prints, which must be one of the
warning's readings (`read_as`).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Set
from dataclasses import dataclass

import biip
from biip.gs1_element_strings import GS1ElementStrings
from biip.gs1_messages import GS1Message
from biip.gtin import Gtin

from toxfill.errors import InputError, shown

GROUP_SEPARATOR = "\x1d"
# Some scanners type the "symbol for group separator" instead of the control character.
_SEPARATOR_LOOKALIKES = ("\u241d",)
# Printable ASCII and the group separator: all a GS1 element string can hold.
_GS1_CHARACTERS = re.compile(r"[\x1d!-~]+")
MAX_BARCODE_LENGTH = 200  # a GS1 symbol holds at most a few dozen characters of these AIs

# What each AI a dropped separator can hide is called, and the LabelScan field it fills.
_HIDDEN_ELEMENTS = {"10": "lot", "11": "production date", "17": "expiry", "21": "serial"}
_VARIABLE_FIELDS = {"10": "lot", "21": "serial"}


@dataclass(frozen=True)
class Reading:
    """One way to read a flagged lot or serial: `value` with `following` (the element strings
    it swallowed, described) after it, and the barcode with the separator put back."""

    value: str
    following: str
    barcode: str


@dataclass(frozen=True)
class SeparatorWarning:
    """The scan's `field` ("lot" or "serial") may hold the element strings after it, run
    together because the scanner dropped the separator; `readings` are the ways to split it."""

    field: str
    value: str
    readings: tuple[Reading, ...]

    @property
    def text(self) -> str:
        ways = " or ".join(
            f"{self.field} {r.value} followed by {r.following}" for r in self.readings
        )
        return (
            f"The {self.field} read from the barcode, {self.value}, may be {ways}, run together "
            "because the scanner dropped the separator after it. Check the label: type the "
            f"{self.field} it prints, or confirm {self.value}."
        )


@dataclass(frozen=True)
class LabelScan:
    """What a product label's barcode says; `gtin` always has 14 digits. `warnings` name the
    fields a dropped separator may have run together."""

    gtin: str
    lot: str = ""
    expires_on: dt.date | None = None
    serial: str = ""
    warnings: tuple[SeparatorWarning, ...] = ()


def read_label(barcode: str, field: str = "barcode") -> LabelScan:
    """The GTIN, lot, expiry and serial in a scanned or typed GS1 barcode.

    A bare GTIN (8, 12, 13 or 14 digits, as on a retail carton) is read too. Raises InputError
    naming `field` when the text is not a GS1 barcode, has no GTIN, or a check digit is wrong.
    """
    if len(barcode) > MAX_BARCODE_LENGTH:
        raise InputError(
            field, f"is longer than a product label's barcode can be: {shown(barcode.strip())}"
        )
    text = barcode.strip()
    for lookalike in _SEPARATOR_LOOKALIKES:
        text = text.replace(lookalike, GROUP_SEPARATOR)
    if not text:
        raise InputError(field, "is empty: scan the label's barcode or type the lot by hand")
    if not _GS1_CHARACTERS.fullmatch(text):
        raise InputError(field, f"has characters no GS1 barcode holds: {shown(text)}")
    if text.isdigit() and len(text) in (8, 12, 13, 14):
        return LabelScan(gtin=normal_gtin(text, field))
    elements = _elements(text, field)
    gtin_element = elements.get(ai="01")
    if gtin_element is None:
        raise InputError(field, "has no GTIN, application identifier (01), so it is not a product")
    if gtin_element.gtin is None:
        raise InputError(field, f"GTIN {gtin_element.value}: {gtin_element.gtin_error}")
    expiry = elements.get(ai="17")
    lot = elements.get(ai="10")
    serial = elements.get(ai="21")
    return LabelScan(
        gtin=gtin_element.gtin.as_gtin_14(),
        lot=lot.value if lot else "",
        expires_on=expiry.date if expiry else None,
        serial=serial.value if serial else "",
        warnings=() if text.startswith("(") else _separator_warnings(text, elements),
    )


def read_as(scan: LabelScan, field: str, value: str, name: str) -> LabelScan:
    """The scan with its flagged `field` ("lot" or "serial") read as `value`, one of the
    warning's readings: the elements it swallowed then fill the scan's other fields.

    A scan whose `field` is not flagged, or `value` that is what was read, gives the scan
    unchanged. Raises InputError naming `name` when `value` is none of the readings.
    """
    warning = next((w for w in scan.warnings if w.field == field), None)
    if warning is None or value == warning.value:
        return scan
    for reading in warning.readings:
        if reading.value == value:
            return read_label(reading.barcode, name)
    choices = ", ".join([*(r.value for r in warning.readings), warning.value])
    raise InputError(
        name,
        f"{value} differs from the label's {warning.value}; with a separator dropped the label "
        f"can say only one of: {choices}",
    )


@dataclass(frozen=True)
class Carrier:
    """A label's barcode as a UDI carrier sends it on: `aidc`, the characters the scanner typed
    (blank when a person typed the printed form), and `hrf`, the printed form, each element
    string in parentheses with its data exactly as scanned (an expiry day "00" stays "00")."""

    aidc: str
    hrf: str


def carrier(scanned: str, lot: str = "", serial: str = "") -> Carrier:
    """The carrier of a barcode kept as scanned, in both forms; raises InputError if it is not
    a GS1 barcode. A separator the scanner dropped, which the receipt settled by confirming
    `lot` or `serial` (`read_as`), is put back where the receipt said, and only there."""
    text = scanned.strip()
    for lookalike in _SEPARATOR_LOOKALIKES:
        text = text.replace(lookalike, GROUP_SEPARATOR)
    scan = read_label(text)
    for field, value in (("lot", lot), ("serial", serial)):
        warning = next((w for w in scan.warnings if w.field == field), None)
        reading = next((r for r in warning.readings if r.value == value), None) if warning else None
        if reading is not None:
            text = reading.barcode
            scan = read_label(text)
    if text.isdigit():  # a bare GTIN: a retail barcode prints its digits as they are
        return Carrier(aidc=text, hrf=text)
    printed = "".join(f"({e.ai.ai}){e.value}" for e in _elements(text, "barcode"))
    return Carrier(aidc="" if text.startswith("(") else text, hrf=printed)


def normal_gtin(gtin: str, field: str = "gtin") -> str:
    """`gtin` as 14 digits, after checking its check digit; raises InputError if it is wrong."""
    try:
        return Gtin.parse(gtin.strip()).as_gtin_14()
    except biip.ParseError as exc:
        raise InputError(field, f"is not a valid GTIN: {exc}") from None


def _elements(text: str, field: str) -> GS1ElementStrings:
    try:
        if text.startswith("("):
            return GS1Message.parse_hri(text).element_strings
        result = biip.parse(text)
    # biip 5.2 raises IndexError on a lone symbology flag ("]"): scanned text is untrusted, so
    # any parser failure is the input's, never a traceback.
    except (biip.ParseError, ValueError, IndexError) as exc:
        raise InputError(field, f"is not a GS1 barcode: {exc}") from None
    if result.gs1_message is None:
        raise InputError(field, f"is not a GS1 barcode: {result.gs1_message_error}")
    return result.gs1_message.element_strings


def _separator_warnings(text: str, elements: GS1ElementStrings) -> tuple[SeparatorWarning, ...]:
    """The last element's warning, when it is a lot or serial that may hold what followed it."""
    last = elements[-1]
    field = _VARIABLE_FIELDS.get(last.ai.ai)
    if field is None or not text.endswith(last.value):  # a separator typed after it ended it
        return ()
    hideable = _HIDDEN_ELEMENTS.keys() - {e.ai.ai for e in elements}
    start = len(text) - len(last.value)
    readings = []
    for at in range(1, len(last.value)):
        following = _hidden_elements(last.value[at:], hideable)
        if following:
            barcode = text[: start + at] + GROUP_SEPARATOR + text[start + at :]
            readings.append(Reading(last.value[:at], following, barcode))
    return (SeparatorWarning(field, last.value, tuple(readings)),) if readings else ()


def _hidden_elements(tail: str, hideable: Set[str]) -> str:
    """`tail` described as the element strings it reads as ("serial (21) SER99"), when it reads
    in full as elements of `hideable` AIs, each once; else ""."""
    if tail[:2] not in hideable:
        return ""
    try:
        found = GS1Message.parse(tail).element_strings
    except (biip.ParseError, ValueError, IndexError):
        return ""
    ais = [e.ai.ai for e in found]
    if len(set(ais)) != len(ais) or not set(ais) <= hideable:
        return ""
    return " and ".join(
        f"{_HIDDEN_ELEMENTS[e.ai.ai]} ({e.ai.ai}) {e.date.isoformat() if e.date else e.value}"
        for e in found
    )


__all__ = [
    "GROUP_SEPARATOR",
    "MAX_BARCODE_LENGTH",
    "Carrier",
    "LabelScan",
    "Reading",
    "SeparatorWarning",
    "carrier",
    "normal_gtin",
    "read_as",
    "read_label",
]
