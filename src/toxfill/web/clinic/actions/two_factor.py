"""Second factors: an authenticator app (django-otp's TOTP device) or passkeys, set up and
removed by their owner; recovery codes, shown once, kept as digests and spent once each; and
the manager's switch that requires a second factor of everyone at the clinic.

Each change is logged at WARNING, as a security event (ids and usernames, never a secret).
"""

from __future__ import annotations

import hashlib
import logging
import secrets

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from fido2.webauthn import AttestedCredentialData

from toxfill.errors import InputError
from toxfill.web.clinic.models import Clinic, Membership, Passkey, RecoveryCode
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.second_factor import has_second_factor, required_for

log = logging.getLogger("toxfill.two_factor")

RECOVERY_CODES = 10
# 24 characters of base32's alphabet (letters and 2-7: no 0 or 1 to mistake for o or l),
# 120 random bits: out of reach of guessing, online or against a stolen digest, and above
# the 112 bits under which OWASP ASVS 6.5.2 would ask for a salted password hash instead of
# SHA-256. Codes made when they had 16 characters (80 bits) still work until replaced.
_ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"
_CODE_LENGTH = 24
MAX_CODE = 40  # a recovery code with its dashes and some spaces; anything longer is wrong


def _digits(code: str) -> str:
    return "".join(code.split())


def start_authenticator_app(user: User) -> TOTPDevice:
    """The secret to show as a QR code. It counts once a code from the app confirms it; until
    then the same one is shown again (a page reloaded after scanning still matches the app)."""
    if TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        raise InputError("code", "you already have an authenticator app: remove it first")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Authenticator app", confirmed=False)
    return device


def confirm_authenticator_app(user: User, code: str) -> TOTPDevice:
    """The app is set up once it shows the code the server expects."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=False).first()
        if device is None:
            raise InputError("code", "start setting up the authenticator app again")
        if not device.verify_token(_digits(code)):
            raise InputError("code", "did not match: type the 6 digits the app shows now")
        device.confirmed = True
        device.save(update_fields=["confirmed"])
    log.warning("authenticator app set up by %s", user.get_username())
    return device


def check_authenticator_code(user: User, code: str) -> bool:
    """Whether the code is the app's current one, never used before (django-otp keeps the
    last time step used, and throttles after a wrong code)."""
    with transaction.atomic():
        device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        return device is not None and bool(device.verify_token(_digits(code)))


def check_second_factor_code(user: User, code: str) -> str | None:
    """How a code typed at the second step passes: 'totp' (the app's code now) or
    'recovery' (an unused recovery code, used up by it); None when it does not."""
    code = code.strip()[:MAX_CODE]
    if not code:
        return None
    if _digits(code).isdigit():
        return "totp" if check_authenticator_code(user, code) else None
    return "recovery" if spend_recovery_code(user, code) else None


def add_passkey(user: User, name: str, credential: AttestedCredentialData, counter: int) -> Passkey:
    """Keep the public half of a passkey the browser just made (checked by passkeys.py)."""
    if Passkey.objects.filter(credential_id=bytes(credential.credential_id)).exists():
        raise InputError("credential", "this passkey is set up already")
    passkey: Passkey = Passkey.objects.create(
        user=user,
        name=(name.strip() or "Passkey")[:64],
        credential_id=bytes(credential.credential_id),
        credential=bytes(credential),
        sign_count=counter,
    )
    log.warning("passkey %s added by %s", passkey.pk, user.get_username())
    return passkey


def note_passkey_used(passkey: Passkey, counter: int) -> None:
    passkey.sign_count = counter
    passkey.last_used_at = timezone.now()
    passkey.save(update_fields=["sign_count", "last_used_at"])


def remove_authenticator_app(user: User) -> None:
    with transaction.atomic():
        _keep_one_if_required(user, TOTPDevice.objects.filter(user=user, confirmed=True).count())
        TOTPDevice.objects.filter(user=user).delete()
        _forget_codes_without_factor(user)
    log.warning("authenticator app removed by %s", user.get_username())


def remove_passkey(user: User, passkey_id: int) -> None:
    """Remove one of the person's own passkeys; another person's does not exist for them."""
    with transaction.atomic():
        passkey = Passkey.objects.select_for_update().filter(user=user, pk=passkey_id).first()
        if passkey is None:
            raise InputError("passkey", "no such passkey of yours")
        _keep_one_if_required(user, 1)
        passkey.delete()
        _forget_codes_without_factor(user)
    log.warning("passkey %s removed by %s", passkey_id, user.get_username())


def _keep_one_if_required(user: User, removing: int) -> None:
    """A clinic that requires a second factor keeps its members from removing their last."""
    apps = TOTPDevice.objects.filter(user=user, confirmed=True).count()
    left = apps + Passkey.objects.filter(user=user).count() - removing
    if left < 1 and required_for(user):
        raise InputError(
            "factor", "your clinic requires a second factor: add another before removing this one"
        )


def _forget_codes_without_factor(user: User) -> None:
    if not has_second_factor(user):
        RecoveryCode.objects.filter(user=user).delete()


def code_digest(code: str) -> str:
    normalized = "".join(c for c in code.lower() if c.isalnum())
    return hashlib.sha256(normalized.encode()).hexdigest()


def make_recovery_codes(user: User) -> list[str]:
    """A new set of codes, to be shown once (the previous set stops working)."""
    if not has_second_factor(user):
        raise InputError("factor", "set up an authenticator app or a passkey first")
    codes = [
        "-".join(word[i : i + 4] for i in range(0, _CODE_LENGTH, 4))
        for word in (
            "".join(secrets.choice(_ALPHABET) for _ in range(_CODE_LENGTH))
            for _ in range(RECOVERY_CODES)
        )
    ]
    with transaction.atomic():
        RecoveryCode.objects.filter(user=user).delete()
        RecoveryCode.objects.bulk_create(
            RecoveryCode(user=user, digest=code_digest(code)) for code in codes
        )
    log.warning("recovery codes made anew by %s", user.get_username())
    return codes


def spend_recovery_code(user: User, code: str) -> bool:
    """Whether the code is one of the person's unused ones, which it then uses up (in one
    UPDATE: two sign-ins racing with the same code cannot both pass)."""
    spent = RecoveryCode.objects.filter(
        user=user, digest=code_digest(code), used_at__isnull=True
    ).update(used_at=timezone.now())
    if spent:
        log.warning("recovery code used by %s", user.get_username())
    return spent == 1


def set_two_factor_required(member: Membership, *, required: bool) -> Clinic:
    """Whether everyone at the clinic signs in with a second factor. Managers only; one who
    turns it on has a second factor already (or the switch would shut them out)."""
    require(member, Permission.MANAGE_SETTINGS)
    if required and not has_second_factor(member.user):
        raise InputError(
            "requires_two_factor",
            "set up two-factor sign-in for yourself first (your Two-factor sign-in page)",
        )
    with transaction.atomic():
        clinic = Clinic.objects.select_for_update().get(pk=member.clinic_id)
        changed = clinic.requires_two_factor != required
        if changed:
            clinic.requires_two_factor = required
            clinic.version += 1
            clinic._history_user = member.user  # type: ignore[attr-defined]
            clinic.save(update_fields=["requires_two_factor", "version"])
    if changed:
        log.warning(
            "two-factor sign-in %s at clinic %s by member %s (%s)",
            "required" if required else "no longer required",
            clinic.public_id,
            member.public_id,
            member.user.get_username(),
        )
    return clinic
