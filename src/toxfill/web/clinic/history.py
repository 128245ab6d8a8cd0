"""The change history as an auditor reads it: who made each change (a member by name and
role, the patient link, or the system) and which fields went from what to what, computed
from consecutive django-simple-history snapshots. Secrets and storage names are never shown."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import ForeignKey, Model, Q

from toxfill.web.clinic import scoping
from toxfill.web.clinic.models import (
    AdverseEvent,
    Consent,
    FollowUp,
    InjectionPoint,
    Membership,
    Patient,
    Photo,
    TreatmentSession,
)

PATIENT_LINK = "via the patient link"
"""How a change the patient made through their link begins its reason. Such a change has no
user; only then is the marker read, so no member's typed reason can pose as the patient."""

# The row's identity and bookkeeping, shown beside each change rather than as a change.
_NOT_FIELDS = frozenset({"id", "clinic", "public_id", "version", "created_at"})
# Secrets (digests, keys, passwords) and where a photo's file is stored: what changed is
# said, never the value.
_WITHHELD = re.compile(r"secret|password|digest|private|token|sealed|^image$|^thumbnail$")

CHANGE_KINDS = {"+": "created", "~": "changed", "-": "deleted"}


class ActorKind(StrEnum):
    MEMBER = "member"  # a person working at the clinic, by name and role
    PATIENT_LINK = "patient-link"  # the patient, through their personal link
    SYSTEM = "system"  # toxfill itself: a scheduled task, a data migration


@dataclass(frozen=True)
class Actor:
    """Who made a change, as the clinic knows them; never an internal ID."""

    kind: ActorKind
    name: str
    username: str | None = None
    role: str | None = None
    member_id: uuid.UUID | None = None


@dataclass(frozen=True)
class FieldChange:
    """One field's value before and after (before is None on creation); `withheld`: the
    field changed but its values are not shown."""

    field: str
    old: Any
    new: Any
    withheld: bool = False

    @property
    def label(self) -> str:
        return self.field.replace("_", " ").capitalize()

    @property
    def old_text(self) -> str:
        return _text(self.old)

    @property
    def new_text(self) -> str:
        return _text(self.new)


