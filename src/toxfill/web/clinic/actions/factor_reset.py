"""A colleague who lost their second factor and its recovery codes (ASVS 5.0 V6.4.4): a manager
of their clinic resets it, after checking who they are as strongly as when they were invited
(in person, or by calling them back on a number the clinic already had), and writes how.

Their authenticator apps, passkeys and recovery codes go, every browser of theirs is signed out,
and they are emailed, so a reset they did not ask for does not pass unseen. At a clinic that
requires a second factor they set up a new one as they next sign in, before anything else. A
manager never resets their own: another manager does, or the operator.
"""

from __future__ import annotations

import logging
import uuid
from typing import NamedTuple

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from toxfill.errors import InputError
from toxfill.records.text import hidden_character
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.browsers import end_other_sessions
from toxfill.web.clinic.models import Membership, Passkey, RecoveryCode
from toxfill.web.clinic.roles import Permission, require

log = logging.getLogger("toxfill.two_factor")

MIN_PROOF = 10  # "in person" alone says too little; "in person with photo ID" says enough
MAX_PROOF = 200


class Reset(NamedTuple):
    removed: int  # authenticator apps and passkeys
    emailed: bool  # False: the member has no email address, so the manager tells them


def reset_second_factor(manager: Membership, membership_id: uuid.UUID, *, proof: str) -> Reset:
    """Remove the member's second factors; `proof` says how the manager checked who they are.
    Membership.DoesNotExist for a member of no clinic of the manager's."""
    require(manager, Permission.MANAGE_MEMBERS)
    member = scoping.members(manager).select_related("user", "clinic").get(public_id=membership_id)
    if member.user_id == manager.user_id:
        raise InputError(
            "member", "your own second factor is reset by another manager, never by yourself"
        )
    if not member.active:
        raise InputError("member", "has left the clinic: there is nothing to reset")
    proof = proof.strip()
    found = hidden_character(proof)
    if found is not None:  # a line break would forge a line of the security log
        raise InputError("proof", f"holds the invisible character {found}: write it on one line")
    if not MIN_PROOF <= len(proof) <= MAX_PROOF:
        raise InputError(
            "proof",
            f"say in {MIN_PROOF} to {MAX_PROOF} characters how you checked who they are, e.g. "
            "'in person, photo ID seen' or 'called back on the number on file'",
        )
    user = member.user
    with transaction.atomic():
        removed = TOTPDevice.objects.filter(user=user).delete()[0]
        removed += Passkey.objects.filter(user=user).delete()[0]
        RecoveryCode.objects.filter(user=user).delete()
    browsers = end_other_sessions(user, keep=None)
    log.warning(
        "second factor of %s reset by %s at clinic %s: %s factor(s) removed, %s browser(s) "
        "signed out; identity checked: %s",
        user.get_username(),
        manager.user.get_username(),
        member.clinic.public_id,
        removed,
        browsers,
        proof,
    )
    if user.email:
        _tell(member, manager)
    return Reset(removed, bool(user.email))


def _tell(member: Membership, manager: Membership) -> None:
    when = timezone.localtime().strftime("%d %B %Y at %H:%M")
    send_mail(
        subject=f"Your two-factor sign-in at {member.clinic.name} was reset",
        message=(
            f"{manager.display_name} reset your two-factor sign-in at {member.clinic.name} on "
            f"{when}: your authenticator app, passkeys and recovery codes no longer work, and "
            "every browser you were signed in on was signed out. Set up a new one on your "
            "Two-factor sign-in page when you next sign in.\n\n"
            "If you did not ask for this, tell your clinic's manager today.\n"
        ),
        from_email=None,
        recipient_list=[member.user.email],
    )
