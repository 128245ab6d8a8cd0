"""The sessions API's JSON, field by field and in order: it is made from the rows directly (not
through ninja's attribute reader), and must stay the contract it was."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from toxfill.web.clinic.actions.sessions import void_session
from toxfill.web.clinic.models import Clinic, InjectionPoint, Membership, TreatmentSession

FINDING = {
    "rule": "dose",
    "kind": "confirm",
    "key": "dose:glabella",
    "text": "Above the label's dose for this zone.",
    "sources": ["botox-label"],
    "field": "points[0].dose",
    "resolution": "confirmed",
}


def local(moment: Any, zone: str) -> str:
    return str(moment.astimezone(ZoneInfo(zone)).isoformat())


def member(ref: Membership) -> dict[str, Any]:
    return {"id": str(ref.public_id), "name": ref.display_name, "role": ref.role}


def expected(session: TreatmentSession) -> dict[str, Any]:
    zone = session.clinic.time_zone
    points = InjectionPoint.objects.filter(clinic_id=session.clinic_id, session=session)
    return {
        "id": str(session.public_id),
        "version": session.version,
        "created_at": local(session.created_at, zone),
        "voided_at": local(session.voided_at, zone) if session.voided_at else None,
        "voided_by": member(session.voided_by) if session.voided_by else None,
        "void_reason": session.void_reason,
        "patient": str(session.patient.public_id),
        "provider": member(session.provider),
        "performed_at": local(session.performed_at, zone),
        "notes": session.notes,
        "points": [
            {
                "id": str(point.public_id),
                "zone": point.zone,
                "concern": point.concern,
                "product": point.product,
                "lot": str(point.lot.public_id),
                "lot_number": point.lot.lot_number,
                "dose": str(point.dose),
                "unit": point.unit,
                "dilution_ml": None if point.dilution_ml is None else str(point.dilution_ml),
                "depth": point.depth,
                "technique": point.technique,
                "view": point.view,
                "x": None if point.x is None else str(point.x),
                "y": None if point.y is None else str(point.y),
            }
            for point in points.order_by("id")
        ],
        "findings": [FINDING],
        "knowledge_version": session.knowledge_version,
    }


def test_a_session_reads_as_the_contract_in_the_list_and_alone(
    provider: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    Clinic.objects.filter(pk=provider.clinic_id).update(time_zone="America/New_York")
    InjectionPoint.objects.filter(session=charted).update(
        dilution_ml=Decimal("2.50"), depth="intramuscular"
    )
    TreatmentSession.objects.filter(pk=charted.pk).update(
        findings=[{**FINDING, "stored_beside": "never shown"}]
    )
    void_session(provider, charted.public_id, version=1, reason="Charted on the wrong patient.")
    session = TreatmentSession.objects.get(pk=charted.pk)
    client = client_for(provider)

    listed = client.get(at(provider, "/sessions"), {"patient": str(session.patient.public_id)})
    alone = client.get(at(provider, f"/sessions/{session.public_id}"))

    # The list shows current sessions only; a voided one is read alone.
    assert listed.json() == {"previous": None, "next": None, "results": []}
    assert alone.status_code == 200
    assert list(alone.json()) == list(expected(session))
    assert alone.json() == expected(session)
    assert json.loads(alone.content)["points"][0]["dose"] == "20.00"
    assert alone.json()["voided_by"] == member(provider)
    assert alone.json()["created_at"].endswith(("-05:00", "-04:00"))


def test_a_page_of_sessions_reads_as_the_contract(
    provider: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    TreatmentSession.objects.filter(pk=charted.pk).update(findings=[FINDING])
    session = TreatmentSession.objects.get(pk=charted.pk)

    page = client_for(provider).get(at(provider, "/sessions")).json()

    assert list(page) == ["previous", "next", "results"]
    assert page["results"] == [expected(session)]
    assert list(page["results"][0]["points"][0]) == list(expected(session)["points"][0])


def test_the_list_reads_no_more_of_a_patient_than_the_id_it_shows(
    provider: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(provider)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(at(provider, "/sessions")).json()

    assert page["results"][0]["patient"] == str(charted.patient.public_id)
    read = " ".join(query["sql"] for query in captured.captured_queries)
    for column in ("given_name", "family_name", "date_of_birth", "allergies", "health_factors"):
        assert column not in read
