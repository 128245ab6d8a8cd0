"""Invitations: a manager offers a person a role; only that person, signed in, says yes or no.

Whether the username already had an account is never in the manager's answer: both ways the
clinic gets the same pending invitation, and nobody works anywhere without having accepted.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.records.text import check_name
from toxfill.web.clinic import audit_chain
from toxfill.web.clinic.actions.changes import save_changed, save_new
from toxfill.web.clinic.actions.clinics import checked_licence, checked_role
from toxfill.web.clinic.errors import RecordNotFound
from toxfill.web.clinic.models import Answer, Invitation, Membership
from toxfill.web.clinic.models.invitations import INVITATION_LIFETIME, LICENCE_FIELDS, PENDING
from toxfill.web.clinic.roles import Permission, require


def invite_member(
    member: Membership,
    *,
    username: str,
    role: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    licence: Mapping[str, Any] | None = None,
) -> Invitation:
    """Invite a person to the member's clinic in `role`, proposing `licence`.

    A username nobody has yet becomes a new account with `password`; for one that exists the
    password, e-mail and names are checked the same way and then dropped, so the answer (and
    the time it takes) is the same whichever it was.
    """
    require(member, Permission.MANAGE_MEMBERS)
    checked_role(role)
    check_name("first_name", first_name)
    check_name("last_name", last_name)
    proposed = dict(licence or {})
    if set(proposed) - set(LICENCE_FIELDS):
        raise InputError("licence", "unknown licence field")
    proposed = checked_licence(proposed)
    if not password or len(password) > 1000:
        raise InputError("password", "give a password (at most 1000 characters) for the account")
    candidate = User(username=username, email=email, first_name=first_name, last_name=last_name)
    try:
        validate_password(password, candidate)
    except ValidationError as exc:
        raise InputError("password", " ".join(exc.messages)) from None
    candidate.password = make_password(password)
    now = timezone.now()
    with transaction.atomic():
        audit_chain.hold(member.clinic_id)  # before the account's lock: see audit_chain
        user = User.objects.select_for_update().filter(username=username).first()
        if user is None:
            try:
                with transaction.atomic():
                    candidate.save(force_insert=True)
            except IntegrityError:  # the same name was invited at the same moment
                raise InputError(
                    "username",
                    "another invitation for this username was being made at the same moment: "
                    "try again",
                ) from None
            user = candidate
        elif Membership.objects.filter(
            clinic_id=member.clinic_id, user=user, ended_at__isnull=True
        ).exists():
            # the clinic's managers see its members: this says nothing new. Someone who left
            # may be invited back.
            raise InputError("username", "already works at this clinic")
        _close_open_invitation(member, user)
        invitation = Invitation(
            clinic=member.clinic,
            user=user,
            invited_by=member,
            role=role,
            created_at=now,
            expires_at=now + INVITATION_LIFETIME,
            **proposed,
        )
        save_new(invitation, member)
    return invitation


def _close_open_invitation(member: Membership, user: User) -> None:
    """An expired invitation is closed before a new one; a pending one stays the only one."""
    open_one = (
        Invitation.objects.select_for_update(of=("self",))
        .filter(clinic_id=member.clinic_id, user=user, answer="")
        .first()
    )
    if open_one is None:
        return
    if open_one.status == PENDING:
        raise InputError("username", "already invited: withdraw that invitation first")
    _answer(open_one, member.user, Answer.EXPIRED)


def withdraw_invitation(member: Membership, invitation_id: uuid.UUID) -> Invitation:
    """A manager takes back a pending invitation."""
    require(member, Permission.MANAGE_MEMBERS)
    with transaction.atomic():
        audit_chain.hold(member.clinic_id)  # before the invitation's lock: see audit_chain
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .filter(clinic_id=member.clinic_id, public_id=invitation_id)
            .select_related("user", "clinic")
            .first()
        )
        if invitation is None:
            raise RecordNotFound("invitation")
        if invitation.status != PENDING:
            raise InputError(
                "invitation", f"only a pending invitation is withdrawn: {invitation.status}"
            )
        _answer(invitation, member.user, Answer.WITHDRAWN)
    return invitation


def accept_invitation(user: User, invitation_id: uuid.UUID) -> Membership:
    """The invited person joins the clinic. The licence the manager proposed becomes theirs
    there, vouched for by the inviting clinic; with none proposed, the licence another clinic
    verified comes along, still that clinic's to change."""
    with transaction.atomic():
        invitation = _pending_for(user, invitation_id)
        earlier = (
            Membership.objects.select_for_update()
            .filter(clinic_id=invitation.clinic_id, user=user)
            .first()
        )
        if earlier is not None and earlier.active:
            raise InputError("invitation", "you already work at this clinic")
        proposed = invitation.proposed_licence
        if proposed:
            licence: dict[str, Any] = {**proposed, "licence_verified_at_id": invitation.clinic_id}
        else:
            licence = _verified_licence(user)
        if earlier is None:
            joined = Membership(
                clinic_id=invitation.clinic_id, user=user, role=invitation.role, **licence
            )
            save_new(joined, joined, "accepted an invitation")
        else:  # back after leaving: the same membership, its history kept, in the new role
            joined = _rejoined(earlier, invitation.role, licence)
        _answer(invitation, user, Answer.ACCEPTED)
    return joined


def _rejoined(earlier: Membership, role: str, licence: dict[str, Any]) -> Membership:
    earlier.ended_at, earlier.role = None, role
    for name, value in licence.items():
        setattr(earlier, name, value)
    changed = ["ended_at", "role", *licence]
    save_changed(earlier, earlier, changed, "came back by accepting an invitation")
    return earlier


def decline_invitation(user: User, invitation_id: uuid.UUID) -> Invitation:
    """The invited person says no; the clinic sees that the invitation was declined."""
    with transaction.atomic():
        invitation = _pending_for(user, invitation_id)
        _answer(invitation, user, Answer.DECLINED)
    return invitation


def _pending_for(user: User, invitation_id: uuid.UUID) -> Invitation:
    """The person's own pending invitation; anyone else's, or an answered or expired one, is
    not found. Its clinic's audit chain is held first, as every write there holds it before
    any row lock (audit_chain): the clinic is read before the invitation is locked."""
    own = Invitation.objects.filter(user=user, public_id=invitation_id)
    clinic_id = own.values_list("clinic_id", flat=True).first()
    if clinic_id is None:
        raise RecordNotFound("invitation")
    audit_chain.hold(clinic_id)
    invitation = own.select_for_update(of=("self",)).first()
    if invitation is None or invitation.status != PENDING:
        raise RecordNotFound("invitation")
    return invitation


def _answer(invitation: Invitation, by: User, answer: Answer) -> None:
    """Close the invitation, with who closed it in its history: the invited person (who may
    not be a member anywhere) or a manager."""
    invitation.answer = answer
    invitation.answered_at = timezone.now()
    save_changed(invitation, by, ["answer", "answered_at"], answer.value)


def _verified_licence(user: User) -> dict[str, Any]:
    """The person's licence as the clinic that verified it most recently recorded it."""
    source = (
        Membership.objects.filter(user=user, licence_verified_at__isnull=False)
        .order_by("-created_at")
        .first()
    )
    if source is None:
        return {}
    copied = {name: getattr(source, name) for name in LICENCE_FIELDS}
    return {**copied, "licence_verified_at_id": source.licence_verified_at_id}
