"""A clinic's phone number, checked and made a tel: address (RFC 3966: no spaces in the URI)."""

from __future__ import annotations

import pytest

from toxfill.errors import InputError
from toxfill.records import checked_out_of_hours, checked_phone, tel_uri


@pytest.mark.parametrize(
    ("typed", "kept", "tel"),
    [
        ("+1 (555) 010-0199", "+1 (555) 010-0199", "tel:+1(555)010-0199"),
        ("  020  7946 0018 ", "020 7946 0018", "tel:02079460018"),
        ("111", "111", "tel:111"),
        ("03.9999.0000", "03.9999.0000", "tel:03.9999.0000"),
    ],
)
def test_a_number_is_kept_as_typed_and_dialled_without_spaces(
    typed: str, kept: str, tel: str
) -> None:
    assert checked_phone(typed) == kept
    assert tel_uri(kept) == tel


@pytest.mark.parametrize(
    "typed", ["call Sue", "12", "+1 555 0100 0199 0000 12", "555-0199 ext. 4", "++1 555", "(555"]
)
def test_what_a_phone_cannot_dial_is_refused_naming_the_field(typed: str) -> None:
    with pytest.raises(InputError) as refused:
        checked_phone(typed)
    assert refused.value.field == "phone"
    assert "e.g. +1 555 010 0199" in refused.value.problem


def test_blank_stays_blank_and_out_of_hours_is_one_paragraph() -> None:
    assert checked_phone("  ") == ""
    assert checked_out_of_hours(" Closed\n after 6 pm. ") == "Closed after 6 pm."
    with pytest.raises(InputError) as long:
        checked_out_of_hours("x" * 301)
    assert long.value.field == "out_of_hours"
