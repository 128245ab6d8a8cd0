"""An adverse event a patient reported through their link says so on the clinic's event page,
in the API and in the FHIR export, and still does after a clinician grades it (issue 22)."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from tests.web.clinic.fhir_conformance import problems

from toxfill.web.clinic.models import AdverseEvent, EventOrigin, Membership, TreatmentSession
from toxfill.web.patient_link.models import PatientReport


def _report(ana: Client, session: TreatmentSession) -> AdverseEvent:
    ana.post(
        "/p/report",
        {
            "session": str(session.public_id),
            "treatments": "botulinum-toxin",
            "days_since": "10",
            "symptoms": ["eyelid-droop"],
            "consent": "send",
        },
    )
    event = PatientReport.objects.get().event
    assert event is not None
    return event


def test_a_reported_event_names_the_patient_before_and_after_grading(
    ana: Client,
    dilution: TreatmentSession,
    provider: Membership,
    client_for: Callable[[Membership], Client],
) -> None:
    event = _report(ana, dilution)
    assert event.origin == EventOrigin.PATIENT_LINK
    clinic = provider.clinic.public_id
    page_url = f"/clinic/{clinic}/events/{event.public_id}/"
    client = client_for(provider)

    page = client.get(page_url).content.decode()
    assert "<dt>Reported by</dt><dd>The patient, through their link</dd>" in page
    assert "<dt>Recorded by</dt>" not in page

    # when the provider grades it, writing over the draft's actions
    client.post(
        page_url,
        {"version": event.version, "severity": "mild", "outcome": "resolved", "actions": "Seen."},
    )
    event.refresh_from_db()
    assert (event.severity, event.actions) == ("mild", "Seen.")
    # then it still says the patient reported it
    assert "The patient, through their link" in client.get(page_url).content.decode()
    found = client.get(f"/api/v1/clinic/{clinic}/events/{event.public_id}").json()
    assert found["origin"] == "patient-link"
    bundle = client.get(f"/clinic/{clinic}/patients/{event.patient.public_id}/fhir.json").json()
    reported = next(
        e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "AdverseEvent"
        and e["resource"]["id"] == str(event.public_id)
    )
    patient = next(e for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient")
    assert reported["recorder"]["reference"] == patient["fullUrl"]
    assert problems(bundle) == []  # R4's schema and invariants, US Core: a Patient may record


def test_an_event_recorded_at_the_clinic_names_who_recorded_it(
    dilution: TreatmentSession, provider: Membership, client_for: Callable[[Membership], Client]
) -> None:
    event = AdverseEvent.objects.get(session=dilution)  # the one charted with the session
    assert event.origin == EventOrigin.CLINIC
    page = (
        client_for(provider)
        .get(f"/clinic/{provider.clinic.public_id}/events/{event.public_id}/")
        .content.decode()
    )
    assert "<dt>Recorded by</dt>" in page
    assert "through their link" not in page
