"""The clinic's passport signing keys: a manager rotates them, saying why.

The work is signing.keys.rotate_signing_key's (retire the current key, make and seal a
new one, keep the retired one published); this door adds the reason and its record. A key row
has no change history, and the access log is about patients, so the rotation is recorded as
one log line (WARNING: a security event an operator should see): clinic, member, the retired and new
key IDs (public, as in the JWKS) and the reason; never any key material.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.db import transaction

from toxfill.errors import InputError
from toxfill.web.clinic.models import Clinic, ClinicKey, Membership
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.signing import keys, sealing

log = logging.getLogger("toxfill.signing_keys")

MAX_REASON = 500


def rotate_signing_key(member: Membership, *, reason: str, compromised: bool = False) -> ClinicKey:
    """Retire the clinic's signing key and make a new one (after a leak, or when the secret
    key it was sealed under is lost); passports signed before still verify, unless the key is
    `compromised`: then it is withdrawn from the published keys at once. Returns the new key's
    row."""
    require(member, Permission.MANAGE_MEMBERS)
    reason = reason.strip()
    if not reason:
        raise InputError("reason", "say why the key is rotated, e.g. it leaked, or was lost")
    if len(reason) > MAX_REASON:
        raise InputError("reason", f"say it in at most {MAX_REASON} characters")
    with transaction.atomic():
        # one rotation at a time per clinic, so two at once never leave two current keys
        Clinic.objects.select_for_update().filter(pk=member.clinic_id).first()
        current = ClinicKey.objects.filter(clinic_id=member.clinic_id, retired_at__isnull=True)
        retired = sorted(current.values_list("kid", flat=True))
        kid = keys.rotate_signing_key(member, compromised=compromised)
    log.warning(
        "passport signing key rotated at clinic %s by member %s (%s): %s %s, new %s; reason: %r",
        member.clinic.public_id,
        member.public_id,
        member.user.get_username(),
        "withdrew (compromised)" if compromised else "retired",
        ", ".join(retired) or "none",
        kid,
        reason,
    )
    return ClinicKey.objects.select_related("clinic").get(clinic_id=member.clinic_id, kid=kid)


@dataclass(frozen=True)
class Resealed:
    """What `reseal_every_key` found: how many keys it sealed again under the current secret
    key, how many already were, and the keys no configured secret key opens (current ones,
    which the clinic can no longer sign with, and retired ones, which never sign again)."""

    sealed_again: int
    already_current: int
    unopened_current: list[str]
    unopened_retired: list[str]


def reseal_every_key() -> Resealed:
    """Every clinic's signing keys, retired ones included, sealed with AES-256-GCM under the
    current secret key: after a secret-key rotation, the operator's step before the old key
    leaves TOXFILL_SECRET_KEY_FALLBACKS (keys are otherwise sealed again only when used)."""
    again = current = 0
    unopened: dict[bool, list[str]] = {True: [], False: []}
    for clinic in Clinic.objects.order_by("pk").only("pk", "name"):
        rows = ClinicKey.objects.filter(clinic=clinic).order_by("pk")
        for row in rows.only("pk", "clinic_id", "kid", "sealed_jwk", "retired_at"):
            fresh = sealing.reseal(row.sealed_jwk, clinic_id=clinic.pk, kid=row.kid)
            if fresh is not None:
                ClinicKey.objects.filter(clinic=clinic, pk=row.pk).update(sealed_jwk=fresh)
                again += 1
            elif sealing.opens(row.sealed_jwk, clinic_id=clinic.pk, kid=row.kid):
                current += 1
            else:
                unopened[row.retired_at is None].append(f"{clinic.name} ({row.kid})")
    if again:
        log.warning("passport signing keys sealed again under the current secret key: %s", again)
    return Resealed(again, current, unopened[True], unopened[False])
