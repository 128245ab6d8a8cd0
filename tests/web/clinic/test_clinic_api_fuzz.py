"""Schemathesis drives every clinic API operation in-process from the OpenAPI document, signed
in with a read-write personal token of each role, against a clinic with real records (see
fuzz_records.py), with its default checks: no 500, every status and content type documented,
every answer matching its schema, bad input refused, a role's refusal the documented 403.

One default check is narrowed, not dropped: schema-valid data is accepted, or refused by a
rule the schema cannot state, with a 422 naming the field (a cursor this API never gave, a
dose beyond the label, a version that is not the record's), never by schema validation; and a
body over the size limit is a 413 whatever its schema allows (JSON Schema bounds a string's
characters, not the bytes of their escapes). Strings are generated without NUL: the JSON
reader refuses a NUL anywhere in a document (PostgreSQL cannot store one;
test_nul_characters.py), which no schema can say of every string.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from pydantic_core.core_schema import ErrorType
from schemathesis.config._checks import NegativeDataRejectionConfig
from schemathesis.specs.openapi.checks import positive_data_acceptance
from tests.web.clinic import fuzz_records
from tests.web.clinic.fuzz_records import ROLES, clinic_records

from toxfill.web.clinic.models import Membership, ProductLot, TreatmentSession
from toxfill.web.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application).include(
    path_regex="^/api/v1/clinic(/|$)"
)
schema.config.generation.update(allow_x00=False)
negative = schema.config.checks.negative_data_rejection
schema.config.checks.negative_data_rejection = NegativeDataRejectionConfig(
    expected_statuses=[*negative.expected_statuses, "413"]
)

SCHEMA_VALIDATION = frozenset(typing.get_args(ErrorType)) | {"json_invalid"}
"""The error types of schema validation (pydantic's, and the JSON reader's)."""


@schema.hook
def flatmap_path_parameters(ctx: Any, path_parameters: Any) -> Any:
    return fuzz_records.swap_path(path_parameters)


@schema.hook
def flatmap_query(ctx: Any, query: Any) -> Any:
    return fuzz_records.swap_query(query)


@schema.hook
def flatmap_body(ctx: Any, body: Any) -> Any:
    return fuzz_records.swap_body(body)


@schema.auth(refresh_interval=None)
class RoleToken:
    """The running test's token, given as schemathesis's auth: its ignored-auth check then
    knows which credentials are real and sends the request without them, or with wrong ones."""

    def get(self, case: schemathesis.Case, ctx: Any) -> str:
        return fuzz_records.KNOWN.token

    def set(self, case: schemathesis.Case, data: str, ctx: Any) -> None:
        case.headers = {**(case.headers or {}), "Authorization": f"Bearer {data}"}


def valid_data_meets_only_rules_the_schema_cannot_state(
    ctx: Any, response: Any, case: Any
) -> bool | None:
    """Schema-valid data is accepted, or refused by a rule (422), or too large (413)."""
    meta = case.meta
    if meta is None or meta.generation.mode.is_negative or response.status_code != 422:
        return None
    kinds = {error["type"] for error in response.json()["detail"]}
    assert not kinds & SCHEMA_VALIDATION, f"schema-valid data refused by schema validation: {kinds}"
    return True


@pytest.fixture(autouse=True)
def _one_connection() -> Iterator[None]:
    """As Django's test client does: the WSGI application closes the database connection
    after each request, which on PostgreSQL would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(params=ROLES)
def token(
    request: pytest.FixtureRequest,
    personas: dict[str, Membership],
    charted: TreatmentSession,
    voluma_lot: ProductLot,
) -> str:
    """A read-write token of the role, at Riverside with its records; the one RoleToken gives."""
    fuzz_records.KNOWN.token = clinic_records(personas, charted)[request.param]
    return fuzz_records.KNOWN.token


@schema.parametrize()
@settings(max_examples=4, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_clinic_operation_holds_its_contract(case: schemathesis.Case, token: str) -> None:
    case.call_and_validate(
        headers={"Host": "localhost"},
        excluded_checks=[positive_data_acceptance],
        additional_checks=[valid_data_meets_only_rules_the_schema_cannot_state],
    )


class ClinicWorkflow(schema.as_state_machine()):  # type: ignore[misc]
    """The stateful phase: chains of calls, each taking IDs from an earlier answer by the
    document's OpenAPI links (openapi.document_links: a record made, then read, changed or
    voided), as the provider, with the stateful checks too (a record made is found)."""

    def get_call_kwargs(self, case: schemathesis.Case) -> dict[str, Any]:
        return {"headers": {"Host": "localhost"}}

    def validate_response(
        self,
        response: Any,
        case: schemathesis.Case,
        additional_checks: list[Any] | None = None,
        **kwargs: Any,
    ) -> None:
        case.validate_response(
            response,
            excluded_checks=[positive_data_acceptance],
            additional_checks=[valid_data_meets_only_rules_the_schema_cannot_state],
        )


def test_clinic_workflows_hold_their_contract(
    personas: dict[str, Membership], charted: TreatmentSession, voluma_lot: ProductLot
) -> None:
    fuzz_records.KNOWN.token = clinic_records(personas, charted)["provider"]
    ClinicWorkflow.run(
        settings=settings(
            max_examples=8,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=list(HealthCheck),
        )
    )
