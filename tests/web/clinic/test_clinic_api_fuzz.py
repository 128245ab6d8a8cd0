"""Schemathesis drives every clinic API operation in-process from the OpenAPI document, signed
in with a personal token of each role, against a clinic with real records, with its default
checks: no 500, every status and content type documented, every answer matching its schema,
bad input refused, a role's refusal the documented 403.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from tests.web.clinic import fuzz_records
from tests.web.clinic.fuzz_records import ROLES, clinic_records

from toxfill.web.clinic.models import Membership, TreatmentSession
from toxfill.web.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex="^/api/v1/clinic(/|$)"
)


@schema.hook
def flatmap_path_parameters(ctx: Any, path_parameters: dict[str, Any]) -> Any:
    return fuzz_records.swap_path(path_parameters)


@schema.hook
def flatmap_query(ctx: Any, query: dict[str, Any]) -> Any:
    return fuzz_records.swap_query(query)


@schema.hook
def flatmap_body(ctx: Any, body: Any) -> Any:
    return fuzz_records.swap_body(body)


@pytest.fixture(params=ROLES)
def token(
    request: pytest.FixtureRequest,
    personas: dict[str, Membership],
    charted: TreatmentSession,
    voluma_lot: Any,
) -> str:
    return clinic_records(personas, charted)[request.param]


@schema.parametrize()
@settings(max_examples=10, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_clinic_operation_holds_its_contract(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(headers={"Host": "localhost", "Authorization": f"Bearer {token}"})
