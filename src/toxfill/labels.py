"""Product labels: the GS1 barcode a handheld scanner types, read into GTIN, lot, expiry, serial.

A scanner in keyboard mode types a GS1 element string: application identifiers (AI) and their
data, with the group separator (ASCII 29, FNC1 in the symbol) after each variable-length field,
sometimes after a symbology prefix such as "]d2" (GS1 DataMatrix). People type the same data in
its printed form, with the AIs in parentheses: (01)00301234567890(17)261130(10)AB123.
The AIs read here: 01 GTIN, 17 expiry (YYMMDD), 10 lot, 21 serial. Parsing is the `biip`
library's; this module only says what a clinic needs from it, and refuses what it cannot trust.
"""

from __future__ import annotations

import datetime as dt
import re
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


@dataclass(frozen=True)
class LabelScan:
    """What a product label's barcode says; `gtin` always has 14 digits."""

    gtin: str
    lot: str = ""
    expires_on: dt.date | None = None
    serial: str = ""


def read_label(barcode: str, field: str = "barcode") -> LabelScan:
    """The GTIN, lot, expiry and serial in a scanned or typed GS1 barcode.

    A bare GTIN (8, 12, 13 or 14 digits, as on a retail carton) is read too. Raises InputError
    naming `field` when the text is not a GS1 barcode, has no GTIN, or a check digit is wrong.
    """
    text = barcode.strip()
    for lookalike in _SEPARATOR_LOOKALIKES:
        text = text.replace(lookalike, GROUP_SEPARATOR)
    if not text:
        raise InputError(field, "is empty: scan the label's barcode or type the lot by hand")
    if len(text) > MAX_BARCODE_LENGTH:
        raise InputError(field, f"is longer than a product label's barcode can be: {shown(text)}")
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
    )


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


__all__ = ["GROUP_SEPARATOR", "LabelScan", "normal_gtin", "read_label"]
