"""Each clinic's passport signing key: made on first use, stored sealed, published as a JWKS."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from toxfill import passport
from toxfill.web.clinic.models import Clinic, ClinicKey, Membership
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.signing import sealing


def signing_key(clinic: Clinic) -> dict[str, Any]:
    """The clinic's current private signing key (a JWK); a new one the first time. Raises
    sealing.UnsealError when the stored key no configured secret key opens: never a new key,
    which would leave the published one unused without anyone deciding it."""
    current = ClinicKey.objects.filter(clinic=clinic, retired_at__isnull=True).first()
    if current is None:
        jwk = passport.new_signing_key()
        try:
            with transaction.atomic():
                _create(clinic.pk, jwk)
        except IntegrityError:  # a second request made the first key at the same time
            current = ClinicKey.objects.filter(clinic=clinic, retired_at__isnull=True).first()
            assert current is not None
        else:
            return jwk
    kid = current.kid
    what = f"the passport signing key {kid} of {clinic.name}"
    jwk = sealing.unseal(current.sealed_jwk, clinic_id=clinic.pk, kid=kid, what=what)
    if (fresh := sealing.reseal(current.sealed_jwk, clinic_id=clinic.pk, kid=kid)) is not None:
        # opened with a fallback secret key, or sealed the legacy way (Fernet): seal it with
        # AES-256-GCM under the current one
        ClinicKey.objects.filter(clinic=clinic, pk=current.pk).update(sealed_jwk=fresh)
    return jwk


def published_keys(clinic: Clinic) -> dict[str, Any]:
    """The clinic's JWKS: every public key it has signed with, retired ones included, withdrawn
    (compromised) ones not."""
    rows = ClinicKey.objects.filter(clinic=clinic, withdrawn_at__isnull=True).order_by("created_at")
    return {"keys": [dict(row.public_jwk) for row in rows]}


def retirement_times(clinic: Clinic) -> dict[str, int]:
    """When each of the clinic's retired keys was retired (seconds since 1970), by key ID: a
    passport a retired key says it signed later is not the clinic's."""
    rows = ClinicKey.objects.filter(clinic=clinic, retired_at__isnull=False)
    return {kid: int(at.timestamp()) for kid, at in rows.values_list("kid", "retired_at") if at}


def rotate_signing_key(member: Membership, *, compromised: bool = False) -> str:
    """Retire the clinic's signing key (a manager's call, e.g. after a leak, or when the secret
    key it was sealed under is lost) and make a new one. A retired key stays published so the
    passports it signed still verify; a compromised one is withdrawn at once, so nothing it
    signed verifies any more. Returns the new key's ID."""
    require(member, Permission.MANAGE_MEMBERS)
    now = timezone.now()
    with transaction.atomic():
        ClinicKey.objects.filter(clinic_id=member.clinic_id, retired_at__isnull=True).update(
            retired_at=now, withdrawn_at=now if compromised else None
        )
        jwk = passport.new_signing_key()
        _create(member.clinic_id, jwk)
    return str(jwk["kid"])


def _create(clinic_id: int, jwk: dict[str, Any]) -> ClinicKey:
    return ClinicKey.objects.create(
        clinic_id=clinic_id,
        kid=jwk["kid"],
        sealed_jwk=sealing.seal(jwk, clinic_id=clinic_id, kid=jwk["kid"]),
        public_jwk=passport.public_jwk(jwk),
    )
