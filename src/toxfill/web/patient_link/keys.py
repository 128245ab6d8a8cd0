"""Each clinic's passport signing key: made on first use, published as a JWKS."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from toxfill import passport
from toxfill.web.clinic.models import Clinic, Membership
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.patient_link.models import ClinicKey


def signing_key(clinic: Clinic) -> dict[str, Any]:
    """The clinic's current private signing key (a JWK); a new one the first time."""
    current = ClinicKey.objects.filter(clinic=clinic, retired_at__isnull=True).first()
    if current is None:
        jwk = passport.new_signing_key()
        try:
            with transaction.atomic():
                current = ClinicKey.objects.create(clinic=clinic, kid=jwk["kid"], private_jwk=jwk)
        except IntegrityError:  # pragma: no cover - a second request made one at the same time
            current = ClinicKey.objects.filter(clinic=clinic, retired_at__isnull=True).first()
            assert current is not None
    return dict(current.private_jwk)


def published_keys(clinic: Clinic) -> dict[str, Any]:
    """The clinic's JWKS: every public key it has signed with, retired ones included."""
    rows = ClinicKey.objects.filter(clinic=clinic).order_by("created_at")
    return {"keys": [passport.public_jwk(row.private_jwk) for row in rows]}


def rotate_signing_key(member: Membership) -> str:
    """Retire the clinic's signing key (a manager's call, e.g. after a leak) and make a new
    one; the retired key stays published so the passports it signed still verify. Returns
    the new key's ID."""
    require(member, Permission.MANAGE_MEMBERS)
    with transaction.atomic():
        ClinicKey.objects.filter(clinic_id=member.clinic_id, retired_at__isnull=True).update(
            retired_at=timezone.now()
        )
        jwk = passport.new_signing_key()
        ClinicKey.objects.create(clinic_id=member.clinic_id, kid=jwk["kid"], private_jwk=jwk)
    return str(jwk["kid"])
