"""Each clinic's passport signing key: made on first use, published as a JWKS."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction

from toxfill import passport
from toxfill.web.clinic.models import Clinic
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
