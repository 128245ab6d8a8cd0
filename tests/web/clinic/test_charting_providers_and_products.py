"""Charting names the provider who gave the session (who may be a colleague of the person
charting, whose own licence is then the one checked), and a session can use several
products: each point keeps the lot it was charted with, and each lot is drawn down."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import findings_shown, join

from toxfill.errors import InputError
from toxfill.records import Rule
from toxfill.web.clinic.actions.clinics import end_membership
from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.actions.sessions import PointInput, chart_session, preview_session
from toxfill.web.clinic.errors import RulesRefused
from toxfill.web.clinic.models import Membership, Patient, ProductLot, TreatmentSession

WHEN = timezone.now() - dt.timedelta(hours=1)


def _colleague(manager: Membership, username: str, expires: dt.date) -> Membership:
    return join(
        manager,
        username,
        "provider",
        first_name=username.title(),
        last_name="Okafor",
        licence={
            "licence_type": "MD",
            "licence_number": f"MD-{username}",
            "licence_jurisdiction": "NY",
            "licence_expires": expires,
        },
    )


@pytest.fixture
def doctor(manager: Membership) -> Membership:
    """dara, a physician at Riverside with a licence valid for years."""
    return _colleague(manager, "dara", dt.date(2099, 12, 31))


def _glabella(lot: ProductLot) -> PointInput:
    return PointInput(zone="glabella", product="botox", lot=lot.public_id, dose=Decimal(20))


# --- the provider -------------------------------------------------------------------------


def test_a_provider_charts_a_session_a_colleague_gave(
    provider: Membership, doctor: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    session = chart_session(
        provider,
        patient.public_id,
        performed_at=WHEN,
        points=[_glabella(botox_lot)],
        provider=doctor.public_id,
    )
    assert session.provider == doctor
    # the history says who wrote it, and for whom
    reason = session.history.first().history_change_reason
    assert reason.startswith("charted by Paula Reyes for Dara Okafor")
    assert session.history.first().history_user == provider.user


def test_the_licence_checked_is_the_one_of_the_provider_who_gave_it(
    provider: Membership, manager: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    # fact: a session needs a provider whose licence is valid on its date (licence-valid)
    lapsed = _colleague(manager, "lee", dt.date(2020, 1, 31))
    with pytest.raises(RulesRefused) as refused:
        chart_session(
            provider,
            patient.public_id,
            performed_at=WHEN,
            points=[_glabella(botox_lot)],
            provider=lapsed.public_id,
        )
    assert [f.rule for f in refused.value.findings] == [Rule.LICENCE_VALID]
    assert not TreatmentSession.objects.exists()


@pytest.mark.parametrize("who", ["front_desk", "manager", "auditor", "outsider", "ended"])
def test_only_an_active_provider_of_the_clinic_can_be_named(
    who: str,
    personas: dict[str, Membership],
    doctor: Membership,
    patient: Patient,
    botox_lot: ProductLot,
) -> None:
    provider, manager = personas["provider"], personas["manager"]
    if who == "ended":
        end_membership(manager, doctor.public_id, version=doctor.version, reason="moved away")
        named = doctor
    else:
        named = personas[who]
    with pytest.raises(InputError) as refused:
        chart_session(
            provider,
            patient.public_id,
            performed_at=WHEN,
            points=[_glabella(botox_lot)],
            provider=named.public_id,
        )
    assert refused.value.field == "provider"
    assert "active provider" in refused.value.problem
    assert not TreatmentSession.objects.exists()


def test_the_api_takes_the_provider(
    provider: Membership,
    doctor: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    body = {
        "patient": str(patient.public_id),
        "performed_at": WHEN.isoformat(),
        "provider": str(doctor.public_id),
        "points": [
            {"zone": "glabella", "product": "botox", "lot": str(botox_lot.public_id), "dose": 20}
        ],
    }
    client = client_for(provider)
    created = client.post(at(provider, "/sessions"), body, content_type="application/json")
    assert created.status_code == 201, created.content
    assert created.json()["provider"]["id"] == str(doctor.public_id)
    body["provider"] = "not-a-uuid"
    refused = client.post(at(provider, "/sessions"), body, content_type="application/json")
    assert refused.status_code == 422
    assert "provider" in refused.content.decode()


# --- several products ---------------------------------------------------------------------


def test_a_session_uses_a_toxin_and_a_filler_and_draws_down_both_lots(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    voluma_lot: ProductLot,
) -> None:
    session = chart_session(
        provider,
        patient.public_id,
        performed_at=WHEN,
        points=[
            _glabella(botox_lot),
            PointInput(
                zone="chin", product="juvederm-voluma", lot=voluma_lot.public_id, dose=Decimal(1)
            ),
        ],
    )
    units = {p.product: (p.dose, p.unit, p.lot.lot_number) for p in session.points.all()}
    assert units == {
        "botox": (Decimal(20), "U", "C1234A"),
        "juvederm-voluma": (Decimal(1), "mL", "V1"),
    }
    botox_lot.refresh_from_db()
    voluma_lot.refresh_from_db()
    assert (botox_lot.quantity_on_hand, voluma_lot.quantity_on_hand) == (Decimal(80), Decimal(1))


# --- the charting page --------------------------------------------------------------------


def _url(member: Membership, path: str) -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


def _post(client: Client, member: Membership, patient: Patient, data: dict[str, Any]) -> Any:
    form = {"performed_at": timezone.localtime(WHEN).strftime("%Y-%m-%dT%H:%M"), **data}
    return client.post(_url(member, f"patients/{patient.public_id}/chart/"), form)


def test_the_page_offers_the_clinics_active_providers_with_you_first_picked(
    provider: Membership,
    doctor: Membership,
    manager: Membership,
    front_desk: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    lapsed = _colleague(manager, "lee", dt.date(2020, 1, 31))
    end_membership(manager, lapsed.public_id, version=lapsed.version, reason="moved away")
    html = client_for(provider).get(_url(provider, f"patients/{patient.public_id}/chart/"))
    page = html.content.decode()
    picker = page.split('<select id="provider"')[1].split("</select>")[0]
    assert f'value="{provider.public_id}" selected' in picker
    assert str(doctor.public_id) in picker
    for not_offered in (lapsed, manager, front_desk):
        assert str(not_offered.public_id) not in picker


def test_the_page_charts_for_the_provider_picked(
    provider: Membership,
    doctor: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    data = {
        "provider": str(doctor.public_id),
        "lot": str(botox_lot.public_id),
        "zone": ["glabella"],
        "point_lot": [""],
        "dose": ["20"],
    }
    client = client_for(provider)
    response = _post(client, provider, patient, data)
    shown = findings_shown(response.content.decode())
    if response.status_code == 200:  # warnings to read first, then saved
        response = _post(client, provider, patient, {**data, "shown": shown})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert TreatmentSession.objects.get().provider == doctor


def test_the_page_names_the_provider_field_when_it_is_not_one(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    for bad in ("nobody", "00000000-0000-0000-0000-000000000000"):
        response = _post(
            client_for(provider),
            provider,
            patient,
            {
                "provider": bad,
                "lot": str(botox_lot.public_id),
                "zone": ["glabella"],
                "dose": ["20"],
            },
        )
        assert response.status_code == 422
        assert 'href="#provider"' in response.content.decode()


def test_the_page_keeps_each_points_lot_and_applies_the_diluent_to_the_toxin_only(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    voluma_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    # given the filler picked above, a toxin row and a row left on "the lot above"
    data = {
        "lot": str(voluma_lot.public_id),
        "zone": ["glabella", "chin"],
        "point_lot": [str(botox_lot.public_id), ""],
        "dose": ["20", "1"],
        "vial_units": "100",
        "diluent_ml": "2.5",
    }
    client = client_for(provider)
    response = _post(client, provider, patient, data)
    page = response.content.decode()
    # the reconstitution helper speaks of the toxin in the list: 100 U in 2.5 mL
    assert "Botox / Botox Cosmetic: <strong>4.0 U per 0.1 mL</strong>" in page
    shown = findings_shown(page)
    confirm = [s for s in shown if s.startswith("hyaluronidase-at-hand")]
    response = _post(client, provider, patient, {**data, "shown": shown, "confirm": confirm})
    assert response.status_code == 302, response.content.decode()[:2000]
    points = {p.product: p for p in TreatmentSession.objects.get().points.all()}
    assert points["botox"].lot == botox_lot
    assert points["botox"].dilution_ml == Decimal("2.5")
    assert points["juvederm-voluma"].lot == voluma_lot
    assert points["juvederm-voluma"].dilution_ml is None


def test_the_page_names_the_row_whose_lot_can_no_longer_be_used(
    provider: Membership,
    manager: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    expired = receive_lot(
        manager,
        product="dysport",
        quantity=Decimal(300),
        lot_number="OLD1",
        expires_on=dt.date(2001, 1, 31),
        received_at=dt.datetime(2000, 6, 1, tzinfo=dt.UTC),
    )
    response = _post(
        client_for(provider),
        provider,
        patient,
        {
            "lot": str(botox_lot.public_id),
            "zone": ["glabella", "forehead"],
            "point_lot": ["", str(expired.public_id)],
            "dose": ["20", "10"],
        },
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert 'href="#lot-1"' in page
    assert "can no longer be used" in page
    assert not TreatmentSession.objects.exists()


def test_the_page_shows_the_totals_per_product_and_zone_without_javascript(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    voluma_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    data = {
        "lot": str(botox_lot.public_id),
        "zone": ["glabella", "glabella", "chin"],
        "point_lot": ["", "", str(voluma_lot.public_id)],
        "dose": ["10", "10", "0.5"],
    }
    response = _post(client_for(provider), provider, patient, data)
    totals = response.content.decode().split('id="totals"')[1].split("</div>")[0]
    assert "Total Botox / Botox Cosmetic: 20 U</strong> in 2 points" in totals
    assert "Total Juvéderm Voluma XC: 0.50 mL</strong> in 1 point<" in totals
    assert "Glabella" in totals


def test_the_session_page_says_who_charted_it_for_the_provider(
    provider: Membership,
    doctor: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    voluma_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    for_colleague = chart_session(
        provider,
        patient.public_id,
        performed_at=WHEN,
        points=[_glabella(botox_lot)],
        provider=doctor.public_id,
    )
    chin = PointInput(
        zone="chin", product="juvederm-voluma", lot=voluma_lot.public_id, dose=Decimal(1)
    )
    own = chart_session(
        provider, patient.public_id, performed_at=WHEN - dt.timedelta(days=7), points=[chin]
    )
    client = client_for(provider)
    shown = client.get(_url(provider, f"sessions/{for_colleague.public_id}/")).content.decode()
    assert "by Dara Okafor, charted by Paula Reyes</p>" in shown
    shown = client.get(_url(provider, f"sessions/{own.public_id}/")).content.decode()
    assert "by Paula Reyes</p>" in shown


def test_preview_and_charting_both_refuse_a_voided_patient_by_name(
    provider: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    patient.voided_at = timezone.now()
    patient.save(update_fields=["voided_at"])
    for action in (preview_session, chart_session):
        with pytest.raises(InputError) as refused:
            action(provider, patient.public_id, performed_at=WHEN, points=[_glabella(botox_lot)])
        assert (refused.value.field, refused.value.problem) == ("patient", "is voided")
