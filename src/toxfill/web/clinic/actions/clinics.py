"""Clinics and their members: a founder opens a clinic; its managers change and end
memberships (people join by accepting an invitation: actions/invitations.py)."""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.records import (
    checked_contacts,
    checked_npi,
    checked_out_of_hours,
    checked_phone,
    checked_protocol,
)
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new
from toxfill.web.clinic.models import Clinic, Membership, Role
from toxfill.web.clinic.models.invitations import LICENCE_FIELDS
from toxfill.web.clinic.roles import Permission, require

MEMBER_EDITABLE = frozenset({"role", *LICENCE_FIELDS})


def _checked_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("time_zone", f"unknown time zone {name!r}, e.g. Europe/London") from None
    return name


def checked_role(role: str) -> str:
    if role not in Role.values:
        raise InputError("role", f"must be one of {', '.join(Role.values)}")
    return role


def checked_licence(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Licence fields as given, with an NPI checked (and trimmed) by the CMS rule; a null NPI
    removes it."""
    checked = dict(fields)
    if "npi" in checked:
        checked["npi"] = checked_npi(str(checked["npi"] or ""))
    return checked


def open_clinic(
    founder: User, *, name: str, time_zone: str, jurisdiction: str = "", is_demo: bool = False
) -> Membership:
    """A new clinic, with its founder as its first manager (the only write without a member)."""
    clinic = Clinic(
        name=name.strip(),
        time_zone=_checked_zone(time_zone),
        jurisdiction=jurisdiction,
        is_demo=is_demo,
    )
    with transaction.atomic():
        clinic._history_user = founder  # type: ignore[attr-defined]
        clinic.save(force_insert=True)
        manager = Membership(clinic=clinic, user=founder, role=Role.MANAGER)
        save_new(manager, manager)
    return manager


def open_clinic_for_new_manager(
    *, name: str, time_zone: str, jurisdiction: str, manager: str, manager_email: str
) -> Membership:
    """A clinic opened by the server's operator (`toxfill clinic create` or the operator
    page): a new account for its first manager, with no password until the manager chooses
    one through a one-time link. Refuses a username that has an account (that person is
    invited from the Members page instead) and a blank clinic name."""
    name, username = " ".join(name.split()), manager.strip()
    if not name:
        raise InputError("name", "is required: give the clinic's name, e.g. Lakeside Skin")
    if not username:
        raise InputError("manager", "is required: give the first manager's username, e.g. mia")
    try:
        User.username_validator(username)
    except ValidationError:
        raise InputError(
            "manager", f"{username!r} is not a username: use letters, digits and @ . + - _"
        ) from None
    if len(username) > 150:
        raise InputError("manager", f"is {len(username)} characters: at most 150")
    email = manager_email.strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InputError("manager_email", f"{email!r} is not an e-mail address") from None
    with transaction.atomic():
        if User.objects.select_for_update().filter(username=username).exists():
            raise InputError(
                "manager",
                f"{username!r} has an account already; choose another username (a manager "
                "can invite that person from the Members page)",
            )
        user = User.objects.create_user(username, email)
        user.set_unusable_password()  # until the manager chooses one through the link
        user.save(update_fields=["password"])
        return open_clinic(user, name=name, time_zone=time_zone, jurisdiction=jurisdiction)


def set_clinic_phone(member: Membership, *, phone: str, out_of_hours: str) -> Clinic:
    """The number patients call with a worry, and what the clinic says about calling outside
    its hours: shown on the aftercare sheet and the patient's link. Managers only."""
    require(member, Permission.MANAGE_SETTINGS)
    phone, out_of_hours = checked_phone(phone), checked_out_of_hours(out_of_hours)
    with transaction.atomic():
        clinic = Clinic.objects.select_for_update().get(pk=member.clinic_id)
        if (clinic.phone, clinic.out_of_hours) != (phone, out_of_hours):
            clinic.phone, clinic.out_of_hours = phone, out_of_hours
            clinic.version += 1
            clinic._history_user = member.user  # type: ignore[attr-defined]
            clinic.save(update_fields=["phone", "out_of_hours", "version"])
    return clinic


