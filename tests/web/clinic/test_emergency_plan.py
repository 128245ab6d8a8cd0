"""Issue 22 item 3: the adverse-event page gives the team the clinic's own emergency plan (its
hyaluronidase protocol in its own words) and the people to call as one-tap `tel:` buttons,
above the cited steps; a manager keeps both on the members page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from toxfill.errors import InputError
from toxfill.web.clinic.actions.clinics import set_emergency_plan
from toxfill.web.clinic.models import AdverseEvent, Clinic, Membership, TreatmentSession
from toxfill.web.clinic.roles import NotAllowed

PROTOCOL = "Hyaluronidase: treatment room 2 fridge.\nThe senior injector gives it."
FORM = {
    "protocol": PROTOCOL,
    "contact_name_1": "Senior injector on call",
    "contact_phone_1": "+1 555 010 0111",
    "contact_name_2": "",
    "contact_phone_2": "",
    "contact_name_3": "Medical director",
    "contact_phone_3": "+1 (555) 010-0122",
}


def _url(member: Membership, path: str) -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


def test_a_manager_keeps_the_protocol_and_the_people_to_call(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    answer = client_for(manager).post(_url(manager, "members/emergency-plan"), FORM)
    assert answer.status_code == 302
    clinic = Clinic.objects.get(pk=manager.clinic_id)
    assert clinic.emergency_protocol == PROTOCOL
    assert clinic.escalation_contacts == [
        {"name": "Senior injector on call", "phone": "+1 555 010 0111"},
        {"name": "Medical director", "phone": "+1 (555) 010-0122"},
    ]
    # the change is in the clinic's history, with who made it
    latest = clinic.history.latest()
    assert latest.history_user_id == manager.user_id
    assert latest.escalation_contacts == clinic.escalation_contacts
    page = client_for(manager).get(_url(manager, "members/")).content.decode()
    assert 'value="Medical director"' in page


def test_a_contact_without_a_number_is_refused_naming_the_row_and_keeping_the_form(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    form = {**FORM, "contact_phone_3": ""}
    answer = client_for(manager).post(_url(manager, "members/emergency-plan"), form)
    assert answer.status_code == 422
    page = answer.content.decode()
    assert "Not changed: Person 3, phone: is required for &#x27;Medical director&#x27;." in page
    assert 'value="Senior injector on call"' in page  # what was typed is not lost
    assert Clinic.objects.get(pk=manager.clinic_id).escalation_contacts is None


def test_only_a_manager_changes_it(provider: Membership) -> None:
    with pytest.raises(NotAllowed):
        set_emergency_plan(provider, protocol=PROTOCOL, contacts=[])
    with pytest.raises(InputError):
        set_emergency_plan(
            Membership.objects.get(clinic=provider.clinic, role="manager"),
            protocol="x" * 2001,
            contacts=[],
        )


def _event_page(
    provider: Membership, session: TreatmentSession, client: Client, symptoms: list[str]
) -> str:
    client.post(
        _url(provider, f"sessions/{session.public_id}/events/new/"),
        {"onset_at": dt.datetime.now().strftime("%Y-%m-%dT%H:%M"), "symptom": symptoms},
    )
    event = AdverseEvent.objects.get(symptoms=symptoms)
    return client.get(_url(provider, f"events/{event.public_id}/")).content.decode()


def test_the_event_page_puts_the_clinics_plan_and_calls_above_the_cited_steps(
    manager: Membership,
    provider: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    """TOX-BOX-1: the team's steps for toxin spread; the clinic's plan comes first."""
    client_for(manager).post(_url(manager, "members/emergency-plan"), FORM)
    page = _event_page(provider, charted, client_for(provider), ["difficulty-breathing"])
    team = page.split('<h2 id="team-h">For the team</h2>', 1)[1].split("</section>", 1)[0]
    assert "Hyaluronidase: treatment room 2 fridge.<br>The senior injector gives it." in team
    assert 'href="tel:+15550100111">Senior injector on call: +1 555 010 0111</a>' in team
    assert 'href="tel:+1(555)010-0122">Medical director: +1 (555) 010-0122</a>' in team
    assert team.index("protocol") < team.index("Difficulty swallowing or breathing")


def test_without_a_plan_the_team_is_told_who_can_add_one(
    provider: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    page = _event_page(provider, charted, client_for(provider), ["difficulty-breathing"])
    assert "has no emergency plan of its own on file: a manager can add" in page
