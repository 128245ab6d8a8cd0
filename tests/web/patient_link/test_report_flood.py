"""Issue 19 item 8: the patient's report cannot be used to flood the clinic. Forty consented
reports through one link in a few seconds made forty drafts and forty emails; now a link files
at most REPORTS_PER_HOUR, repeats fold into the one open draft, a provider gets at most one
email an EMAIL_INTERVAL, and every patient still gets their answer; an emergency still shows
on the dashboard at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from toxfill.web.clinic.models import AdverseEvent, Membership, Severity, TreatmentSession
from toxfill.web.patient_link.actions import (
    EMAIL_INTERVAL,
    REPORTS_PER_HOUR,
    email_all_waiting_reports,
)
from toxfill.web.patient_link.models import Notification, PatientReport

FLOOD = 40


@pytest.fixture(autouse=True)
def _paula_has_an_email_address(dilution: TreatmentSession) -> None:
    """Paula, who treated Ana and reviews her reports, reads email."""
    paula = dilution.provider.user
    paula.email = "paula@example.org"
    paula.save(update_fields=["email"])


def _answers(session: TreatmentSession, **more: object) -> dict[str, object]:
    return {
        "session": str(session.public_id),
        "treatments": "botulinum-toxin",
        "days_since": "10",
        "consent": "send",
        **more,
    }


def _drafts(session: TreatmentSession) -> list[AdverseEvent]:
    return list(AdverseEvent.objects.filter(session=session, actions__startswith="Draft:"))


def _flood(ana: Client, session: TreatmentSession, **answers: object) -> list[str]:
    return [
        ana.post("/p/report", _answers(session, **answers)).content.decode() for _ in range(FLOOD)
    ]


def _alarm(page: str) -> str:
    start = page.index('class="alarm"')
    return page[start : page.index("</section>", start)]


def test_it_files_at_most_the_cap_through_one_link(ana: Client, dilution: TreatmentSession) -> None:
    # when Ana sends the same report forty times in a row
    _flood(ana, dilution, symptoms=["bruising"])
    # then the clinic has the cap of reports, and one draft adverse event
    assert PatientReport.objects.count() == REPORTS_PER_HOUR
    assert len(_drafts(dilution)) == 1


def test_it_gives_every_patient_the_triage_answer_and_says_the_clinic_has_the_report(
    ana: Client, dilution: TreatmentSession
) -> None:
    """triage.yaml expected-reaction: bruising ten days after toxin is self-care."""
    pages = _flood(ana, dilution, symptoms=["bruising"])
    first = PatientReport.objects.order_by("created_at").first()
    assert first is not None
    latest = PatientReport.objects.order_by("-created_at").first()
    assert latest is not None
    assert all('data-urgency="self-care"' in page for page in pages)
    assert f': reference <strong class="tf-ref">{first.reference}' in pages[0]
    for page in pages[REPORTS_PER_HOUR:]:
        assert "already has your report, so this one was not sent again" in page
        assert latest.reference in page


def test_it_folds_repeats_into_the_open_draft_with_every_symptom_and_the_highest_urgency(
    ana: Client, dilution: TreatmentSession
) -> None:
    """triage.yaml: eyelid droop after toxin is more urgent than bruising, which is self-care."""
    # given Ana reported eyelid droop
    ana.post("/p/report", _answers(dilution, symptoms=["eyelid-droop"]))
    (draft,) = _drafts(dilution)
    droop = draft.urgency
    # when she then reports bruising, twice
    ana.post("/p/report", _answers(dilution, symptoms=["bruising"]))
    ana.post("/p/report", _answers(dilution, symptoms=["bruising"]))
    # then the one draft holds both symptoms at the higher urgency, and counts three reports
    (folded,) = _drafts(dilution)
    assert folded.pk == draft.pk
    assert folded.symptoms == ["eyelid-droop", "bruising"]
    assert folded.urgency == droop != "self-care"
    assert PatientReport.objects.filter(event=folded).count() == 3
    assert folded.history.first().history_change_reason.endswith("3 reports on this draft")


def test_it_drafts_again_once_a_clinician_has_graded_the_draft(
    ana: Client, dilution: TreatmentSession
) -> None:
    ana.post("/p/report", _answers(dilution, symptoms=["bruising"]))
    AdverseEvent.objects.filter(session=dilution, actions__startswith="Draft:").update(
        severity=Severity.MILD
    )
    ana.post("/p/report", _answers(dilution, symptoms=["bruising"]))
    assert len(_drafts(dilution)) == 2


def test_it_emails_the_provider_once_an_interval_however_many_reports(
    ana: Client, dilution: TreatmentSession
) -> None:
    _flood(ana, dilution, symptoms=["bruising"])
    assert [m.to for m in mail.outbox] == [["paula@example.org"]]
    # each filed report is still on the provider's dashboard list
    assert Notification.objects.filter(recipient=dilution.provider).count() == REPORTS_PER_HOUR


def test_it_counts_the_reports_since_in_the_next_email_once_the_interval_has_passed(
    ana: Client, dilution: TreatmentSession
) -> None:
    # given a flood, whose first report was emailed
    _flood(ana, dilution, symptoms=["bruising"])
    held = PatientReport.objects.order_by("created_at")[1:]
    # when the scheduler runs within the interval, nothing more is sent
    assert email_all_waiting_reports() == 0
    # and when it runs after the interval
    Notification.objects.filter(emailed_at__isnull=False).update(
        emailed_at=timezone.now() - EMAIL_INTERVAL - dt.timedelta(minutes=1)
    )
    assert email_all_waiting_reports() == REPORTS_PER_HOUR - 1
    # then one more email counts the reports since, by reference only
    assert len(mail.outbox) == 2
    email = mail.outbox[1]
    assert f"{REPORTS_PER_HOUR - 1} patient reports" in email.subject
    assert all(r.reference in email.body for r in held)
    assert "bruis" not in email.subject + email.body
    assert email_all_waiting_reports() == 0


def test_it_raises_an_emergency_past_the_cap_to_the_dashboard_at_once(
    ana: Client,
    dilution: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    """triage.yaml severe-allergic-reaction: trouble breathing or swallowing is an emergency."""
    # given Ana's link has filed its cap of bruising reports, and the provider had one email
    _flood(ana, dilution, symptoms=["bruising"])
    # when she then reports trouble breathing
    page = ana.post("/p/report", _answers(dilution, danger=["breathing"])).content.decode()
    # then she is told it is an emergency, and to call now
    assert 'data-urgency="emergency"' in page
    assert "call" in page.split("already has your report")[1].split("</p>")[1]
    # and the one open draft is an emergency on Paula's dashboard at once, no second email
    (draft,) = _drafts(dilution)
    assert draft.urgency == "emergency"
    dashboard = client_for(dilution.provider).get(f"/clinic/{dilution.clinic.public_id}/")
    assert "Ana Silva" in _alarm(dashboard.content.decode())
    assert len(mail.outbox) == 1


def test_it_files_an_emergency_past_the_cap_when_no_draft_is_open(
    ana: Client,
    dilution: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    # given Ana's link has filed its cap, and Paula has graded the draft
    _flood(ana, dilution, symptoms=["bruising"])
    AdverseEvent.objects.filter(session=dilution, actions__startswith="Draft:").update(
        severity=Severity.MILD
    )
    # when Ana reports trouble breathing
    ana.post("/p/report", _answers(dilution, danger=["breathing"]))
    # then it is filed past the cap, as a new emergency draft on the dashboard
    assert PatientReport.objects.count() == REPORTS_PER_HOUR + 1
    dashboard = client_for(dilution.provider).get(f"/clinic/{dilution.clinic.public_id}/")
    assert "Ana Silva" in _alarm(dashboard.content.decode())
