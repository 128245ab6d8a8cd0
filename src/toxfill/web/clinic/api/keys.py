"""The clinic's passport signing keys: everyone sees which keys sign its passports; managers
rotate them. Only public halves are shown, as the clinic's JWKS publishes them."""

import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import keys as actions
from toxfill.web.clinic.api.schemas import ERRORS, Input, local
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import ClinicKey

router = Router(tags=["clinic: signing keys"], auth=AUTH)

PRIVATE = frozenset({"d", "p", "q", "dp", "dq", "qi", "oth", "k"})  # JWK members never shown


class SigningKeyOut(Schema):
    kid: str = Field(description="the key ID, as in the JWKS and a passport's header")
    created_at: str
    retired_at: str | None = Field(description="set once rotated: it signs no new passports")
    withdrawn_at: str | None = Field(
        description="set when rotated as compromised: no longer published, so nothing it "
        "signed verifies"
    )
    public_jwk: dict[str, Any] = Field(description="the public key, as published in the JWKS")

    @staticmethod
    def resolve_created_at(key: ClinicKey) -> str | None:
        return local(key.created_at, key.clinic.time_zone)

    @staticmethod
    def resolve_retired_at(key: ClinicKey) -> str | None:
        return local(key.retired_at, key.clinic.time_zone)

    @staticmethod
    def resolve_withdrawn_at(key: ClinicKey) -> str | None:
        return local(key.withdrawn_at, key.clinic.time_zone)

    @staticmethod
    def resolve_public_jwk(key: ClinicKey) -> dict[str, Any]:
        return {name: value for name, value in key.public_jwk.items() if name not in PRIVATE}


class RotateIn(Input):
    reason: str = Field(
        min_length=1,
        max_length=actions.MAX_REASON,
        description="Why, e.g. the key leaked or the secret key it was sealed under is lost; "
        "logged with who rotated it and when.",
    )
    compromised: bool = Field(
        default=False,
        description="The key may be in someone else's hands: withdraw it from the published "
        "keys at once, so no passport it signed (before or after) verifies any more; the "
        "clinic re-issues the passports that matter with the new key.",
    )


@router.get("/{clinic_id}/signing-keys", response={200: list[SigningKeyOut], **ERRORS})
def list_signing_keys(request: HttpRequest, clinic_id: uuid.UUID) -> QuerySet[ClinicKey]:
    """The keys the clinic's passports are signed with, newest first; retired ones stay
    published at /clinics/{clinic_id}/.well-known/jwks.json, so what they signed verifies."""
    return scoping.signing_keys(acting(request, clinic_id))


@router.post("/{clinic_id}/signing-keys/rotate", response={201: SigningKeyOut, **ERRORS})
def rotate_signing_key(request: HttpRequest, clinic_id: uuid.UUID, body: RotateIn) -> Status[Any]:
    """Retire the current key and make a new one; passports signed before still verify, unless
    the key is rotated as compromised (then it is withdrawn at once). Managers only; the
    reason is logged."""
    key = actions.rotate_signing_key(
        acting(request, clinic_id), reason=body.reason, compromised=body.compromised
    )
    return Status(201, key)
