"""The JSON API: the contract documents, field-level 422 errors, and the OpenAPI description."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from tests.dates import next_december_first


def test_it_lists_every_option(client: Client) -> None:
    response = client.get("/api/v1/options")

    assert response.status_code == 200
    assert [o["option"] for o in response.json()] == [
        "botulinum-toxin",
        "ha-filler",
        "caha-filler",
        "plla-filler",
        "pmma-filler",
        "fat-grafting",
        "no-treatment",
    ]


def test_it_compares_options_in_the_contract_shape(client: Client) -> None:
    response = client.get("/api/v1/compare", {"options": "botulinum-toxin,ha-filler"})

    document = response.json()
    assert response.status_code == 200
    assert document["schema"] == "toxfill.comparison/1"
    administration = next(r for r in document["rows"] if r["attribute"] == "administration")
    assert administration["same"] is True
    assert set(administration["values"]) == {"botulinum-toxin", "ha-filler"}
    assert administration["sources"]


def test_an_unknown_option_is_422_with_the_field_and_nearest_ids(client: Client) -> None:
    response = client.get("/api/v1/compare", {"options": "botulinum-toxin,ha-filer"})

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["query", "options"]
    assert error["type"] == "unknown_id"
    assert error["nearest"][0] == "ha-filler"


@pytest.mark.parametrize(
    ("query", "message"),
    [
        pytest.param({"options": "ha-filler"}, "name at least two options", id="one_option"),
        pytest.param({"options": ""}, "name at least two options", id="empty"),
    ],
)
def test_a_comparison_it_cannot_make_is_422(
    client: Client, query: dict[str, str], message: str
) -> None:
    response = client.get("/api/v1/compare", query)

    assert response.status_code == 422
    assert message in response.json()["detail"][0]["msg"]


def test_a_missing_parameter_is_422_naming_it(client: Client) -> None:
    response = client.get("/api/v1/compare")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "options"]


def test_it_describes_one_option(client: Client) -> None:
    response = client.get("/api/v1/options/ha-filler")

    assert response.status_code == 200
    assert response.json()["schema"] == "toxfill.option/1"


def test_an_unknown_option_detail_is_404_with_the_nearest_ids(client: Client) -> None:
    response = client.get("/api/v1/options/ha-filer")

    assert response.status_code == 404
    assert response.json()["detail"][0]["nearest"][0] == "ha-filler"


def test_it_lists_its_sources(client: Client) -> None:
    response = client.get("/api/v1/sources")

    assert response.status_code == 200
    assert response.json()["sources"]


def test_it_publishes_openapi_and_docs(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    assert {"/api/v1/options", "/api/v1/compare", "/api/v1/options/{option}"} <= set(
        schema["paths"]
    )
    assert client.get("/api/v1/docs").status_code == 200


INTAKE = {
    "age": 42,
    "concerns": ["crows-feet", "nasolabial-folds"],
    "health": ["anticoagulant-or-antiplatelet"],
    "preferences": {"longevity": 2, "reversibility": 3},
    "recent_treatments": [{"option": "botulinum-toxin", "date": "2026-10-01"}],
    "today": "2026-11-23",
}


def test_it_decides_in_the_contract_shape(client: Client) -> None:
    response = client.post("/api/v1/decide", INTAKE, content_type="application/json")

    document = response.json()
    assert response.status_code == 200
    assert document["schema"] == "toxfill.decision/1"
    assert {o["option"] for o in document["options"]} >= {"botulinum-toxin", "no-treatment"}
    assert document["per_concern"]["crows-feet"][0]["status"] == "not-suitable"
    assert document["disclaimer"]


def test_decide_defaults_today_to_the_server_date(client: Client) -> None:
    intake = {"age": 42, "concerns": ["glabellar-lines"]}

    response = client.post("/api/v1/decide", intake, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["intake"]["today"]


@pytest.mark.parametrize(
    ("change", "loc", "message"),
    [
        pytest.param({"age": 200}, ["body", "age"], "from 0 to 120", id="age"),
        pytest.param({"today": "2026-02-30"}, ["body", "today"], "real date", id="date"),
        pytest.param(
            {"preferences": {"longevity": 9}},
            ["body", "preferences", "longevity"],
            "0, 1, 2 or 3",
            id="preference",
        ),
        pytest.param(
            {"concerns": ["crow-feet"]}, ["body", "concerns", 0], "did you mean crows-feet", id="id"
        ),
        pytest.param(
            {"recent_treatments": [{"option": "botulinum-toxin", "date": "2027-01-01"}]},
            ["body", "recent_treatments", 0, "date"],
            "after today",
            id="future_treatment",
        ),
    ],
)
def test_bad_intake_is_422_with_the_field(
    client: Client, change: dict[str, object], loc: list[object], message: str
) -> None:
    response = client.post("/api/v1/decide", {**INTAKE, **change}, content_type="application/json")

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == loc
    assert message in error["msg"]


def test_decide_is_documented(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()

    operation = schema["paths"]["/api/v1/decide"]["post"]
    assert "422" in operation["responses"]


PLAN = {  # the API plans from the real date: a start within 5 years of it
    "start": next_december_first().isoformat(),
    "horizon_months": 24,
    "treatments": [
        {"option": "botulinum-toxin", "concern": "glabellar-lines"},
        {"option": "ha-filler", "concern": "nasolabial-folds"},
    ],
}


def test_it_plans_in_the_contract_shape(client: Client) -> None:
    response = client.post("/api/v1/plan", PLAN, content_type="application/json")

    document = response.json()
    assert response.status_code == 200
    assert document["schema"] == "toxfill.plan/1"
    assert document["visits"][0]["purpose"] == "initial"
    assert set(document["per_year"]["cost_usd"]) == {"low", "high"}


@pytest.mark.parametrize(
    ("path", "content_type", "start"),
    [
        pytest.param("/api/v1/plan/ics", "text/calendar", b"BEGIN:VCALENDAR", id="ics"),
        pytest.param("/api/v1/plan/svg", "image/svg+xml", b"<svg", id="svg"),
    ],
)
def test_it_offers_the_plan_as_downloads(
    client: Client, path: str, content_type: str, start: bytes
) -> None:
    response = client.post(path, PLAN, content_type="application/json")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert "attachment" in response["Content-Disposition"]
    assert response.content.startswith(start)


def test_a_bad_plan_is_422_naming_the_field(client: Client) -> None:
    response = client.post(
        "/api/v1/plan", {**PLAN, "horizon_months": 0}, content_type="application/json"
    )

    assert response.status_code == 422
    [error] = response.json()["detail"]
    assert error["loc"] == ["body", "horizon_months"]
    assert "from 1 to 120" in error["msg"]


def test_reconstitute_is_documented_and_validates(client: Client) -> None:
    response = client.post(
        "/api/v1/reconstitute",
        {"product": "botox", "units": -1, "diluent_ml": 2.5},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "units"]
    assert "/api/v1/reconstitute" in client.get("/api/v1/openapi.json").json()["paths"]


def test_a_charting_zone_is_a_place_triage_reads(client: Client) -> None:
    """FIL-VO-1: pale skin after nose filler is an emergency; the zone is nasal-dorsum."""
    report = {
        "treatment": "ha-filler",
        "zone": "nasal-dorsum",
        "days_since": 0,
        "symptoms": ["skin-blanching"],
    }

    response = client.post("/api/v1/triage", report, content_type="application/json")

    assert response.status_code == 200
    assert response.json()["urgency"] == "emergency"


def test_it_triages_in_the_contract_shape(client: Client) -> None:
    report = {"treatment": "ha-filler", "days_since": 1, "symptoms": ["vision-change"]}

    response = client.post("/api/v1/triage", report, content_type="application/json")

    document = response.json()
    assert response.status_code == 200
    assert document["schema"] == "toxfill.triage/1"
    assert document["urgency"] == "emergency"
    assert document["reasons"][0]["sources"]


@pytest.mark.parametrize(
    ("change", "loc"),
    [
        pytest.param({"days_since": -1}, ["body", "days_since"], id="negative_days"),
        pytest.param({"symptoms": ["bruised"]}, ["body", "symptoms", 0], id="unknown_symptom"),
        pytest.param({"treatment": "botox"}, ["body", "treatment"], id="product"),
        # Issue 18: treatment, concern and zone that contradict each other are refused.
        pytest.param({"zone": "bladder"}, ["body", "zone"], id="filler_in_the_bladder"),
        pytest.param(
            {"concern": "overactive-bladder"}, ["body", "concern"], id="filler_for_the_bladder"
        ),
        pytest.param(
            {"concern": "lip-volume", "zone": "forehead"}, ["body", "zone"], id="zone_off_concern"
        ),
    ],
)
def test_a_bad_report_is_422_naming_the_field(
    client: Client, change: dict[str, object], loc: list[object]
) -> None:
    report = {"treatment": "ha-filler", "days_since": 1, "symptoms": ["bruising"], **change}

    response = client.post("/api/v1/triage", report, content_type="application/json")

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == loc


def test_it_lists_label_doses_and_aftercare(client: Client) -> None:
    doses = client.get("/api/v1/doses", {"product": "dysport"}).json()
    care = client.get("/api/v1/aftercare/botulinum-toxin").json()

    assert doses["schema"] == "toxfill.doses/1"
    assert {d["product"] for d in doses["doses"]} == {"dysport"}
    assert care["schema"] == "toxfill.aftercare/1"
    assert client.get("/api/v1/aftercare/no-treatment").status_code == 404


def test_a_django_404_or_403_answers_in_the_documented_json_error_format() -> None:
    from django.core.exceptions import PermissionDenied
    from django.http import Http404
    from django.test import RequestFactory

    from toxfill.web.api import forbidden, not_found

    request = RequestFactory().get("/api/v1/anything")
    missing = not_found(request, Http404("no such record"))
    refused = forbidden(request, PermissionDenied())

    assert missing.status_code == 404
    assert json.loads(missing.content) == {
        "detail": [{"loc": ["path"], "msg": "no such record", "type": "not_found", "nearest": []}]
    }
    assert refused.status_code == 403
    assert json.loads(refused.content)["detail"][0]["type"] == "forbidden"


def test_the_public_operations_keep_their_published_operation_ids(client: Client) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    ids = {op["operationId"] for path in schema["paths"].values() for op in path.values()}

    assert {"toxfill_web_api_list_options", "toxfill_web_api_triage_report"} <= ids


def test_aftercare_for_a_visit_merges_the_help_lists(client: Client) -> None:
    """FIL-VO-1: after toxin and filler, pale skin is an emergency, said once (issue 18)."""
    response = client.get("/api/v1/aftercare/botulinum-toxin", {"also": "ha-filler"})

    document = response.json()
    groups = [g for g in document["help"] if "skin-blanching" in g["symptoms"]]
    assert response.status_code == 200
    assert document["options"] == ["botulinum-toxin", "ha-filler"]
    assert [g["urgency"] for g in groups] == ["emergency"]


def test_aftercare_for_a_visit_names_an_unknown_treatment(client: Client) -> None:
    response = client.get("/api/v1/aftercare/botulinum-toxin", {"also": "ha-filer"})

    assert response.status_code in (404, 422)
    assert "ha-filler" in response.content.decode()
