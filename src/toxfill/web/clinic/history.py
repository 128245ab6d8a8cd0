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

from django.db.models import ForeignKey, Model

from toxfill.web.clinic import scoping
from toxfill.web.clinic.models import Membership

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
class Change:
    """One saved version of a record, compared with the version before it."""

    changed_at: dt.datetime
    change: str  # created, changed, deleted
    actor: Actor
    reason: str
    version: int
    fields: tuple[FieldChange, ...]


def record_changes(member: Membership, record: Model) -> list[Change]:
    """Every saved version of `record`, newest first, each with its actor and the fields it
    changed. Three queries whatever the length: the snapshots, the members acting, and the
    members named in a field (e.g. who voided it)."""
    snapshots: list[Any] = list(scoping.changes(member, record))
    snapshots.reverse()  # oldest first, to compare each with the one before
    fields = [f for f in record._meta.concrete_fields if _compared(f)]
    members = _members_named(member, snapshots, fields)
    actors = _actors(member, {s.history_user_id for s in snapshots})
    time_zone = ZoneInfo(member.clinic.time_zone)
    changes = []
    before = None
    for snapshot in snapshots:
        changes.append(
            Change(
                changed_at=snapshot.history_date.astimezone(time_zone),
                change=CHANGE_KINDS.get(snapshot.history_type, snapshot.history_type),
                actor=_actor(snapshot, actors),
                reason=snapshot.history_change_reason or "",
                version=snapshot.version,
                fields=tuple(_differences(fields, before, snapshot, members, time_zone)),
            )
        )
        before = snapshot
    changes.reverse()
    return changes


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
    clinic's zone, a number as written; another record by its public ID."""
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


def _members_named(
    member: Membership, snapshots: Sequence[Any], fields: Sequence[Any]
) -> dict[int, Membership]:
    named = {getattr(s, f.attname) for s in snapshots for f in fields if isinstance(f, ForeignKey)}
    named.discard(None)
    if not named:
        return {}
    return {m.pk: m for m in scoping.members(member).filter(pk__in=named)}


def _actors(member: Membership, user_ids: set[int | None]) -> dict[int, Membership]:
    wanted = user_ids - {None}
    if not wanted:
        return {}
    return {m.user_id: m for m in scoping.members(member).filter(user_id__in=wanted)}


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
