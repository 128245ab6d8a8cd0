"""How every action saves: with its actor in the history, and never over a newer version."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import QuerySet
from django.db.models.lookups import Exact
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.web.clinic import audit_chain
from toxfill.web.clinic.errors import RecordNotFound, StaleWrite
from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.models.base import ClinicRecord, Voidable

R = TypeVar("R", bound=ClinicRecord)


def locked(scoped: QuerySet[R], public_id: uuid.UUID, kind: str, version: int | None) -> R:
    """The record, locked for this transaction, if the caller saw its current `version`.
    `scoped` is filtered by `clinic_id`.

    PostgreSQL locks the row (SELECT ... FOR UPDATE); SQLite's IMMEDIATE transactions hold
    the database's write lock from the start; on both a second writer waits, then sees the
    new version and is refused. The clinic's audit chain is locked first: the change will
    write its history there, and a lock always taken first never waits in a circle
    (audit_chain).
    """
    audit_chain.hold(_clinic_of(scoped))
    found = scoped.select_for_update(of=("self",)).filter(public_id=public_id).first()
    if found is None:
        raise RecordNotFound(kind)
    if version is not None and found.version != version:
        raise StaleWrite(kind, version, found.version)
    return found


def _clinic_of(scoped: QuerySet[Any]) -> int:
    """The clinic a queryset is filtered to (`clinic_id=...` among its conditions)."""
    for condition in scoped.query.where.children:
        if (
            isinstance(condition, Exact)
            and getattr(condition.lhs, "target", None) is not None
            and condition.lhs.target.attname == "clinic_id"
        ):
            return int(condition.rhs)
    raise AssertionError(f"locked() needs a queryset filtered by clinic_id, not {scoped.query}")


def _actor(by: Membership | User) -> User:
    """Who the history names: a member's account, or a person acting for themself (answering
    an invitation) who may be a member nowhere."""
    return by.user if isinstance(by, Membership) else by


def save_new(record: ClinicRecord, by: Membership | User, reason: str = "") -> None:
    record._history_user = _actor(by)  # type: ignore[attr-defined]
    record._change_reason = reason  # type: ignore[attr-defined]
    record.save(force_insert=True)


def save_changed(
    record: ClinicRecord, by: Membership | User, fields: Iterable[str], reason: str = ""
) -> None:
    """Save `fields` and the next version number, with the actor in the history."""
    record.version += 1
    record._history_user = _actor(by)  # type: ignore[attr-defined]
    record._change_reason = reason  # type: ignore[attr-defined]
    record.save(update_fields=[*fields, "version"])


def void(record: Voidable, by: Membership, reason: str) -> None:
    """Mark a record void: it stays, with why and by whom; nothing is ever deleted."""
    if not reason.strip():
        raise InputError("reason", "say why the record is voided")
    if record.voided_at is not None:
        raise InputError("reason", "the record is already voided")
    record.voided_at = timezone.now()
    record.voided_by = by
    record.void_reason = reason.strip()
    assert isinstance(record, ClinicRecord)
    save_changed(record, by, ["voided_at", "voided_by", "void_reason"], f"voided: {reason}")
