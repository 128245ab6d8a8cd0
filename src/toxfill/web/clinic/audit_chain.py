"""Each clinic's audit chain: its change-history and access-log rows in the order they were
written, each holding the SHA-256 of the previous row's hash and its own content, so that a row
changed, removed or slipped in directly in the database breaks the chain where it happened
(`toxfill audit verify`, audit_verify.py).

One chain per clinic spans both kinds of row rather than one chain per kind: every append at
a clinic then takes the same one lock (its AuditChainHead row), so a transaction that both
changes a record and logs a view can never hold one chain's lock while waiting for the other's;
an auditor reads one order of who saw and who changed what; and one head per clinic is all there
is to note down outside the database. The price: at one clinic on PostgreSQL, a page view's
one-row append waits while a write transaction is open there (SQLite lets one writer in at a
time anyway).

A write transaction that locks rows and writes history takes the chain's lock first
(`hold`, done by actions.changes.locked): the lock is then always taken before any row lock,
so two transactions never wait for each other in a circle.

The content hashed is a row's columns as JSON with sorted keys (canonical below). Its format is
part of every stored hash: changing it breaks every chain, so a new format needs a new "v".
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections import defaultdict
from collections.abc import Callable, Sequence
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar

from django.apps import apps
from django.db import models, transaction
from django.db.backends.utils import format_number
from django.db.models.fields.files import FieldFile
from django.utils import timezone

from toxfill.web.clinic.models.audit import GENESIS, AuditChainHead, AuditRow

__all__ = ["GENESIS", "append", "audit_models", "content", "hold", "row_hash"]

FORMAT = 1
T = TypeVar("T")


@cache
def audit_models() -> tuple[type[AuditRow], ...]:
    """Every table of the audit trail: the history of each clinical model, the access log."""
    found = (m for m in apps.get_models() if issubclass(m, AuditRow))
    return tuple(sorted(found, key=lambda m: m._meta.db_table))


def chain_clinic(row: models.Model) -> int:
    """The clinic whose chain the row is in."""
    clinic_id: int | None = getattr(row, getattr(type(row), "audit_clinic_attname", "clinic_id"))
    if clinic_id is None:
        raise ValueError(f"a {type(row).__name__} row without a clinic cannot be chained")
    return clinic_id


def hold(clinic_id: int) -> AuditChainHead:
    """Lock the clinic's chain for this transaction and return where it ends (made the first
    time). On PostgreSQL SELECT ... FOR UPDATE: a second writer at the clinic waits here until
    the first commits, then reads the head as that one left it. SQLite's IMMEDIATE
    transactions already let one writer in at a time."""
    heads = AuditChainHead.objects.select_for_update().filter(clinic_id=clinic_id)
    head = heads.first()
    if head is None:  # the clinic's first audit row; a writer racing us makes it only once
        AuditChainHead.objects.bulk_create(
            [AuditChainHead(clinic_id=clinic_id)], ignore_conflicts=True
        )
        head = heads.first()
        assert head is not None
    return head


def append(rows: Sequence[AuditRow], insert: Callable[[], T]) -> T:
    """Give each new row its place and hash in its clinic's chain, then `insert` them (one
    query, or a batch), then move the head: all in one transaction, under the clinic's lock.
    Three statements per append however many rows: lock the head, insert, move the head."""
    by_clinic: dict[int, list[AuditRow]] = defaultdict(list)
    for row in rows:
        by_clinic[chain_clinic(row)].append(row)
    with transaction.atomic(savepoint=False):
        heads = {clinic_id: hold(clinic_id) for clinic_id in sorted(by_clinic)}
        for clinic_id, group in by_clinic.items():
            head = heads[clinic_id]
            for row in group:
                _settle_decimals(row)
                head.seq += 1
                row.chain_seq = head.seq
                row.chain_hash = head.hash = row_hash(head.hash, row, clinic_id)
        inserted = insert()
        for clinic_id, head in heads.items():
            AuditChainHead.objects.filter(clinic_id=clinic_id, pk=head.pk).update(
                seq=head.seq, hash=head.hash
            )
    return inserted


def row_hash(previous: str, row: models.Model, clinic_id: int) -> str:
    """SHA-256 (hex) of the previous row's hash and this row's canonical content."""
    return hashlib.sha256(previous.encode("ascii") + b"\n" + content(row, clinic_id)).hexdigest()


def content(row: models.Model, clinic_id: int) -> bytes:
    """The row as hashed: its clinic, its table, and every column but its own ID (given by the
    database as it is inserted) and hash, as JSON with sorted keys. A column that is NULL or
    empty is left out, so a column added later as NULL or blank leaves earlier rows' hashes as
    they were (tests/web/clinic/test_audit_rows.py pins the columns)."""
    values: dict[str, Any] = {}
    for field in row._meta.concrete_fields:
        if field.primary_key or field.attname == "chain_hash":
            continue
        value = canonical(field, getattr(row, field.attname))
        if value is not None and value != "":
            values[field.attname] = value
    document = {"v": FORMAT, "clinic": clinic_id, "table": row._meta.db_table, "row": values}
    text = json.dumps(document, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.encode("ascii")


def canonical(field: models.Field[Any, Any], value: Any) -> Any:
    """A column's value as the same JSON whether it is about to be saved or was read back from
    SQLite or PostgreSQL: instants in UTC to the microsecond, decimals to the column's places,
    JSON documents with whole floats as integers (PostgreSQL's jsonb may return either)."""
    if value is None:
        return None
    if isinstance(value, FieldFile):
        return value.name or None
    if isinstance(field, models.JSONField):
        return _json(value)
    value = field.to_python(value)
    if isinstance(field, models.DecimalField):
        return _decimal_text(field, value)
    if isinstance(value, dt.datetime):
        if timezone.is_naive(value):
            value = timezone.make_aware(value, timezone.get_default_timezone())
        return value.astimezone(dt.UTC).isoformat(timespec="microseconds")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return bytes(value).hex()
    if isinstance(value, bool | int | float | str):
        return value
    raise TypeError(f"{field.name}: a {type(value).__name__} cannot be hashed into the chain")


def _json(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


def _decimal_text(field: models.DecimalField[Any, Any], value: Decimal) -> str:
    """To the column's places as the database keeps it (no "-0.00": PostgreSQL has none)."""
    rounded = Decimal(str(format_number(value, field.max_digits, field.decimal_places)))
    return str(format_number(abs(rounded) if rounded == 0 else rounded, None, field.decimal_places))


def _settle_decimals(row: models.Model) -> None:
    """Round each decimal to its column's places before it is hashed, so the database stores
    exactly what was hashed (PostgreSQL would otherwise round it its own way)."""
    for field in row._meta.concrete_fields:
        if isinstance(field, models.DecimalField):
            value = getattr(row, field.attname)
            if value is not None and not hasattr(value, "resolve_expression"):
                setattr(row, field.attname, Decimal(_decimal_text(field, field.to_python(value))))
