"""A dose or a lot's quantity in a unit that is not the product's is refused, never saved in
the product's unit: units for toxins, mL for fillers. Every door a number with a unit comes in
by: the session API's points, the lot API's receive and count, the charting and lots pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import findings_shown

from toxfill.web.clinic.models import Membership, Patient, ProductLot, TreatmentSession

Url = Callable[[Membership, str], str]
WHEN = timezone.now() - dt.timedelta(hours=1)


def _point(lot: ProductLot, zone: str, dose: Any, **extra: Any) -> dict[str, Any]:
    return {"zone": zone, "product": lot.product, "lot": str(lot.public_id), "dose": dose, **extra}


def _chart(
    client: Client, at: Url, provider: Membership, patient: Patient, points: list[Any]
) -> Any:
    body = {"patient": str(patient.public_id), "performed_at": WHEN.isoformat(), "points": points}
    return client.post(at(provider, "/sessions"), body, content_type="application/json")


# --- the session API ------------------------------------------------------------------------


def test_a_toxin_dose_in_ml_is_refused_naming_the_point_and_the_unit(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    voluma_lot: ProductLot,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    # given two good points and a third: Botox "in mL"
    points = [
        _point(botox_lot, "glabella", 20, unit="U"),
        _point(voluma_lot, "chin", 1, unit="mL"),
        _point(botox_lot, "forehead", 1, unit="mL"),
    ]

    response = _chart(client_for(provider), at, provider, patient, points)

    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "points", 2, "unit"]
    assert "Botox" in error["msg"]
    assert "units (U), not mL" in error["msg"]
    assert not TreatmentSession.objects.exists()
    botox_lot.refresh_from_db()
    assert botox_lot.quantity_on_hand == Decimal(100)


def test_a_filler_dose_in_units_is_refused_saying_fillers_are_in_ml(
    provider: Membership,
    patient: Patient,
    voluma_lot: ProductLot,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    points = [_point(voluma_lot, "chin", 1, unit="U")]

    response = _chart(client_for(provider), at, provider, patient, points)

    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "points", 0, "unit"]
    assert "dosed in mL, not U" in error["msg"]


def test_a_unit_that_is_no_unit_is_refused_naming_the_valid_ones(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    points = [_point(botox_lot, "glabella", 20, unit="cc")]

    response = _chart(client_for(provider), at, provider, patient, points)

    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "points", 0, "unit"]
    assert "give U (units) or mL" in error["msg"]


def test_a_dose_in_the_products_unit_or_with_none_is_charted(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    voluma_lot: ProductLot,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    points = [_point(botox_lot, "glabella", 20, unit="U"), _point(voluma_lot, "chin", 1)]

    response = _chart(client_for(provider), at, provider, patient, points)

    assert response.status_code == 201, response.content
    units = {p["product"]: p["unit"] for p in response.json()["points"]}
    assert units == {"botox": "U", "juvederm-voluma": "mL"}


# --- the lot API ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("product", "unit", "says"),
    [
        pytest.param("botox", "mL", "units (U), not mL", id="toxin_received_in_mL"),
        pytest.param("juvederm-voluma", "units", "mL, not units", id="filler_received_in_units"),
    ],
)
def test_a_lot_received_in_another_unit_is_refused(
    product: str,
    unit: str,
    says: str,
    manager: Membership,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    body = {
        "product": product,
        "quantity": "2",
        "unit": unit,
        "lot_number": "L1",
        "expires_on": "2099-01-31",
    }

    response = client_for(manager).post(at(manager, "/lots"), body, content_type="application/json")

    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "unit"]
    assert says in error["msg"]
    assert not ProductLot.objects.exists()


def test_a_lot_received_in_its_own_unit_is_on_the_shelf(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    body = {
        "product": "juvederm-voluma",
        "quantity": "2",
        "unit": "mL",
        "lot_number": "L1",
        "expires_on": "2099-01-31",
    }

    response = client_for(manager).post(at(manager, "/lots"), body, content_type="application/json")

    assert response.status_code == 201, response.content
    assert (response.json()["unit"], response.json()["quantity_on_hand"]) == ("mL", "2")


def test_a_stock_count_in_another_unit_is_refused_and_changes_nothing(
    manager: Membership,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
    at: Url,
) -> None:
    body = {"version": botox_lot.version, "quantity_on_hand": "1", "unit": "mL", "reason": "count"}

    response = client_for(manager).post(
        at(manager, f"/lots/{botox_lot.public_id}/count"), body, content_type="application/json"
    )

    assert response.status_code == 422, response.content
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "unit"]
    assert "units (U), not mL" in error["msg"]
    botox_lot.refresh_from_db()
    assert botox_lot.quantity_on_hand == Decimal(100)


# --- the pages ------------------------------------------------------------------------------


def _chart_page(client: Client, member: Membership, patient: Patient, data: dict[str, Any]) -> Any:
    form = {"performed_at": timezone.localtime(WHEN).strftime("%Y-%m-%dT%H:%M"), **data}
    return client.post(
        f"/clinic/{member.clinic.public_id}/patients/{patient.public_id}/chart/", form
    )


def test_the_charting_page_refuses_a_toxin_dose_typed_in_ml(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    data = {
        "lot": str(botox_lot.public_id),
        "zone": ["glabella", "forehead"],
        "point_lot": ["", ""],
        "dose": ["20", "0.5 mL"],
    }

    response = _chart_page(client_for(provider), provider, patient, data)

    assert response.status_code == 422
    page = response.content.decode()
    assert 'href="#dose-1"' in page
    assert "units (U), not mL" in page
    assert not TreatmentSession.objects.exists()


def test_the_charting_page_takes_a_dose_typed_with_the_products_unit(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    data = {
        "lot": str(botox_lot.public_id),
        "zone": ["glabella"],
        "point_lot": [""],
        "dose": ["20 U"],
    }
    client = client_for(provider)

    response = _chart_page(client, provider, patient, data)
    if response.status_code == 200:  # warnings to read first, then saved
        shown = findings_shown(response.content.decode())
        response = _chart_page(client, provider, patient, {**data, "shown": shown})

    assert response.status_code == 302, response.content.decode()[:2000]
    point = TreatmentSession.objects.get().points.get()
    assert (point.dose, point.unit) == (Decimal(20), "U")


def test_the_lots_page_refuses_a_toxin_received_in_ml(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    form = {"product": "botox", "quantity": "1 mL", "lot_number": "L1", "expires_on": "2099-01-31"}

    response = client_for(manager).post(f"/clinic/{manager.clinic.public_id}/lots/", form)

    assert response.status_code == 422
    page = response.content.decode()
    assert 'href="#quantity"' in page
    assert "units (U), not mL" in page
    assert not ProductLot.objects.exists()