def set_emergency_plan(
    member: Membership, *, protocol: str, contacts: Iterable[Mapping[str, str]]
) -> Clinic:
    """The clinic's own emergency protocol and the people its team calls, shown on every
    adverse event beside the cited steps. Managers only; a change leaves a history row."""
    require(member, Permission.MANAGE_SETTINGS)
    protocol = checked_protocol(protocol)
    people = [contact.as_json() for contact in checked_contacts(contacts)] or None
    with transaction.atomic():
        clinic = Clinic.objects.select_for_update().get(pk=member.clinic_id)
        if (clinic.emergency_protocol, clinic.escalation_contacts) != (protocol, people):
            clinic.emergency_protocol, clinic.escalation_contacts = protocol, people
            clinic.version += 1
            clinic._history_user = member.user  # type: ignore[attr-defined]
            clinic.save(update_fields=["emergency_protocol", "escalation_contacts", "version"])
    return clinic


def update_member(
    member: Membership, membership_id: uuid.UUID, *, version: int, changes: Mapping[str, Any]
) -> Membership:
    """Change a member's role or licence details. A licence is this clinic's to change only
    if it verified it, or if no other clinic has verified one for the person."""
    require(member, Permission.MANAGE_MEMBERS)
    unknown = set(changes) - MEMBER_EDITABLE
    if unknown:
        raise InputError(sorted(unknown)[0], "cannot be changed here")
    if "role" in changes:
        checked_role(changes["role"])
    changes = checked_licence(changes)
    with transaction.atomic():
        target = locked(
            Membership.objects.filter(clinic_id=member.clinic_id),
            membership_id,
            "member",
            version,
        )
        if changes.get("role", Role.MANAGER) != Role.MANAGER:
            _keep_a_manager(target)
        fields = list(changes)
        if set(changes) & set(LICENCE_FIELDS):
            _may_vouch_for_licence(member, target)
            target.licence_verified_at_id = member.clinic_id
            fields.append("licence_verified_at")
        for name, value in changes.items():
            setattr(target, name, value)
        save_changed(target, member, fields)
    return target


def end_membership(
    member: Membership, membership_id: uuid.UUID, *, version: int, reason: str
) -> Membership:
    """A person stops working at the clinic; their membership and its history stay."""
    require(member, Permission.MANAGE_MEMBERS)
    if not reason.strip():
        raise InputError("reason", "say why the membership ends")
    with transaction.atomic():
        target = locked(
            Membership.objects.filter(clinic_id=member.clinic_id),
            membership_id,
            "member",
            version,
        )
        if target.ended_at is not None:
            raise InputError("reason", "the membership has already ended")
        _keep_a_manager(target)
        target.ended_at = timezone.now()
        save_changed(target, member, ["ended_at"], f"ended: {reason.strip()}")
    return target


def _may_vouch_for_licence(member: Membership, target: Membership) -> None:
    verified_elsewhere = (
        Membership.objects.filter(user_id=target.user_id, licence_verified_at__isnull=False)
        .exclude(licence_verified_at_id=member.clinic_id)
        .exists()
    )
    if verified_elsewhere:  # the target's own membership is among those searched
        raise InputError(
            "licence",
            "verified at another clinic: its holder or that clinic's managers change it",
        )


def _keep_a_manager(leaving: Membership) -> None:
    if leaving.role != Role.MANAGER:
        return
    others = Membership.objects.filter(
        clinic_id=leaving.clinic_id, role=Role.MANAGER, ended_at__isnull=True
    ).exclude(pk=leaving.pk)
    if not others.exists():
        raise InputError("role", "a clinic keeps at least one manager")
