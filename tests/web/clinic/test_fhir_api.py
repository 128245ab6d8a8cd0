"""The read-only FHIR R4 API under /fhir/r4/: what a receiving EHR sees.

Each clinic is its own FHIR base, /fhir/r4/clinic/{clinic}: `metadata` (the CapabilityStatement,
for anyone), `Patient/{id}`, and `Patient/{id}/$everything` (a searchset of the patient's record,
the resources of the clinic's FHIR export at their addresses on this server). Read-only, JSON
only, every refusal an OperationOutcome; every read in the clinic's access log. The answers are
checked against the official FHIR R4 JSON Schema (tests/fixtures/fhir/fhir.schema.json, read
with `jsonschema`, not the `fhir.resources` models the export is built with) when that file is
there. Who may read: test_fhir_api_access.py.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.web.clinic.fhir_client import (
    FHIR_JSON,
    assert_meets_the_fhir_schema,
    fhir_base,
    fhir_get,
    fhir_token,
    origin_of,
    outcome_issue,
    read_everything,
    read_patient,
    references_in,
)
from tests.web.clinic.people import https_client

from toxfill.web.clinic.models import (
    InjectionPoint,
    Membership,
    Patient,
    PatientAccess,
    ProductLot,
    TreatmentSession,
)

Browser = Callable[[Membership], Client]


# --- metadata: the CapabilityStatement, for anyone --------------------------------------------


def test_it_describes_itself_to_anyone_without_a_token() -> None:
    # when a client asks a toxfill what it can do, without any token
    answer = fhir_get("/fhir/r4/metadata")
    # then it is a CapabilityStatement of this server: read-only Patient, and $everything
    assert answer.status_code == 200
    assert answer["Content-Type"] == FHIR_JSON
    statement = answer.json()
    assert statement["resourceType"] == "CapabilityStatement"
    assert (statement["status"], statement["kind"]) == ("active", "instance")
    assert statement["fhirVersion"] == "4.0.1"
    assert statement["format"] == ["json"]
    assert statement["implementation"]["url"] == f"{origin_of(answer)}/fhir/r4"
    (rest,) = statement["rest"]
    assert rest["mode"] == "server"
    assert rest["security"]["service"] == [{"text": "Bearer token"}]
    assert "fhir-read" in rest["security"]["description"]
    (patient,) = rest["resource"]
    assert patient["type"] == "Patient"
    assert [i["code"] for i in patient["interaction"]] == ["read"]
    assert [(o["name"], o["definition"]) for o in patient["operation"]] == [
        ("everything", "http://hl7.org/fhir/OperationDefinition/Patient-everything")
    ]


def test_it_describes_itself_at_a_clinics_base_reading_nothing(
    provider: Membership, django_assert_num_queries: Any
) -> None:
    """A client given a clinic's base asks its metadata first; the answer is the same for any
    clinic ID, one that exists or not, so it tells nobody which clinics there are."""
    base = fhir_base(provider)
    with django_assert_num_queries(0):
        here = fhir_get(f"{base}/metadata")
        nowhere = fhir_get(f"/fhir/r4/clinic/{uuid.uuid4()}/metadata")
    assert here.status_code == nowhere.status_code == 200
    assert here.json()["implementation"]["url"] == f"{origin_of(here)}{base}"
    assert {**here.json(), "implementation": None} == {**nowhere.json(), "implementation": None}


def test_the_capability_statement_meets_the_fhir_schema() -> None:
    assert_meets_the_fhir_schema(fhir_get("/fhir/r4/metadata").json())


# --- reading a Patient ----------------------------------------------------------------------


def test_it_reads_a_patient_with_a_fhir_read_token(provider: Membership, patient: Patient) -> None:
    # given paula's fhir-read token
    # when her EHR reads Ana
    answer = read_patient(provider, patient)
    # then it gets Ana's Patient resource, versioned
    assert answer.status_code == 200
    assert answer["Content-Type"] == FHIR_JSON
    resource = answer.json()
    assert resource["resourceType"] == "Patient"
    assert resource["id"] == str(patient.public_id)
    assert resource["name"][0]["family"] == "Silva"
    assert resource["meta"]["versionId"] == str(patient.version)
    assert answer["ETag"] == f'W/"{patient.version}"'
    assert answer["Cache-Control"] == "no-store"  # no cache on the way keeps a health record


def test_the_patient_meets_the_fhir_schema(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    assert_meets_the_fhir_schema(read_patient(provider, patient).json())


def test_it_reads_the_same_patient_alone_as_in_everything(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    alone = read_patient(provider, patient).json()
    bundle = read_everything(provider, patient).json()
    (in_bundle,) = [
        e["resource"] for e in bundle["entry"] if e["resource"]["resourceType"] == "Patient"
    ]
    assert alone == in_bundle


# --- $everything ------------------------------------------------------------------------------


def test_it_answers_everything_as_a_searchset_of_the_patients_record(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # given Ana's session (a toxin point), follow-up and adverse event
    url = f"{fhir_base(provider)}/Patient/{patient.public_id}/$everything"
    # when paula's EHR asks for everything of Ana's
    answer = fhir_get(url, fhir_token(provider))
    # then a searchset: Ana the match, the rest of her record included with her
    assert answer.status_code == 200
    assert answer["Content-Type"] == FHIR_JSON
    bundle = answer.json()
    assert bundle["type"] == "searchset"
    assert bundle["link"] == [{"relation": "self", "url": f"{origin_of(answer)}{url}"}]
    modes = Counter((e["resource"]["resourceType"], e["search"]["mode"]) for e in bundle["entry"])
    assert modes == {
        ("Patient", "match"): 1,
        ("Practitioner", "include"): 1,
        ("Procedure", "include"): 1,
        ("MedicationAdministration", "include"): 1,
        ("Medication", "include"): 1,  # the lot given
        ("AdverseEvent", "include"): 1,
        ("ServiceRequest", "include"): 1,  # the follow-up, due: not yet an Appointment
    }
    # Bundle.total counts the matches, not what was included with them
    assert bundle["total"] == 1


def test_everything_names_each_resource_by_its_address_on_this_server(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    """As a FHIR server answers: fullUrl is [base]/[type]/[id], and a reference between the
    resources is [type]/[id], resolved against that base: none is left as a urn:uuid."""
    answer = read_everything(provider, patient)
    bundle = answer.json()
    base = f"{origin_of(answer)}{fhir_base(provider)}/"
    addresses = [e["fullUrl"] for e in bundle["entry"]]
    assert len(set(addresses)) == len(addresses)
    for entry in bundle["entry"]:
        resource = entry["resource"]
        assert entry["fullUrl"] == f"{base}{resource['resourceType']}/{resource['id']}"
    references = {r for e in bundle["entry"] for r in references_in(e["resource"])}
    assert references
    assert {base + r for r in references} <= set(addresses)


def test_everything_holds_what_the_clinics_export_holds(
    provider: Membership, patient: Patient, charted: TreatmentSession, client_for: Browser
) -> None:
    # given the FHIR file the clinic's export page gives of Ana
    export = client_for(provider).get(
        f"/clinic/{provider.clinic.public_id}/patients/{patient.public_id}/fhir.json"
    )
    # when her record is read through the FHIR API
    bundle = read_everything(provider, patient).json()
    # then it holds the same resources

    def held(entries: list[dict[str, Any]]) -> set[tuple[str, str]]:
        return {(e["resource"]["resourceType"], e["resource"]["id"]) for e in entries}

    assert held(bundle["entry"]) == held(json.loads(export.content)["entry"])


def test_the_searchset_meets_the_fhir_schema(
    provider: Membership,
    manager: Membership,
    patient: Patient,
    charted: TreatmentSession,
    voluma_lot: ProductLot,
) -> None:
    # given a filler syringe in the session too (a Device)
    InjectionPoint.objects.create(
        clinic_id=provider.clinic_id, session=charted, zone="upper-lip",
        product="juvederm-voluma", lot=voluma_lot, dose=Decimal("0.5"), unit="mL",
    )  # fmt: skip
    assert_meets_the_fhir_schema(read_everything(provider, patient).json())


def _another_session(provider: Membership, patient: Patient, lot: ProductLot, days: int) -> None:
    session = TreatmentSession.objects.create(
        clinic_id=provider.clinic_id,
        patient=patient,
        provider=provider,
        performed_at=timezone.now() - dt.timedelta(days=days),
    )
    for zone in ("glabella", "forehead"):
        InjectionPoint.objects.create(
            clinic_id=provider.clinic_id, session=session, zone=zone, product="botox",
            lot=lot, dose=Decimal("10"), unit="U",
        )  # fmt: skip


def test_it_reads_everything_in_as_many_queries_however_long_the_record(
    provider: Membership, patient: Patient, charted: TreatmentSession, botox_lot: ProductLot
) -> None:
    url = f"{fhir_base(provider)}/Patient/{patient.public_id}/$everything"
    secret = fhir_token(provider)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as captured:
            answer = fhir_get(url, secret)
        assert answer.status_code == 200
        return len(captured), len(answer.json()["entry"])

    # given Ana's one session, then six more
    short, short_entries = queries()
    for days in range(20, 26):
        _another_session(provider, patient, botox_lot, days)
    long, long_entries = queries()
    # then the longer record has more entries, read in as many queries
    assert long_entries == short_entries + 6 * 3  # a Procedure and two doses each
    assert long == short


# --- read-only, JSON only ---------------------------------------------------------------------


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
@pytest.mark.parametrize("where", ["/Patient/{id}", "/Patient/{id}/$everything", "/Patient"])
def test_it_refuses_every_write(
    method: str, where: str, provider: Membership, patient: Patient
) -> None:
    url = fhir_base(provider) + where.format(id=patient.public_id)
    answer = getattr(https_client(enforce_csrf_checks=True), method)(
        url,
        {"resourceType": "Patient"},
        content_type="application/fhir+json",
        headers={"Authorization": f"Bearer {fhir_token(provider)}"},
    )
    assert answer.status_code == 405
    assert answer["Allow"] == "GET"
    assert outcome_issue(answer)["code"] == "not-supported"
    assert Patient.objects.count() == 1
    assert not PatientAccess.objects.exists()


def test_it_logs_each_read_as_the_clinics_exports_do(
    provider: Membership, patient: Patient, charted: TreatmentSession
) -> None:
    # when paula's EHR reads Ana, then everything of hers
    assert read_patient(provider, patient).status_code == 200
    assert read_everything(provider, patient).status_code == 200
    # then the clinic's access log has both, by paula
    logged = PatientAccess.objects.filter(clinic_id=provider.clinic_id).order_by("id")
    assert list(logged.values_list("member_id", "patient_id", "what")) == [
        (provider.id, patient.id, "fhir read"),
        (provider.id, patient.id, "fhir everything"),
    ]


@pytest.mark.parametrize(
    "asked",
    [
        pytest.param({"_format": "json"}, id="format_json"),
        pytest.param({"_format": "application/fhir+json"}, id="format_fhir_json"),
        pytest.param({"_format": "application/json"}, id="format_json_media_type"),
        pytest.param({"Accept": "application/fhir+json"}, id="accept_fhir_json"),
        pytest.param({"Accept": "application/json"}, id="accept_json"),
        pytest.param({"Accept": "text/html,application/xml;q=0.9,*/*;q=0.8"}, id="a_browser"),
        pytest.param({"Accept": "application/fhir+xml", "_format": "json"}, id="format_wins"),
    ],
)
def test_it_answers_json_to_whoever_accepts_it(
    asked: dict[str, str], provider: Membership, patient: Patient
) -> None:
    url = f"{fhir_base(provider)}/Patient/{patient.public_id}"
    if "_format" in asked:  # unescaped, as clients write it: its `+` arrives as a space
        url += f"?_format={asked.pop('_format')}"
    answer = fhir_get(url, fhir_token(provider), **asked)
    assert answer.status_code == 200
    assert answer["Content-Type"] == FHIR_JSON


@pytest.mark.parametrize(
    "asked",
    [
        pytest.param({"_format": "xml"}, id="format_xml"),
        pytest.param({"Accept": "application/fhir+xml"}, id="accept_xml"),
        pytest.param({"Accept": "application/json;q=0, text/turtle"}, id="json_refused"),
    ],
)
def test_it_refuses_a_client_that_accepts_no_json(
    asked: dict[str, str], provider: Membership, patient: Patient
) -> None:
    url = f"{fhir_base(provider)}/Patient/{patient.public_id}"
    if "_format" in asked:
        url += f"?_format={asked.pop('_format')}"
    answer = fhir_get(url, fhir_token(provider), **asked)
    assert answer.status_code == 406
    assert outcome_issue(answer)["code"] == "not-supported"


@pytest.mark.parametrize(
    "path",
    [
        pytest.param("/Patient?family=Silva", id="a_search"),
        pytest.param("/Procedure/{id}", id="another_type"),
        pytest.param("/Patient/{id}/_history", id="history"),
    ],
)
def test_it_says_what_it_does_not_do(path: str, provider: Membership, patient: Patient) -> None:
    answer = fhir_get(fhir_base(provider) + path.format(id=patient.public_id), fhir_token(provider))
    assert answer.status_code == 404
    assert outcome_issue(answer)["code"] == "not-supported"


def test_the_operation_outcomes_meet_the_fhir_schema(
    provider: Membership, patient: Patient
) -> None:
    assert_meets_the_fhir_schema(
        fhir_get(f"{fhir_base(provider)}/Patient/{patient.public_id}").json()
    )
