"""A clinic's phone number as patients see it and as a phone dials it.

RFC 3966 (the `tel` URI, https://www.rfc-editor.org/rfc/rfc3966): a global number starts with
`+` and its country code; a number dialled as written is a local one. Its visual separators
(`-`, `.`, `(`, `)`) may stay in the URI; a space may not, so the dialled form drops spaces
and keeps the rest. A number is kept as the clinic typed it, to be read aloud; only the
characters a phone can dial are accepted.
"""

from __future__ import annotations

import re

from toxfill.errors import InputError, shown

# Digits with the separators people type between them; an optional leading + (a country code).
_PHONE = re.compile(r"\+?[0-9][0-9 ().\-]*[0-9]")
MIN_DIGITS = 3  # 111, 911: the shortest numbers a clinic might give
MAX_DIGITS = 15  # ITU-T E.164: no number is longer
MAX_OUT_OF_HOURS = 300


def checked_phone(value: str) -> str:
    """`value` as a phone number a patient can dial (blank stays blank), or InputError naming
    `phone` and what a valid one looks like."""
    phone = " ".join(value.split())
    if not phone:
        return ""
    digits = sum(c.isdigit() for c in phone)
    if not _PHONE.fullmatch(phone) or not MIN_DIGITS <= digits <= MAX_DIGITS:
        raise InputError(
            "phone",
            f"{shown(phone)} is not a phone number: use digits, spaces, brackets and dashes, "
            f"with {MIN_DIGITS} to {MAX_DIGITS} digits and an optional + and country code, "
            "e.g. +1 555 010 0199",
        )
    return phone


def checked_out_of_hours(value: str) -> str:
    """What the clinic tells a patient outside its hours, one paragraph of plain text."""
    text = " ".join(value.split())
    if len(text) > MAX_OUT_OF_HOURS:
        raise InputError("out_of_hours", f"is {len(text)} characters: at most {MAX_OUT_OF_HOURS}")
    return text


def tel_uri(phone: str) -> str:
    """The `tel:` address of a number `checked_phone` accepted (spaces are not allowed in it)."""
    return "tel:" + phone.replace(" ", "")
