"""Charting through the API: the core's rules decide, lots are drawn down, follow-ups planned,
adverse events triaged on entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client

from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.models import FollowUp, Membership, Patient, ProductLot, TreatmentSession

NOW = dt.datetime.now(dt.UTC)


def _session(patient: Patient, lot: ProductLot, dose: str = "20", **extra: Any) -> dict[str, Any]:
    return {
        "patient": str(patient.public_id),
        "performed_at": NOW.isoformat(),
        "points": [
            {"zone": "glabella", "product": lot.product, "lot": str(lot.public_id), "dose": dose}
        ],
        **extra,
    }


@pytest.fixture
def chart(
    provider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> Callable[[dict[str, Any]], Any]:
    client = client_for(provider)
    return lambda body: client.post(
        at(provider, "/sessions"), body, content_type="application/json"
    )


def test_it_charts_a_session_and_draws_down_the_lot(
    chart: Callable[[dict[str, Any]], Any], patient: Patient, botox_lot: ProductLot
) -> None:
    response = chart(_session(patient, botox_lot))

    assert response.status_code == 201, response.content
    assert response.json()["points"][0]["dose"] == "20.00"
    botox_lot.refresh_from_db()
    assert botox_lot.quantity_on_hand == Decimal("80")
    assert botox_lot.history.first().history_change_reason.startswith("used in session")


def test_it_creates_the_planners_follow_ups(
    chart: Callable[[dict[str, Any]], Any], patient: Patient, botox_lot: ProductLot
) -> None:
    response = chart(_session(patient, botox_lot))

    session = TreatmentSession.objects.get(public_id=response.json()["id"])
    followups = FollowUp.objects.filter(session=session)
    assert followups.exists()
    assert all(f.due_on > NOW.date() for f in followups)


def test_it_refuses_a_session_without_consent_and_writes_nothing(
    chart: Callable[[dict[str, Any]], Any], patient: Patient, manager: Membership
) -> None:
    # given a filler lot, and Ana's consents cover toxin and HA filler only
    lot = receive_lot(
        manager, product="radiesse", quantity=Decimal("3"), lot_number="R1",
        expires_on=dt.date(2099, 1, 1),
    )  # fmt: skip
    body = _session(patient, lot, dose="1.5")
    body["points"][0]["zone"] = "cheek-right"

    response = chart(body)

    assert response.status_code == 422
    assert "consent-signed" in [e["type"] for e in response.json()["detail"]]
    assert not TreatmentSession.objects.exists()
    lot.refresh_from_db()
    assert lot.quantity_on_hand == Decimal("3")


def test_it_refuses_a_provider_whose_licence_has_expired(
    chart: Callable[[dict[str, Any]], Any],
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
) -> None:
    provider.licence_expires = dt.date(2020, 1, 1)
    provider.save(update_fields=["licence_expires"])

    response = chart(_session(patient, botox_lot))

    assert response.status_code == 422
    assert "licence-valid" in [e["type"] for e in response.json()["detail"]]


def test_it_asks_for_a_written_reason_for_a_toxin_session_too_soon(
    chart: Callable[[dict[str, Any]], Any], patient: Patient, botox_lot: ProductLot
) -> None:
    # given a session today
    assert chart(_session(patient, botox_lot)).status_code == 201
    again = _session(patient, botox_lot)
    again["performed_at"] = (NOW + dt.timedelta(days=14)).isoformat()

    # when another comes two weeks later, without and then with a reason
    refused = chart(again)
    keys = [e["key"] for e in refused.json()["detail"] if e["kind"] == "override"]
    accepted = chart({**again, "override_reasons": dict.fromkeys(keys, "asymmetry touch-up")})

    assert refused.status_code == 422
    assert [k for k in keys if k.startswith("retreatment-interval")]
    assert accepted.status_code == 201, accepted.content
    resolutions = [f["resolution"] for f in accepted.json()["findings"]]
    assert "asymmetry touch-up" in resolutions


def test_it_refuses_a_dose_larger_than_the_lot_holds(
    chart: Callable[[dict[str, Any]], Any], patient: Patient, manager: Membership
) -> None:
    lot = receive_lot(
        manager, product="botox", quantity=Decimal("10"), lot_number="SMALL",
        expires_on=dt.date(2099, 1, 1),
    )  # fmt: skip

    response = chart(_session(patient, lot))

    assert response.status_code == 422
    lot.refresh_from_db()
    assert lot.quantity_on_hand == Decimal("10")


def test_it_flags_an_emergency_adverse_event_at_once(
    charted: TreatmentSession,
    provider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    body = {
        "session": str(charted.public_id),
        "onset_at": NOW.isoformat(),
        "symptoms": ["difficulty-breathing", "difficulty-swallowing"],
    }

    response = client_for(provider).post(
        at(provider, "/events"), body, content_type="application/json"
    )

    assert response.status_code == 201, response.content
    assert response.json()["urgency"] == "emergency"
    assert response.json()["emergency"] is True
    assert response.json()["triage"]
