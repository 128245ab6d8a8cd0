"""A clinic's own emergency plan, shown to its team on an adverse event beside the cited steps:
its protocol in its own words (where the hyaluronidase is kept, the dose its protocol sets for
vascular compromise, who gives it) and the people to call, each a number a phone dials.

The knowledge base says what to do and cites why; only the clinic can say where its enzyme is
and whom to call at ten at night. toxfill keeps the clinic's words as written and checks only
their shape: the plan is the clinic's, not a clinical statement toxfill makes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from toxfill.errors import InputError, shown
from toxfill.records.phone import checked_phone, tel_uri

MAX_PROTOCOL = 2000
MAX_CONTACTS = 5
MAX_CONTACT_NAME = 100


@dataclass(frozen=True)
class EscalationContact:
    name: str  # who they are to the team, e.g. "On-call physician, Dr Rivera"
    phone: str  # as typed, checked by checked_phone

    @property
    def tel(self) -> str:
        return tel_uri(self.phone)

    def as_json(self) -> dict[str, str]:
        return {"name": self.name, "phone": self.phone}


def checked_protocol(value: str) -> str:
    """The clinic's protocol as plain text: line breaks kept (a protocol is a list of steps),
    trailing spaces and blank runs dropped; at most MAX_PROTOCOL characters."""
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
    text = "\n".join(lines).strip("\n")
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    if len(text) > MAX_PROTOCOL:
        raise InputError("protocol", f"is {len(text)} characters: at most {MAX_PROTOCOL}")
    return text


def checked_contacts(rows: Iterable[Mapping[str, str]]) -> tuple[EscalationContact, ...]:
    """The contacts filled in, in the order given; a row left wholly blank is skipped. A row
    with a name and no number (or a number and no name) is refused, naming the row's field
    (`contacts[2].phone`), since a contact nobody can call is no contact in an emergency."""
    contacts = []
    for number, row in enumerate(rows, start=1):
        name = " ".join(str(row.get("name", "")).split())
        phone = " ".join(str(row.get("phone", "")).split())
        if not name and not phone:
            continue
        field = f"contacts[{number}]"
        if not name:
            raise InputError(f"{field}.name", "is required with a phone number: say who answers")
        if len(name) > MAX_CONTACT_NAME:
            raise InputError(
                f"{field}.name", f"is {len(name)} characters: at most {MAX_CONTACT_NAME}"
            )
        if not phone:
            raise InputError(f"{field}.phone", f"is required for {shown(name)}")
        try:
            phone = checked_phone(phone)
        except InputError as exc:
            raise InputError(f"{field}.phone", exc.problem) from None
        contacts.append(EscalationContact(name=name, phone=phone))
    if len(contacts) > MAX_CONTACTS:
        raise InputError("contacts", f"has {len(contacts)} people: at most {MAX_CONTACTS}")
    return tuple(contacts)
