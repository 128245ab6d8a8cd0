"""Schemathesis drives every public API operation in-process from its own OpenAPI document,
with its default checks: no 500, every status and content type documented, every answer
matching its schema, bad input refused.

One default check is narrowed, not dropped: schema-valid data may still break a clinical rule
the schema cannot state (a product of another option, a use no label approves, a vial size
without label instructions, a plan starting too far from today). Such data gets 422 from the
core's own rule (`type: invalid`, naming the field), never from schema validation.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from toxfill.web.wsgi import application

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


def valid_data_meets_only_clinical_rules(ctx: Any, response: Any, case: Any) -> bool | None:
    """Schema-valid data is accepted, or refused by a clinical rule the schema cannot state."""
    meta = case.meta
    if meta is None or meta.generation.mode.is_negative or response.status_code != 422:
        return None
    kinds = {error["type"] for error in response.json()["detail"]}
    assert kinds == {"invalid"}, f"schema-valid data refused by schema validation: {kinds}"
    return True


@pytest.fixture(autouse=True)
def _database(db: None) -> None:
    """The public operations never touch the database; sessions and auth middleware may look."""


# The clinic API (/api/v1/clinic and below) needs a signed-in caller: it is not public.
@schema.exclude(path_regex="^/api/v1/clinic(/|$)").parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
def test_every_public_operation_holds_its_contract(case: schemathesis.Case) -> None:
    case.call_and_validate(
        headers={"Host": "localhost"},
        excluded_checks=[positive_data_acceptance],
        additional_checks=[valid_data_meets_only_clinical_rules],
    )
