"""What the FHIR API reads, through the clinic-scoped helpers, each read logged as the
clinic's exports log theirs (PatientAccess, `what`)."""

from __future__ import annotations

import json
import uuid
from typing import Any

from toxfill.web.clinic import fhir, scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.fhir_api.formats import FhirProblem
from toxfill.web.clinic.models import Membership, Patient
from toxfill.web.clinic.roles import Permission, require


def _current(member: Membership, patient_id: uuid.UUID) -> Patient:
    """The clinic's patient (404 for a missing one and another clinic's alike); a voided record
    is gone (410), as a deleted resource is on a FHIR server: nothing of it is shown."""
    patient = scoping.patient(member, patient_id)
    if patient.voided_at is not None:
        raise FhirProblem(410, "deleted", "this patient's record was voided at the clinic")
    return patient


def _document(exported: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(exported)
    return loaded


def patient_alone(member: Membership, patient_id: uuid.UUID) -> tuple[Patient, dict[str, Any]]:
    """The patient, and the export's Bundle holding their Patient resource (no treatments:
    the read needs none). For the roles that see patients; logged as `fhir read`."""
    patient = _current(member, patient_id)
    record_patient_view(member, patient, "fhir read")
    bundle = fhir.patient_bundle(patient, sessions=(), audience=fhir.Audience.CLINIC)
    return patient, _document(fhir.bundle_json(bundle))


def patient_record(member: Membership, patient_id: uuid.UUID) -> tuple[Patient, dict[str, Any]]:
    """The patient, and the export's Bundle of their whole record, read in the same few
    queries however long it is. For the roles that see treatments (asked before the patient
    is looked up); logged as `fhir everything`."""
    require(member, Permission.VIEW_CLINICAL)
    patient = _current(member, patient_id)
    record_patient_view(member, patient, "fhir everything")
    bundle = fhir.patient_bundle(
        patient,
        sessions=scoping.sessions(member).filter(patient=patient).order_by("performed_at"),
        followups=scoping.followups(member).filter(patient=patient).order_by("due_on"),
        events=scoping.events(member).filter(patient=patient).order_by("onset_at"),
        audience=fhir.Audience.CLINIC,
    )
    return patient, _document(fhir.bundle_json(bundle))
