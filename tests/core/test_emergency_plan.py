"""The clinic's own emergency plan is kept as the clinic wrote it, checked only for shape: a
contact nobody can call is refused, naming the row and the field."""

from __future__ import annotations

import pytest

from toxfill.errors import InputError
from toxfill.records import EscalationContact, checked_contacts, checked_protocol
from toxfill.records.emergency_plan import MAX_CONTACTS, MAX_PROTOCOL


def test_a_protocol_keeps_its_lines_and_drops_stray_spacing() -> None:
    given = "  Hyaluronidase:  room 2 fridge \r\n\r\n\r\n\r\nCall   the senior injector.  \n"
    assert checked_protocol(given) == "Hyaluronidase: room 2 fridge\n\nCall the senior injector."


def test_a_protocol_too_long_is_refused_with_its_length() -> None:
    with pytest.raises(InputError) as refused:
        checked_protocol("x" * (MAX_PROTOCOL + 1))
    assert refused.value.field == "protocol"
    assert f"at most {MAX_PROTOCOL}" in refused.value.problem


def test_contacts_keep_their_order_skip_blank_rows_and_dial_without_spaces() -> None:
    rows = [
        {"name": "", "phone": "  "},
        {"name": " Medical  director ", "phone": "+1 (555) 010-0122"},
        {"name": "Senior injector", "phone": "555 0111"},
    ]
    assert checked_contacts(rows) == (
        EscalationContact("Medical director", "+1 (555) 010-0122"),
        EscalationContact("Senior injector", "555 0111"),
    )
    assert checked_contacts(rows)[0].tel == "tel:+1(555)010-0122"


@pytest.mark.parametrize(
    ("row", "field", "says"),
    [
        ({"name": "On call", "phone": ""}, "contacts[2].phone", "is required for 'On call'"),
        ({"name": "", "phone": "555 0111"}, "contacts[2].name", "say who answers"),
        ({"name": "On call", "phone": "ring Sue"}, "contacts[2].phone", "is not a phone number"),
        ({"name": "x" * 101, "phone": "555 0111"}, "contacts[2].name", "at most 100"),
    ],
)
def test_a_contact_nobody_can_call_is_refused_naming_its_row(
    row: dict[str, str], field: str, says: str
) -> None:
    with pytest.raises(InputError) as refused:
        checked_contacts([{"name": "Director", "phone": "555 0122"}, row])
    assert refused.value.field == field
    assert says in refused.value.problem


def test_more_people_than_the_form_holds_are_refused() -> None:
    rows = [{"name": f"Person {n}", "phone": "555 0100"} for n in range(MAX_CONTACTS + 1)]
    with pytest.raises(InputError) as refused:
        checked_contacts(rows)
    assert refused.value.field == "contacts"
