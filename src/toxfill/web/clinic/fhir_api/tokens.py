"""Who is calling the FHIR API: a personal token with the `fhir-read` scope, and their
membership of the clinic in the address."""

from __future__ import annotations

import uuid

from django.http import HttpRequest

from toxfill.web.clinic import scoping
from toxfill.web.clinic.auth import live_token
from toxfill.web.clinic.errors import TokenScopeElsewhere
from toxfill.web.clinic.fhir_api.formats import FhirProblem
from toxfill.web.clinic.models import Membership, TokenScope

REALM = 'Bearer realm="toxfill FHIR"'


def _unsigned(diagnostics: str, challenge: str = REALM) -> FhirProblem:
    return FhirProblem(401, "login", diagnostics, headers={"WWW-Authenticate": challenge})


def fhir_member(request: HttpRequest, clinic_id: uuid.UUID) -> Membership:
    """The caller's membership of the clinic: 401 without a live token, 403 for a token of
    another scope, 404 for a clinic they do not work at (as for no clinic at all).

    Only a token: a signed-in browser session does not open FHIR, so no page of another site
    can read a record through a visitor's cookie."""
    scheme, _, secret = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secret.strip():
        raise _unsigned(
            "send Authorization: Bearer <token>, a personal API token with the 'fhir-read' scope"
        )
    token = live_token(secret.strip())
    if token is None:
        raise _unsigned(
            "the token is unknown, expired or revoked",
            f'{REALM}, error="invalid_token"',
        )
    if token.scope != TokenScope.FHIR_READ:
        raise TokenScopeElsewhere(token.scope, "'fhir-read'", "the FHIR API")
    return scoping.member_of(token.user, clinic_id)
