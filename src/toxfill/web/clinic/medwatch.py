"""An adverse event's MedWatch report (Form FDA 3500) from the clinic's rows: the rows the
caller read through `scoping.py` become the core's `EventRecord`, and the core lays out the
form (toxfill.records.medwatch). Reads nothing itself beyond the rows' prefetched relations."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.utils import timezone

from toxfill.knowledge import KnowledgeBase
from toxfill.records.medwatch import (
    Course,
    EventRecord,
    MedWatchReport,
    ReportedEvent,
    ReportedLot,
    ReportedPatient,
    ReportedPoint,
    ReportingPerson,
    Severity,
    medwatch_report,
)
from toxfill.web.clinic.models import AdverseEvent, Membership, ProductLot, TreatmentSession


def event_report(
    kb: KnowledgeBase, member: Membership, event: AdverseEvent, session: TreatmentSession
) -> MedWatchReport:
    """The form for `event`, prepared by `member`; `session` is the event's own, read with its
    points and their lots. Days are the clinic's."""
    zone = ZoneInfo(member.clinic.time_zone)
    patient = event.patient
    record = EventRecord(
        clinic=member.clinic.name,
        patient=ReportedPatient(
            initials=(patient.given_name[:1] + patient.family_name[:1]).upper(),
            date_of_birth=patient.date_of_birth,
            health_factors=tuple(patient.health_factors),
            allergies=patient.allergies,
        ),
        event=ReportedEvent(
            reference=str(event.public_id),
            onset_on=event.onset_at.astimezone(zone).date(),
            symptoms=tuple(event.symptoms),
            urgency=event.urgency,
            triage_reason=_triage_reason(event),
            severity=Severity(event.severity) if event.severity else None,
            course=Course(event.outcome),
            actions=event.actions,
            hyaluronidase_units=event.hyaluronidase_units,
            reported_to_regulator=event.reported_to_regulator,
            reported_on=event.reported_on,
            voided=event.is_voided,
        ),
        treated_on=session.performed_at.astimezone(zone).date(),
        provider=_person(session.provider),
        points=tuple(
            ReportedPoint(
                product=point.product,
                zone=point.zone,
                dose=point.dose,
                unit=point.unit,
                lot=_lot(point.lot),
                concern=point.concern,
                depth=point.depth,
                dilution_ml=point.dilution_ml,
            )
            for point in session.points.all()
        ),
        recorder=_person(event.recorded_by),
        preparer=_person(member),
        prepared_on=timezone.now().astimezone(zone).date(),
    )
    return medwatch_report(kb, record)


def _triage_reason(event: AdverseEvent) -> str:
    """The first sentence of the first reason of the most urgent triage result stored with the
    event (the triage's headline is advice to the patient, not a finding)."""
    results = event.triage if isinstance(event.triage, list) else []
    reasons = results[0].get("reasons", []) if results and isinstance(results[0], dict) else []
    first = reasons[0] if reasons and isinstance(reasons[0], dict) else {}
    text = first.get("text", "")
    if not isinstance(text, str):
        return ""
    return text.split(". ", 1)[0].strip().rstrip(".")


def _lot(lot: ProductLot) -> ReportedLot:
    return ReportedLot(
        lot_number=lot.lot_number,
        expires_on=lot.expires_on,
        gtin=lot.gtin,
        serial=lot.serial,
        scanned=lot.scanned,
    )


def _person(member: Membership) -> ReportingPerson:
    return ReportingPerson(
        key=str(member.public_id),
        name=member.display_name,
        email=member.user.email,
        role=member.get_role_display(),
        licence_type=member.licence_type,
        licence_number=member.licence_number,
        licence_jurisdiction=member.licence_jurisdiction,
        npi=member.npi,
    )
