"""Charting on the drawing through HTTP and the API: a point keeps the place it was tapped on
and its zone follows from it; a point from the list gets its zone's place; what a point treats
answers the rules' question; one reason answers every finding that needs one; units per 0.1 mL
as they are typed; the clinic's treatment templates, saved, added and audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from tests.web.clinic.people import join
from tests.web.clinic.test_workspace_flows import _chart, _url

from toxfill.errors import InputError, UnknownIdError
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.actions.templates import TemplatePoint, save_template, void_template
from toxfill.web.clinic.errors import NotAllowed, RecordNotFound
from toxfill.web.clinic.models import (
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
    TreatmentTemplate,
)

pytestmark = pytest.mark.django_db

CAUTION = "health-caution:anticoagulant-or-antiplatelet:botox"
GLABELLA_FIVE = [
    TemplatePoint("glabella", "face", Decimal(x), Decimal(y), Decimal(4))
    for x, y in (("50", "30"), ("46", "29"), ("54", "29"), ("42", "27"), ("58", "27"))
]


def _placed(**extra: Any) -> dict[str, Any]:
    return {"point_view": ["face"], "point_x": ["46.00"], "point_y": ["30.00"], **extra}


def test_a_tapped_point_is_saved_where_it_was_placed(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    response = _chart(client_for(provider), provider, patient, botox_lot, **_placed(shown=CAUTION))

    assert response.status_code == 302
    point = InjectionPoint.objects.get()
    assert (point.zone, point.view, point.x, point.y) == (
        "glabella",
        "face",
        Decimal("46.00"),
        Decimal("30.00"),
    )


def test_a_point_from_the_list_gets_its_zones_place(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    response = _chart(client_for(provider), provider, patient, botox_lot, shown=CAUTION)

    assert response.status_code == 302
    point = InjectionPoint.objects.get()
    assert (point.view, point.x, point.y) == ("face", Decimal(50), Decimal(30))


def test_a_zone_that_is_not_where_the_point_lies_is_refused(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    # the place is the chin's; the zone says glabella
    response = _chart(
        client_for(provider),
        provider,
        patient,
        botox_lot,
        **_placed(point_y=["88"], shown=CAUTION),
    )

    assert response.status_code == 422
    assert "lies in chin, not glabella" in response.content.decode()
    assert not TreatmentSession.objects.exists()


def test_the_api_takes_and_gives_the_place_and_checks_it(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    client = client_for(provider)
    point = {"zone": "forehead", "product": "botox", "lot": str(botox_lot.public_id)}
    body = {
        "patient": str(patient.public_id),
        "performed_at": dt.datetime.now(dt.UTC).isoformat(),
        "points": [{**point, "dose": "20", "view": "face", "x": "40", "y": "15"}],
        "confirmed": [],
        "override_reasons": {"dose-label:botox:forehead-lines": "as planned"},
    }
    url = f"/api/v1/clinic/{provider.clinic.public_id}/sessions"
    created = client.post(url, body, content_type="application/json")
    assert created.status_code == 201, created.content
    (given,) = created.json()["points"]
    assert (given["view"], given["x"], given["y"]) == ("face", "40.00", "15.00")

    body["points"] = [{**point, "dose": "20", "view": "face-right", "x": "58", "y": "30"}]
    refused = client.post(url, body, content_type="application/json")
    assert refused.status_code in (400, 422)
    assert "temple-right, not forehead" in refused.content.decode()


def test_a_place_needs_its_view_x_and_y_together(
    provider: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    half = PointInput(
        zone="glabella", product="botox", lot=botox_lot.public_id, dose=Decimal(20), x=Decimal(50)
    )
    with pytest.raises(InputError) as caught:
        chart_session(
            provider, patient.public_id, performed_at=dt.datetime.now(dt.UTC), points=[half]
        )
    assert caught.value.field == "points[0].view"


def test_the_question_what_a_point_treats_is_answered_on_the_page(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    # the front of the neck is treated for neck bands and for cervical dystonia
    client = client_for(provider)
    asked = _chart(client, provider, patient, botox_lot, zone=["neck"], dose=["30"])
    page = asked.content.decode()
    assert "Name what the Botox" in page
    assert 'href="#concern-0"' in page
    assert 'id="concern-0"' in page
    # answered there, the label's dose is checked and nothing more is asked about it
    answered = _chart(
        client,
        provider,
        patient,
        botox_lot,
        zone=["neck"],
        dose=["30"],
        point_concern=["platysma-bands"],
        shown=[CAUTION],
    )
    assert answered.status_code == 302
    assert InjectionPoint.objects.get().concern == "platysma-bands"


def test_one_reason_answers_every_finding_that_needs_one(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    client = client_for(provider)
    keys = ["dose-label:botox:glabellar-lines", "dose-label:botox:forehead-lines"]
    points = {"zone": ["glabella", "forehead"], "dose": ["8", "8"]}
    asked = _chart(client, provider, patient, botox_lot, **points)
    assert asked.status_code == 422
    assert 'name="reason_all"' in asked.content.decode()

    saved = _chart(
        client,
        provider,
        patient,
        botox_lot,
        **points,
        shown=[*keys, CAUTION],
        reason_all="a light first treatment",
    )
    assert saved.status_code == 302
    findings = {f["key"]: f for f in TreatmentSession.objects.get().findings}
    assert [findings[k]["resolution"] for k in keys] == ["a light first treatment"] * 2


def test_units_per_tenth_of_a_millilitre_as_they_are_typed(
    provider: Membership, botox_lot: ProductLot, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(provider)
    url = _url(provider, "chart/mixing")
    lot = str(botox_lot.public_id)

    mixed = client.get(url, {"lot": lot, "vial_units": "100", "diluent_ml": "2.5"}).json()
    assert mixed["text"].startswith("Botox / Botox Cosmetic: 4.0 U per 0.1 mL")
    wrong = client.get(url, {"lot": lot, "vial_units": "100", "diluent_ml": "40"}).json()
    assert wrong["text"] == ""
    assert "outside the label's range" in wrong["error"]


def test_a_template_is_saved_from_the_list_and_added_in_one_step(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    client = client_for(provider)
    five = {
        "zone": ["glabella"] * 5,
        "dose": ["4"] * 5,
        "point_view": ["face"] * 5,
        "point_x": [str(p.x) for p in GLABELLA_FIVE],
        "point_y": [str(p.y) for p in GLABELLA_FIVE],
    }
    saved = _chart(
        client,
        provider,
        patient,
        botox_lot,
        **five,
        template_name="Glabella  5 x 4 U",
        save_template="1",
    )
    assert saved.status_code == 200
    template = TreatmentTemplate.objects.get()
    assert (template.name, template.product, len(template.points)) == (
        "Glabella 5 x 4 U",
        "botox",
        5,
    )
    assert template.history.get().history_user_id == provider.user_id
    assert not TreatmentSession.objects.exists()
    # the page offers it; without the script, its button adds the five points to the list
    page = client.get(_url(provider, f"patients/{patient.public_id}/chart/")).content.decode()
    assert f'value="{template.public_id}"' in page
    added = _chart(
        client,
        provider,
        patient,
        botox_lot,
        zone=[""],
        dose=[""],
        apply_template=str(template.public_id),
    )
    assert added.content.decode().count('name="point_view" value="face"') == 5
    assert not TreatmentSession.objects.exists()


def test_templates_are_the_clinics_own_and_names_are_not_reused(
    provider: Membership, outsider: Membership
) -> None:
    lakeside = join(
        outsider, "otto", "provider", licence={"licence_expires": dt.date(2099, 12, 31)}
    )
    mine = save_template(provider, name="Glabella 5 x 4 U", product="botox", points=GLABELLA_FIVE)
    with pytest.raises(InputError, match="exists"):
        save_template(provider, name="glabella 5 x 4 u", product="botox", points=GLABELLA_FIVE)
    theirs = save_template(lakeside, name="Glabella 5 x 4 U", product="botox", points=GLABELLA_FIVE)
    assert theirs.clinic_id != mine.clinic_id
    with pytest.raises(RecordNotFound):
        void_template(lakeside, mine.public_id, "not ours")
    void_template(provider, mine.public_id, "replaced")
    mine.refresh_from_db()
    assert mine.voided_at is not None
    assert mine.history.count() == 2


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "template_name"),
        ({"product": "botax"}, "template_product"),
        ({"points": []}, "template_points"),
        (
            {"points": [TemplatePoint("chin", "face", Decimal(50), Decimal(30), Decimal(4))]},
            "template_points[0].zone",
        ),
        (
            {"points": [TemplatePoint("glabella", "face", Decimal(50), Decimal(30), Decimal(0))]},
            "template_points[0].dose",
        ),
    ],
)
def test_a_template_that_cannot_be_used_is_refused_naming_the_field(
    provider: Membership, change: dict[str, Any], field: str
) -> None:
    given: dict[str, Any] = {"name": "Glabella", "product": "botox", "points": GLABELLA_FIVE}
    with pytest.raises((InputError, UnknownIdError)) as caught:
        save_template(provider, **{**given, **change})
    assert caught.value.field == field


def test_only_those_who_chart_save_templates(front_desk: Membership) -> None:
    with pytest.raises(NotAllowed):
        save_template(front_desk, name="Glabella", product="botox", points=GLABELLA_FIVE)
