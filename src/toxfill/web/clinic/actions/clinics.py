"""Clinics and their members: a founder opens a clinic; its managers add and change members."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.records.text import check_name
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new
from toxfill.web.clinic.models import Clinic, Membership, Role
from toxfill.web.clinic.roles import Permission, require

MEMBER_EDITABLE = frozenset(
    {
        "role",
        "licence_type",
        "licence_number",
        "licence_jurisdiction",
        "licence_valid_from",
        "licence_expires",
    }
)


def _checked_zone(name: str) -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise InputError("time_zone", f"unknown time zone {name!r}, e.g. Europe/London") from None
    return name


def _checked_role(role: str) -> str:
    if role not in Role.values:
        raise InputError("role", f"must be one of {', '.join(Role.values)}")
    return role


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


def add_member(
    member: Membership,
    *,
    username: str,
    role: str,
    email: str = "",
    password: str | None = None,
    first_name: str = "",
    last_name: str = "",
    licence: Mapping[str, Any] | None = None,
) -> Membership:
    """Add a person to the member's clinic. A new username makes a new account (with
    `password`); an existing one is the same person, who may already work elsewhere."""
    require(member, Permission.MANAGE_MEMBERS)
    _checked_role(role)
    check_name("first_name", first_name)
    check_name("last_name", last_name)
    licence_fields = dict(licence or {})
    if set(licence_fields) - MEMBER_EDITABLE:
        raise InputError("licence", "unknown licence field")
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        if user is None:
            if not password:
                raise InputError("password", "a new account needs a password")
            candidate = User(username=username, email=email, first_name=first_name)
            candidate.last_name = last_name
            try:
                validate_password(password, candidate)
            except ValidationError as exc:
                raise InputError("password", " ".join(exc.messages)) from None
            user = User.objects.create_user(
                username, email, password, first_name=first_name, last_name=last_name
            )
        elif Membership.objects.filter(clinic_id=member.clinic_id, user=user).exists():
            raise InputError("username", "already works at this clinic")
        added = Membership(clinic_id=member.clinic_id, user=user, role=role, **licence_fields)
        save_new(added, member)
    return added


def update_member(
    member: Membership, membership_id: uuid.UUID, *, version: int, changes: Mapping[str, Any]
) -> Membership:
    """Change a member's role or licence details."""
    require(member, Permission.MANAGE_MEMBERS)
    unknown = set(changes) - MEMBER_EDITABLE
    if unknown:
        raise InputError(sorted(unknown)[0], "cannot be changed here")
    if "role" in changes:
        _checked_role(changes["role"])
    with transaction.atomic():
        target = locked(
            Membership.objects.filter(clinic_id=member.clinic_id),
            membership_id,
            "member",
            version,
        )
        if changes.get("role", Role.MANAGER) != Role.MANAGER:
            _keep_a_manager(target)
        for name, value in changes.items():
            setattr(target, name, value)
        save_changed(target, member, changes)
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


def _keep_a_manager(leaving: Membership) -> None:
    if leaving.role != Role.MANAGER:
        return
    others = Membership.objects.filter(
        clinic_id=leaving.clinic_id, role=Role.MANAGER, ended_at__isnull=True
    ).exclude(pk=leaving.pk)
    if not others.exists():
        raise InputError("role", "a clinic keeps at least one manager")
