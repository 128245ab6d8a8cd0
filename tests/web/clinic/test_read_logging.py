"""Every read of patient data is in the access log: each workspace page and each clinic API
GET, found from the URL patterns and the API's routes (so a new one is covered the day it is
added), opened by a role that may, logs the patients it showed, in one insert."""

from __future__ import annotations

import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from PIL import Image

from toxfill.web.api import api
from toxfill.web.clinic.actions.access import record_patients_seen
from toxfill.web.clinic.actions.patients import record_consent, register_patient
from toxfill.web.clinic.actions.photos import add_photo
from toxfill.web.clinic.fhir_api import urls as fhir_urls
from toxfill.web.clinic.models import (
    AdverseEvent,
    FollowUp,
    InjectionPoint,
    Membership,
    Patient,
    PatientAccess,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.patient_link.actions import issue_patient_link

# Pages that show no patient's data, and why. Anything else under /clinic/ must log.
PAGES_WITHOUT_PATIENT_DATA = {
    "clinic/": "picks a clinic to work in",
    "clinic/sign-in/": "the sign-in form",
    "clinic/sign-out/": "signs out",
    "clinic/sign-in/second-step/": "the sign-in's second step (a code or a passkey)",
    "clinic/sign-in/passkey/options": "a passkey challenge",
    "clinic/sign-in/passkey": "a passkey's answer",
    "clinic/two-factor/": "one's own second factors",
    "clinic/two-factor/app/": "setting up one's authenticator app",
    "clinic/two-factor/app/remove": "removing one's authenticator app",
    "clinic/two-factor/passkeys/options": "a passkey challenge",
    "clinic/two-factor/passkeys/add": "adding one's passkey",
    "clinic/two-factor/passkeys/remove": "removing one's passkey",
    "clinic/two-factor/recovery-codes": "one's own recovery codes",
    "clinic/<uuid:clinic>/members/two-factor": "a GET only redirects",
    "clinic/<uuid:clinic>/lots/": "lots and stock, no patients",
    "clinic/<uuid:clinic>/lots/scan": "the lot a scanned label names",
    "clinic/<uuid:clinic>/lots/read-label": "what a scanned label says; no patient",
    "clinic/<uuid:clinic>/lots/<uuid:lot_id>/recall/<uuid:patient_id>/reached": (
        "a GET only redirects; the lot's page logs the recall it shows"
    ),
    # As the API's access log (below): logging each reading of the log would fill it with its
    # own reading; the page is for auditors only.
    "clinic/<uuid:clinic>/access-log/": "who opened whose record, for auditors",
    "clinic/<uuid:clinic>/reports/": "counts and rates; no patient is named",
    "clinic/<uuid:clinic>/exports/": "links to the exports, which log their own reads",
    "clinic/<uuid:clinic>/follow-ups/<uuid:followup_id>/status": "a GET only redirects",
    "clinic/<uuid:clinic>/passports/import": "the form; a passport comes from outside",
    "clinic/<uuid:clinic>/members/": "the clinic's staff and its invitations",
    "clinic/<uuid:clinic>/members/invite": "a GET only redirects",
    "clinic/<uuid:clinic>/members/phone": "a GET only redirects",
    "clinic/<uuid:clinic>/members/emergency-plan": "a GET only redirects",
    "clinic/<uuid:clinic>/members/<uuid:member_id>/sign-out": "a GET only redirects",
    "clinic/<uuid:clinic>/members/<uuid:member_id>/second-factor/reset": "a GET only redirects",
    "clinic/<uuid:clinic>/chart/mixing": "units per 0.1 mL of a vial; no patient",
    "clinic/password/": "one's own password",
    "clinic/password/changed/": "one's own password",
    "clinic/browsers/": "one's own signed-in browsers",
    "clinic/confirm-password/": "one's own password, asked again",
    "clinic/operator/": "the clinics on the server and their head counts, never a patient",
    "clinic/set-password/<uidb64>/<token>/": "a new manager chooses a password",
    "clinic/sign-in/forgot/": "asks for a forgotten-password link by email address",
    "clinic/sign-in/forgot/sent/": "says a link may be on its way",
    "clinic/reset-password/<uidb64>/<token>/": "one's own new password, by the emailed link",
    "clinic/reset-password/done/": "says the password changed",
    "clinic/<uuid:clinic>/invitations/<uuid:invitation_id>/withdraw": "a GET only redirects",
    "clinic/invitations/<uuid:invitation_id>/accept": "one's own invitation; a GET redirects",
    "clinic/invitations/<uuid:invitation_id>/decline": "one's own invitation; a GET redirects",
    "clinic/<uuid:clinic>/follow-ups/calendar-names": "a GET only redirects",
    "clinic/<uuid:clinic>/follow-ups/feed/new": "a GET only redirects; a POST shows the due list",
    "clinic/<uuid:clinic>/follow-ups/feed/stop": "a GET only redirects",
    # A calendar app opens it with the feed's secret, never a session; it is the same calendar
    # as follow-ups.ics, which is opened here (test_feed_and_token_scopes.py opens the feed).
    "clinic/<uuid:clinic>/follow-ups/feed.ics": "opened with its own secret, not a session",
}

# API reads that show no patient's data, and why. Anything else under the clinic API must log.
API_WITHOUT_PATIENT_DATA = {
    "/api/v1/clinic/tokens": "the caller's own API tokens",
    "/api/v1/clinic/invitations": "the caller's own invitations to clinics",
    "/api/v1/clinic/{clinic_id}/invitations": "the clinic's invitations to staff",
    "/api/v1/clinic/{clinic_id}/calendar-feeds": "the caller's own calendar addresses",
    "/api/v1/clinic/{clinic_id}/calendar-settings": "whether the clinic's calendars name patients",
    "/api/v1/clinic/{clinic_id}/members": "the clinic's staff",
    "/api/v1/clinic/{clinic_id}/members/{member_id}": "a member of staff",
    "/api/v1/clinic/{clinic_id}/lots": "lots and stock",
    "/api/v1/clinic/{clinic_id}/lots/{lot_id}": "a lot; its recall is /sessions?lot=",
    "/api/v1/clinic/{clinic_id}/signing-keys": "the clinic's public keys",
    "/api/v1/clinic/{clinic_id}/signing-keys/jwks.json": "the same public keys, for anyone",
    # The logs themselves name patients only by their opaque IDs, for auditors; logging each
    # reading of the log would fill it with its own reading.
    "/api/v1/clinic/{clinic_id}/access-log": "who viewed whom, by opaque patient ID",
    "/api/v1/clinic/{clinic_id}/link-access-log": "link openings, by opaque patient ID",
}

# The FHIR API's routes: those that read a patient, and what each logs (test_fhir_api.py reads
# them with an EHR's token and checks the log), and those that show nobody.
FHIR_PATIENT_READS = {
    "clinic/<str:clinic_id>/Patient/<str:patient_id>": "fhir read",
    "clinic/<str:clinic_id>/Patient/<str:patient_id>/$everything": "fhir everything",
}
FHIR_WITHOUT_PATIENT_DATA = {
    "metadata": "the server's capability statement",
    "clinic/<str:clinic_id>/metadata": "the clinic's capability statement",
    "": "not supported: an OperationOutcome",
    "<path:rest>": "not supported: an OperationOutcome",
}

ROLES = ("provider", "manager", "auditor", "front_desk")  # the first that may read it is used
PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\{(\w+)\}")


def _routes(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _routes(entry, route)
        elif isinstance(entry, URLPattern):
            yield route


def workspace_pages() -> list[str]:
    return sorted(r for r in _routes(get_resolver()) if r.startswith("clinic/"))


def clinic_api_reads() -> list[str]:
    paths = api.get_openapi_schema()["paths"]
    return sorted(p for p, ops in paths.items() if p.startswith("/api/v1/clinic/") and "get" in ops)


def _jpeg() -> io.BytesIO:
    out = io.BytesIO()
    Image.new("RGB", (32, 24), (200, 150, 120)).save(out, "JPEG")
    out.seek(0)
    return out


@pytest.fixture
def bea(front_desk: Membership, provider: Membership, botox_lot: ProductLot) -> Patient:
    """Bea, a second Riverside patient treated from the same lot, with a follow-up due and
    an open adverse event: every list shows her beside Ana."""
    patient = register_patient(
        front_desk, given_name="Bea", family_name="Moreau", date_of_birth=dt.date(1979, 8, 1)
    )
    now = timezone.now()
    session = TreatmentSession.objects.create(
        clinic_id=provider.clinic_id, patient=patient, provider=provider,
        performed_at=now - dt.timedelta(days=3),
    )  # fmt: skip
    InjectionPoint.objects.create(
        clinic_id=provider.clinic_id, session=session, zone="forehead", product="botox",
        lot=botox_lot, dose=Decimal("10"), unit="U",
    )  # fmt: skip
    FollowUp.objects.create(
        clinic_id=provider.clinic_id, patient=patient, session=session,
        due_on=(now + dt.timedelta(days=2)).date(), option="botulinum-toxin", purpose="review",
    )  # fmt: skip
    AdverseEvent.objects.create(
        clinic_id=provider.clinic_id, session=session, patient=patient, onset_at=now,
        symptoms=["bruising"], urgency="self-care", recorded_by=provider,
    )  # fmt: skip
    return patient


@pytest.fixture
def records(
    provider: Membership,
    front_desk: Membership,
    manager: Membership,
    patient: Patient,
    charted: TreatmentSession,
    botox_lot: ProductLot,
    bea: Patient,
) -> dict[str, Any]:
    """The value of each URL parameter: Ana's records, at Riverside."""
    record_consent(
        front_desk, patient.public_id, treatment="photo", text_version="2026-01",
        signed_at=timezone.now() - dt.timedelta(days=1), signed_by="Ana Silva",
    )  # fmt: skip
    photo = add_photo(provider, charted.public_id, angle="front", upload=_jpeg(), size=1000)
    link = issue_patient_link(provider, patient.public_id).link
    return {
        "clinic": provider.clinic.public_id,
        "clinic_id": provider.clinic.public_id,
        "patient_id": patient.public_id,
        "session_id": charted.public_id,
        "event_id": charted.events.get().public_id,
        "lot_id": botox_lot.public_id,
        "followup_id": charted.followups.get().public_id,
        "consent_id": patient.consents.first().public_id,  # type: ignore[union-attr]
        "member_id": manager.public_id,
        "photo_id": photo.public_id,
        "size": "thumb",
        "link_id": link.public_id,
    }


def _filled(route: str, values: dict[str, Any]) -> str:
    return PARAMETER.sub(lambda m: str(values[m.group(1) or m.group(2)]), route)


def _inserts_into_the_log(captured: CaptureQueriesContext) -> int:
    table = PatientAccess._meta.db_table
    return sum(
        1
        for q in captured.captured_queries
        if q["sql"].startswith("INSERT") and f'"{table}"' in q["sql"]
    )


def _read_as_a_role_that_may(
    url: str, personas: dict[str, Membership], client_for: Callable[[Membership], Client]
) -> tuple[Membership, list[PatientAccess], int]:
    """Open the URL as the first role allowed to: who read it, what it logged, in how many
    inserts."""
    for role in ROLES:
        member = personas[role]
        before = PatientAccess.objects.order_by("-id").values_list("id", flat=True).first() or 0
        with CaptureQueriesContext(connection) as captured:
            response = client_for(member).get(url)
            if hasattr(response, "streaming_content"):
                b"".join(response.streaming_content)
        if response.status_code == 403:
            continue
        assert response.status_code == 200, (url, role, response.status_code)
        logged = list(PatientAccess.objects.filter(id__gt=before))
        return member, logged, _inserts_into_the_log(captured)
    raise AssertionError(f"no role may open {url}")


def _patients_shown(route: str, records: dict[str, Any], ana: Patient, bea: Patient) -> set[int]:
    """A route about one of Ana's records shows Ana; a list shows both."""
    about_ana = any(
        name in route for name in ("patient_id", "session_id", "event_id", "photo_id", "link_id")
    )
    return {ana.id} if about_ana else {ana.id, bea.id}


@pytest.mark.parametrize(
    "route", [r for r in workspace_pages() if r not in PAGES_WITHOUT_PATIENT_DATA]
)
def test_it_logs_the_patients_each_workspace_page_shows_in_one_insert(
    route: str,
    records: dict[str, Any],
    personas: dict[str, Membership],
    client_for: Callable[[Membership], Client],
    patient: Patient,
    bea: Patient,
) -> None:
    # given Ana and Bea with sessions, follow-ups and events, and a role that may read the page
    # when that role opens it
    member, logged, inserts = _read_as_a_role_that_may(
        "/" + _filled(route, records), personas, client_for
    )
    # then the log names the patients it showed, as that member, written in one insert
    assert {row.patient_id for row in logged} >= _patients_shown(route, records, patient, bea)
    assert {row.member_id for row in logged} == {member.id}
    assert inserts == 1


@pytest.mark.parametrize(
    "route", [r for r in clinic_api_reads() if r not in API_WITHOUT_PATIENT_DATA]
)
def test_it_logs_the_patients_each_clinic_api_read_shows_in_one_insert(
    route: str,
    records: dict[str, Any],
    personas: dict[str, Membership],
    client_for: Callable[[Membership], Client],
    patient: Patient,
    bea: Patient,
) -> None:
    member, logged, inserts = _read_as_a_role_that_may(
        _filled(route, records), personas, client_for
    )
    assert {row.patient_id for row in logged} >= _patients_shown(route, records, patient, bea)
    assert {row.member_id for row in logged} == {member.id}
    assert inserts == 1


def test_the_lists_of_routes_without_patient_data_name_only_routes_that_exist() -> None:
    # a route renamed or removed must leave the list, or the list would excuse a new one
    assert set(PAGES_WITHOUT_PATIENT_DATA) <= set(workspace_pages())
    assert set(API_WITHOUT_PATIENT_DATA) <= set(clinic_api_reads())


@pytest.mark.parametrize("shown", [1, 100])
def test_it_logs_a_page_of_patients_in_four_queries_however_many(
    shown: int, provider: Membership, django_assert_num_queries: Any
) -> None:
    # given a page showing one patient, or a hundred
    ids = [
        Patient.objects.create(
            clinic_id=provider.clinic_id, given_name=f"P{n}", family_name="Test",
            date_of_birth=dt.date(1980, 1, 1),
        ).id
        for n in range(shown)
    ]  # fmt: skip
    # when the page's reads are logged, then it takes the same four queries: which are the
    # clinic's patients, the clinic's audit chain locked, one insert, the chain's head moved
    with django_assert_num_queries(4):
        record_patients_seen(provider, ids, "patient list")
    assert PatientAccess.objects.filter(member=provider, what="patient list").count() == shown


def test_it_never_logs_another_clinics_patient(
    provider: Membership, lakeside_patient: Patient, patient: Patient
) -> None:
    # given a list of IDs that names a patient of another clinic
    record_patients_seen(provider, [patient.id, lakeside_patient.id], "patient list")
    # then only Riverside's own patient is logged for a Riverside member
    assert list(PatientAccess.objects.values_list("patient_id", flat=True)) == [patient.id]


def test_it_logs_the_follow_up_row_htmx_shows_after_a_change(
    front_desk: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    # given a follow-up on the due list; when the front desk books it in place (htmx)
    followup = charted.followups.get()
    client_for(front_desk).post(
        f"/clinic/{front_desk.clinic.public_id}/follow-ups/{followup.public_id}/status",
        {"version": followup.version, "status": "booked"},
        HTTP_HX_REQUEST="true",
    )
    # then the row sent back, which names the patient, is in the log
    assert PatientAccess.objects.filter(member=front_desk, patient=charted.patient_id).exists()


def test_every_fhir_route_either_reads_a_patient_and_logs_it_or_shows_nobody() -> None:
    # a new FHIR read must be placed in one list: logged (and tested) or showing no patient
    routes = {str(p.pattern) for p in fhir_urls.urlpatterns}
    assert routes == set(FHIR_PATIENT_READS) | set(FHIR_WITHOUT_PATIENT_DATA)