def _text(value: Any) -> str:
    """A value as the page writes it: nothing as a dash, a list as its items."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


@dataclass(frozen=True)
class RecordRef:
    """Which record of the patient's changed: its kind (patient, consent, session,
    injection-point, follow-up, adverse-event, photo) and public ID."""

    kind: str
    id: uuid.UUID

    @property
    def label(self) -> str:
        return self.kind.replace("-", " ").capitalize()


@dataclass(frozen=True)
class Change:
    """One saved version of a record, compared with the version before it."""

    record: RecordRef
    changed_at: dt.datetime
    change: str  # created, changed, deleted
    actor: Actor
    reason: str
    version: int
    fields: tuple[FieldChange, ...]


# What a patient's record holds, and how each kind's rows are found from the patient.
_PATIENT_RECORD: tuple[tuple[str, type[Model], str], ...] = (
    ("patient", Patient, "id"),
    ("consent", Consent, "patient_id"),
    ("session", TreatmentSession, "patient_id"),
    ("injection-point", InjectionPoint, "session__patient_id"),
    ("follow-up", FollowUp, "patient_id"),
    ("adverse-event", AdverseEvent, "patient_id"),
    ("photo", Photo, "patient_id"),
)


def patient_record_changes(member: Membership, patient: Patient) -> list[Change]:
    """Every saved version of the patient's record (identity and contact, consents,
    sessions and their points, follow-ups, adverse events, photos), newest first, each with
    its actor and the fields it changed. A fixed number of queries however long: one per
    kind of record, the members acting, and the members named in a field (who voided it)."""
    snapshots = {
        kind: list(scoping.history(member, model).filter(**{where: patient.pk}))
        for kind, model, where in _PATIENT_RECORD
    }
    fields = {
        kind: [f for f in model._meta.concrete_fields if _compared(f)]
        for kind, model, _ in _PATIENT_RECORD
    }
    named = {
        getattr(row, f.attname)
        for kind, rows in snapshots.items()
        for row in rows
        for f in fields[kind]
        if isinstance(f, ForeignKey)  # a member (see _compared)
    }
    acting = {row.history_user_id for rows in snapshots.values() for row in rows}
    members = _members(member, pks=named, user_ids=acting)
    actors = {m.user_id: m for m in members.values()}
    time_zone = ZoneInfo(member.clinic.time_zone)
    changes = [
        change
        for kind, rows in snapshots.items()
        for change in _compare_versions(kind, rows, fields[kind], members, actors, time_zone)
    ]
    changes.sort(key=lambda c: (c.changed_at, c.version), reverse=True)
    return changes


def _compare_versions(
    kind: str,
    rows: Sequence[Any],
    fields: Sequence[Any],
    members: dict[int, Membership],
    actors: dict[int, Membership],
    time_zone: ZoneInfo,
) -> Iterable[Change]:
    """Each snapshot against the one before it of the same record."""
    before: dict[int, Any] = {}
    for row in sorted(rows, key=lambda r: (r.history_date, r.history_id)):
        yield Change(
            record=RecordRef(kind, row.public_id),
            changed_at=row.history_date.astimezone(time_zone),
            change=CHANGE_KINDS.get(row.history_type, row.history_type),
            actor=_actor(row, actors),
            reason=row.history_change_reason or "",
            version=row.version,
            fields=tuple(_differences(fields, before.get(row.id), row, members, time_zone)),
        )
        before[row.id] = row


def _compared(field: Any) -> bool:
    """A field a change is told by: not the row's identity or bookkeeping, nor its link to
    the record it belongs to (set at creation, never changed); a member it names is."""
    if field.name in _NOT_FIELDS:
        return False
    return not isinstance(field, ForeignKey) or field.related_model is Membership


def _differences(
    fields: Sequence[Any],
    before: Any,
    after: Any,
    members: dict[int, Membership],
    time_zone: ZoneInfo,
) -> Iterable[FieldChange]:
    for field in fields:
        new = getattr(after, field.attname)
        old = None if before is None else getattr(before, field.attname)
        if old == new or (before is None and new in (None, "", [], {})):
            continue
        if _WITHHELD.search(field.name):
            yield FieldChange(field.name, None, None, withheld=True)
            continue
        yield FieldChange(
            field.name,
            _shown(field, old, members, time_zone),
            _shown(field, new, members, time_zone),
        )


def _shown(field: Any, value: Any, members: dict[int, Membership], time_zone: ZoneInfo) -> Any:
    """A value as the API and page show it: a member by name and role, an instant in the
    clinic's zone, a date or number as written."""
    if value is None:
        return None
    if isinstance(field, ForeignKey):  # a member: see _compared
        found = members.get(value)
        return f"{found.display_name} ({found.role})" if found else "a former member"
    if isinstance(value, dt.datetime):
        return value.astimezone(time_zone).isoformat()
    if isinstance(value, dt.date | Decimal | uuid.UUID):
        return str(value)
    return value


def _members(
    member: Membership, *, pks: Iterable[int | None] = (), user_ids: Iterable[int | None] = ()
) -> dict[int, Membership]:
    """The clinic's members (ended ones too) with these primary keys or of these users, by
    primary key: one query, none when nothing is asked for."""
    wanted_pks, wanted_users = set(pks) - {None}, set(user_ids) - {None}
    if not wanted_pks and not wanted_users:
        return {}
    found = scoping.members(member).filter(Q(pk__in=wanted_pks) | Q(user_id__in=wanted_users))
    return {m.pk: m for m in found}


def _actor(snapshot: Any, actors: dict[int, Membership]) -> Actor:
    user_id = snapshot.history_user_id
    if user_id is None:
        reason = snapshot.history_change_reason or ""
        if reason.startswith(PATIENT_LINK):
            return Actor(ActorKind.PATIENT_LINK, "the patient, through their link")
        return Actor(ActorKind.SYSTEM, "toxfill")
    found = actors.get(user_id)
    if found is None:  # only members write a clinic's rows; say so rather than guess
        return Actor(ActorKind.MEMBER, "a person no longer on the clinic's list")
    return Actor(
        ActorKind.MEMBER,
        found.display_name,
        username=found.user.get_username(),
        role=found.role,
        member_id=found.public_id,
    )
