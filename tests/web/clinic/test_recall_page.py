"""A lot's recall on its page: one row per patient who received it, however many sessions,
with a "reached" tick the clinic keeps, who ticked it and when (issue 22)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.web.clinic.actions.patients import register_patient
from toxfill.web.clinic.actions.recall import mark_recall_contact
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.errors import NotAllowed
from toxfill.web.clinic.models import Membership, Patient, ProductLot, RecallContact


def _chart(provider: Membership, patient: Patient, lot: ProductLot, minutes_ago: int) -> None:
    chart_session(
        provider,
        patient.public_id,
        performed_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        points=[PointInput(zone="glabella", product="botox", lot=lot.public_id, dose=Decimal(20))],
        # a second session the same day: a touch-up, with the reason the label asks for
        override_reasons={"retreatment-interval": "Touch-up: uneven result."},
    )


def _lot_page(member: Membership, lot: ProductLot) -> str:
    return f"/clinic/{member.clinic.public_id}/lots/{lot.public_id}/"


def test_each_patient_is_one_row_with_their_sessions_and_total(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    _chart(provider, patient, botox_lot, minutes_ago=90)
    _chart(provider, patient, botox_lot, minutes_ago=10)

    page = client_for(provider).get(_lot_page(provider, botox_lot)).content.decode()

    assert page.count('<tr id="recall-') == 1
    assert "1 patient (2 injection points); 0 reached so far" in page
    row = page.split(f'<tr id="recall-{patient.public_id}">', 1)[1].split("</tr>", 1)[0]
    assert "<td>2: " in row  # two sessions, first to last
    assert '<td class="num">40 U</td>' in row
    assert "Mark reached" in row


def test_a_tick_is_kept_with_who_and_when_and_can_be_undone(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    _chart(provider, patient, botox_lot, minutes_ago=5)
    client = client_for(provider)
    tick = f"{_lot_page(provider, botox_lot)}recall/{patient.public_id}/reached"

    answer = client.post(tick, {"contacted": "yes"})

    assert answer.status_code == 302
    assert answer["Location"].endswith(f"#recall-{patient.public_id}")
    contact = RecallContact.objects.get()
    assert (contact.contacted_by, contact.contacted_at is not None) == (provider, True)
    page = client.get(_lot_page(provider, botox_lot)).content.decode()
    assert "1 reached so far" in page
    # the day in the clinic's own time zone, as the page shows it (not the test machine's)
    day = timezone.localtime(contact.contacted_at, ZoneInfo(provider.clinic.time_zone))
    assert f"Yes, {day:%-d %b %Y}" in page

    client.post(tick, {"contacted": "no"})
    contact.refresh_from_db()
    assert contact.contacted_at is None
    assert [h.history_change_reason for h in contact.history.all()] == [
        "recall: not reached after all",
        "recall: reached",
    ]


def test_only_those_who_work_a_recall_tick_and_only_patients_of_the_lot(
    provider: Membership,
    front_desk: Membership,
    manager: Membership,
    auditor: Membership,
    patient: Patient,
    botox_lot: ProductLot,
) -> None:
    _chart(provider, patient, botox_lot, minutes_ago=5)
    mark_recall_contact(manager, botox_lot.public_id, patient.public_id, contacted=True)
    for role in (front_desk, auditor):
        with pytest.raises(NotAllowed):
            mark_recall_contact(role, botox_lot.public_id, patient.public_id, contacted=True)
    stranger = register_patient(
        front_desk, given_name="Ben", family_name="Okafor", date_of_birth=dt.date(1980, 5, 1)
    )
    with pytest.raises(InputError, match="did not receive this lot"):
        mark_recall_contact(provider, botox_lot.public_id, stranger.public_id, contacted=True)
