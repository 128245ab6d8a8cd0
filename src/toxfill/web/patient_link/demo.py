"""The demo's patient-reported problem: one patient, with a link, has told the clinic through
it about a headache since her last toxin visit, and it waits on the dashboard. Written when
the clinic's demo is (`demo_loaded`), through the same action a patient's report goes through.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from toxfill.knowledge import bundled_knowledge
from toxfill.triage import parse_report, triage
from toxfill.web.clinic.models import Clinic, Membership, Patient, TreatmentSession
from toxfill.web.patient_link.actions import file_patient_report, issue_patient_link

REPORTED = ("headache",)
PATIENT_ORDER = 2  # the third demo patient: the first two are in the clinic today


def report_a_demo_problem(clinic: Clinic, today: dt.date, **_: Any) -> None:
    patients = list(Patient.objects.filter(clinic_id=clinic.pk).order_by("id")[:3])
    if len(patients) <= PATIENT_ORDER:
        return
    patient = patients[PATIENT_ORDER]
    session = (
        TreatmentSession.objects.filter(
            clinic_id=clinic.pk, patient=patient, points__product="botox"
        )
        .order_by("-performed_at")
        .first()
    )
    if session is None:
        return
    doctor = Membership.objects.get(clinic_id=clinic.pk, user__username="demo-provider")
    link = issue_patient_link(doctor, patient.public_id).link
    days = (today - session.performed_at.astimezone(ZoneInfo(clinic.time_zone)).date()).days
    kb = bundled_knowledge()
    report = parse_report(
        kb, {"treatment": "botulinum-toxin", "days_since": days, "symptoms": list(REPORTED)}
    )
    file_patient_report(
        link,
        session,
        symptoms=list(REPORTED),
        days_since=days,
        urgency=triage(kb, report).urgency.value,
        knowledge_version=kb.version,
    )
