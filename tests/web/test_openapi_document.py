"""What the OpenAPI document says beyond ninja's defaults, so that client generators read it
as the API behaves (the linters' own verdict: test_openapi_lint.py); and the published path
that ends in a slash, which still answers though the document names its twin."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from toxfill.web.api import api
from toxfill.web.clinic.actions.clinics import open_clinic


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    schema: dict[str, Any] = api.get_openapi_schema()
    return schema


def _nodes(node: Any) -> Iterator[Any]:
    yield node
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
    for child in children:
        yield from _nodes(child)


def test_every_operation_says_whether_it_needs_a_sign_in(document: dict[str, Any]) -> None:
    security = {
        f"{method.upper()} {path}": operation["security"]
        for path, operations in document["paths"].items()
        for method, operation in operations.items()
    }
    assert security["GET /api/v1/options"] == []
    assert security["POST /api/v1/clinic/login"] == []
    assert security["GET /api/v1/clinic/{clinic_id}/patients"] == [
        {"PersonalToken": []},
        {"ClinicSession": []},
    ]


def test_it_lists_each_valid_id_once(document: dict[str, Any]) -> None:
    # An area and a zone share some IDs (the neck): the places vocabulary names each once.
    repeated = [
        node["enum"]
        for node in _nodes(document)
        if isinstance(node, dict) and isinstance(node.get("enum"), list)
        if len(set(map(str, node["enum"]))) != len(node["enum"])
    ]
    assert repeated == []


def test_it_keeps_no_schema_that_nothing_refers_to(document: dict[str, Any]) -> None:
    referred = {
        node["$ref"].rsplit("/", 1)[-1]
        for node in _nodes(document)
        if isinstance(node, dict) and isinstance(node.get("$ref"), str)
    }
    assert set(document["components"]["schemas"]) == referred


def test_it_names_the_list_of_ones_clinics_without_a_trailing_slash(
    document: dict[str, Any],
) -> None:
    assert "/api/v1/clinic" in document["paths"]
    assert not [path for path in document["paths"] if path.endswith("/")]


def test_the_list_of_ones_clinics_answers_with_and_without_the_slash(db: None) -> None:
    # given mia, who manages Riverside, signed in
    mia = User.objects.create_user("mia", "mia@example.org", "correct horse battery staple")
    open_clinic(mia, name="Riverside", time_zone="America/New_York")
    browser = Client()
    browser.force_login(mia, backend="toxfill.web.clinic.auth.ClinicBackend")
    # when she asks at the published address and at the documented one
    old, new = browser.get("/api/v1/clinic/"), browser.get("/api/v1/clinic")
    # then both list Riverside, and both refuse a caller who is not signed in
    assert old.status_code == new.status_code == 200
    assert old.json() == new.json()
    assert [clinic["name"] for clinic in new.json()] == ["Riverside"]
    anonymous = Client()
    assert anonymous.get("/api/v1/clinic/").status_code == 401
    assert anonymous.get("/api/v1/clinic").status_code == 401


def _operation(document: dict[str, Any], method: str, path: str) -> dict[str, Any]:
    operation: dict[str, Any] = document["paths"][path][method]
    return operation


def test_what_the_clinic_api_refuses_is_in_the_document(document: dict[str, Any]) -> None:
    """What the clinic API's fuzz test found the document did not say (each was a failure)."""
    schemas = document["components"]["schemas"]
    logout = _operation(document, "post", "/api/v1/clinic/logout")
    notes = _operation(document, "patch", "/api/v1/clinic/{clinic_id}/sessions/{session_id}")
    quantity = schemas["LotIn"]["properties"]["quantity"]["anyOf"]
    name = schemas["PatientFields"]["properties"]["given_name"]

    assert {"409", "422"} <= {str(status) for status in logout["responses"]}  # the key's
    assert "413" in {str(status) for status in notes["responses"]}  # a body over 64 KB
    assert schemas["SessionIn"]["additionalProperties"] is False
    assert schemas["MemberIn"]["properties"]["role"]["enum"] == [
        "provider",
        "front-desk",
        "manager",
        "auditor",
    ]
    assert "cancelled" in schemas["StatusIn"]["properties"]["status"]["enum"]
    assert "photo" in schemas["ConsentIn"]["properties"]["treatment"]["enum"]
    assert quantity[0] == {
        "exclusiveMinimum": 0.0,
        "maximum": 99999999.99,
        "multipleOf": 0.01,
        "type": "number",
    }
    assert quantity[1]["pattern"].startswith("^")
    assert "\\x00-\\x1f" in name["pattern"]


def test_what_a_clinic_write_makes_links_to_the_operations_on_it(document: dict[str, Any]) -> None:
    """A client (and the fuzz test's stateful phase) follows `links` to use what it made."""
    made = _operation(document, "post", "/api/v1/clinic/{clinic_id}/patients")["responses"]
    links = {str(status): answer.get("links", {}) for status, answer in made.items()}["201"]
    invited = _operation(document, "post", "/api/v1/clinic/{clinic_id}/members")["responses"]

    assert links["toxfill_web_clinic_api_patients_patient_detail"]["parameters"] == {
        "clinic_id": "$request.path.clinic_id",
        "patient_id": "$response.body#/id",
    }
    assert "toxfill_web_clinic_api_patients_record_consent" in links
    # adding a member answers with the invitation, whose ID names no member
    assert not any(answer.get("links") for answer in invited.values())


def test_a_version_is_bounded_as_its_column_is(document: dict[str, Any]) -> None:
    """Unbounded, the fuzz test sent a 34-digit version: refused by the JSON reader, unseen."""
    version = document["components"]["schemas"]["VoidIn"]["properties"]["version"]

    assert (version["minimum"], version["maximum"]) == (1, 2**31 - 1)
