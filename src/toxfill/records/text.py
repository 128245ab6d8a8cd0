"""Names and label codes in a record: text that reads the same to every reader.

A control character (a line break, a tab, NUL) or a bidirectional override, embedding or
isolate (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) in a name changes what a screen,
a header, a CSV file or a printed recall letter shows (U+202E before "avlis" shows "silva").
Names refuse them. A lot number or serial is a code printed on a label: it holds only the
characters a GS1 label can hold (GS1 character set 82), less the double quote, which no label
in a clinic's hands needs and which breaks out of every quoted field it is written into.
"""

from __future__ import annotations

import re
import unicodedata

from toxfill.errors import InputError, shown

BIDI_CONTROLS = frozenset(
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200e\u200f\u061c"  # left-to-right, right-to-left and Arabic letter marks
)
"""Characters that reorder or hide the text around them."""

_LINE_BREAKS = frozenset({"Cc", "Zl", "Zp"})  # controls, and the line and paragraph separators

LABEL_CODE_CHARACTERS = "letters A-Z and a-z, digits and ! % & ' ( ) * + , - . / : ; < = > ? _"
# GS1 set 82 without the double quote: "%-?" is the ASCII run from % to ? (digits included)
_LABEL_CODE = re.compile(r"[!%-?A-Z_a-z]+")


def hidden_character(value: str) -> str | None:
    """The first character of `value` that a reader cannot see for what it is, as U+XXXX;
    None when there is none."""
    for character in value:
        if character in BIDI_CONTROLS or unicodedata.category(character) in _LINE_BREAKS:
            return f"U+{ord(character):04X}"
    return None


def check_name(field: str, value: str) -> str:
    """`value`, a person's name, if it holds no control or bidirectional-override character;
    else InputError naming `field`."""
    found = hidden_character(value)
    if found is not None:
        raise InputError(
            field,
            f"holds the invisible character {found}: a name is written without control "
            "characters (line breaks, tabs) or direction marks (U+202A-U+202E, U+2066-U+2069, "
            "U+200E, U+200F, U+061C); letters of any script, spaces, hyphens and apostrophes "
            "are fine",
        )
    return value


def check_label_code(field: str, value: str) -> str:
    """`value`, a lot number or serial, if it is empty or holds only the characters a GS1
    label holds (less the double quote); else InputError naming `field`."""
    if value and not _LABEL_CODE.fullmatch(value):
        raise InputError(
            field,
            f"{shown(value)} is not a code a product label prints: use only "
            f"{LABEL_CODE_CHARACTERS}, with no spaces, double quotes or line breaks",
        )
    return value
