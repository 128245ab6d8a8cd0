"""Report a problem through the link: the public triage, filled in from the record; sent to the
clinic as a draft adverse event only with consent; emergencies reach the provider at once."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client

from toxfill.web.clinic.models import AdverseEvent, Membership, TreatmentSession
from toxfill.web.patient_link.inbox import open_reports
from toxfill.web.patient_link.models import Notification, PatientReport


def test_it_opens_with_the_treatment_and_days_since_filled_in(
    ana: Client, dilution: TreatmentSession
) -> None:
    page = ana.get("/p/report?step=symptoms").content.decode()
    assert 'name="treatments" value="botulinum-toxin"' in page
    assert 'name="days_since" id="id_days_since" min="0" inputmode="numeric" value="10"' in page
    assert f'name="session" value="{dilution.public_id}"' in page


def test_it_opens_with_the_charted_zone_as_the_place(
    ana: Client, dilution: TreatmentSession
) -> None:
    """Issue 18: the link's report names the place as the record charts it."""
    zones = {p.zone for p in dilution.points.all()}

    page = ana.get("/p/report").content.decode()

    assert len(zones) == 1
    assert f'<input type="hidden" name="zone" value="{zones.pop()}">' in page


def _answers(session: TreatmentSession, **more: object) -> dict[str, object]:
    return {
        "session": str(session.public_id),
        "treatments": "botulinum-toxin",
        "days_since": "10",
        **more,
    }


def test_it_shows_the_public_pages_urgency_and_files_nothing_without_consent(
    ana: Client, dilution: TreatmentSession
) -> None:
    """triage.yaml expected-reaction: bruising ten days after toxin is self-care."""
    page = ana.post("/p/report", _answers(dilution, symptoms=["bruising"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-urgency="self-care"' in text
    assert "Nothing was sent" in text
    assert not PatientReport.objects.exists()
    assert AdverseEvent.objects.filter(session=dilution).count() == 1  # the charted one only


def test_it_files_a_draft_adverse_event_linked_to_session_and_lot_with_consent(
    ana: Client, dilution: TreatmentSession
) -> None:
    page = ana.post("/p/report", _answers(dilution, symptoms=["eyelid-droop"], consent="send"))
    report = PatientReport.objects.get()
    assert report.reference in page.content.decode()
    assert report.session == dilution
    assert report.lot is not None
    assert report.lot.lot_number == "C1234A"
    event = report.event
    assert event is not None
    assert event.session == dilution
    assert event.symptoms == ["eyelid-droop"]
    assert event.severity == ""  # a draft: the clinician grades it
    assert event.actions.startswith("Draft: reported by the patient")


def test_it_flags_an_emergency_and_tells_the_provider_without_health_details(
    ana: Client, dilution: TreatmentSession, caplog: pytest.LogCaptureFixture
) -> None:
    """triage.yaml severe-allergic-reaction: trouble breathing or swallowing is an emergency."""
    # given Paula, who treated Ana, has an email address on her account
    paula = dilution.provider.user
    paula.email = "paula@example.org"
    paula.save(update_fields=["email"])
    caplog.set_level(logging.INFO, logger="toxfill.patient_link")
    page = ana.post(
        "/p/report",
        _answers(dilution, danger=["breathing"], consent="send"),
    )
    text = page.content.decode()
    assert 'data-urgency="emergency"' in text
    report = PatientReport.objects.get()
    assert report.urgency == "emergency"
    note = Notification.objects.get()
    assert note.recipient == dilution.provider
    assert next(r.reference for r in open_reports(dilution.provider)) == report.reference
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["paula@example.org"]
    body = mail.outbox[0].subject + mail.outbox[0].body + caplog.text
    for private in ("breath", "Ana", "Silva", "botulinum", "Botox"):
        assert private not in body


def test_it_puts_emergencies_first_on_the_dashboard_list(
    ana: Client, dilution: TreatmentSession
) -> None:
    """triage.yaml severe-allergic-reaction makes the breathing report the one emergency."""
    ana.post("/p/report", _answers(dilution, symptoms=["bruising"], consent="send"))
    ana.post("/p/report", _answers(dilution, danger=["breathing"], consent="send"))
    ana.post("/p/report", _answers(dilution, symptoms=["headache"], consent="send"))
    urgencies = [r.urgency for r in open_reports(dilution.provider)]
    assert urgencies[0] == "emergency"


def test_it_asks_again_when_nothing_is_ticked(ana: Client, dilution: TreatmentSession) -> None:
    page = ana.post("/p/report", _answers(dilution, consent="send"))
    assert page.status_code == 422
    assert "Choose at least one thing you notice." in page.content.decode()
    assert not PatientReport.objects.exists()


def test_it_raises_an_emergency_to_the_top_of_the_providers_dashboard(
    ana: Client,
    dilution: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    # when Ana reports trouble breathing and sends it
    ana.post("/p/report", _answers(dilution, danger=["breathing"], consent="send"))
    # then Paula's dashboard opens with it in its emergency alert
    page = client_for(dilution.provider).get(f"/clinic/{dilution.clinic.public_id}/")
    text = page.content.decode()
    alarm = text[
        text.index('class="alarm"') : text.index("</section>", text.index('class="alarm"'))
    ]
    assert "Ana Silva" in alarm


def test_it_sends_the_same_answers_when_the_patient_agrees_afterwards(
    ana: Client, dilution: TreatmentSession
) -> None:
    # given Ana first kept her answers to herself
    page = ana.post("/p/report", _answers(dilution, symptoms=["swelling", "bruising"]))
    text = page.content.decode()
    form = text[text.index('<form method="post" action="/p/report">') :]
    hidden = re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)">', form)
    # when she ticks "send" on the answer page
    answers: dict[str, list[str]] = {}
    for name, value in hidden:
        if name != "csrfmiddlewaretoken":
            answers.setdefault(name, []).append(value)
    ana.post("/p/report", {**answers, "consent": "send"})
    # then the clinic gets exactly those answers
    assert PatientReport.objects.get().symptoms == ["swelling", "bruising"]
