"""`toxfill audit verify`: each clinic's audit chain recomputed from its rows, naming the first
row changed, removed or put in out of order directly in the database (audit_chain says how
the chain is made).

Safe while the site runs: the head is read first and only the places up to it are checked (a
row is committed with the head that counts it, so every row up to it is there to read), then
the head is read again: a row past that second head is one no append wrote.
"""

from __future__ import annotations

import heapq
import logging
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Model

from toxfill.web.clinic.audit_chain import GENESIS, audit_models, row_hash
from toxfill.web.clinic.models import AuditChainHead, Clinic

log = logging.getLogger("toxfill.audit")


@dataclass(frozen=True)
class RowRef:
    """A row of the audit trail as a person finds it in the database: table, ID, place."""

    table: str
    id: int
    seq: int
    written: str  # when, as the row says (its history date or viewing time)

    def __str__(self) -> str:
        return f"{self.table} row {self.id} (place {self.seq}, written {self.written})"


@dataclass(frozen=True)
class ChainBreak:
    """Where a chain first fails to verify: at which place, and what was found there."""

    seq: int
    problem: str  # changed, removed, out of order, unchained, no head
    detail: str
    row: RowRef | None


@dataclass(frozen=True)
class ChainReport:
    clinic: Clinic
    rows: int  # rows verified, from the first place on
    head_seq: int
    head_hash: str
    broken: ChainBreak | None

    @property
    def intact(self) -> bool:
        return self.broken is None


@dataclass(frozen=True)
class NotedHead:
    """A clinic's chain head as noted outside the database (the hourly log line shipped to
    another system, or a verify run's output): its place and hash then."""

    clinic: uuid.UUID
    seq: int
    hash: str


def verify(clinics: Iterable[Clinic], noted: Iterable[NotedHead] = ()) -> list[ChainReport]:
    heads = {head.clinic: head for head in noted}
    return [verify_clinic(clinic, heads.get(clinic.public_id)) for clinic in clinics]


def verify_clinic(clinic: Clinic, noted: NotedHead | None = None) -> ChainReport:
    """Recompute the clinic's chain, row by row in place order, from the rows themselves;
    with a head `noted` elsewhere, the chain must still pass through it (a chain rewritten
    from some row to its end, hashes and head recomputed, verifies by itself, but not that)."""
    first_head = _head(clinic)
    bound = first_head.seq if first_head is not None else None
    previous, expected, checked = GENESIS, 1, 0
    last: RowRef | None = None
    past_head: list[RowRef] = []
    broken: ChainBreak | None = None
    for row in heapq.merge(*(_rows(model, clinic) for model in audit_models()), key=_seq):
        ref = _ref(row)
        if bound is not None and ref.seq > bound:
            past_head.append(ref)
            continue
        broken = _check(clinic, row, ref, expected, previous, last) or _check_noted(noted, row, ref)
        if broken is not None:
            break
        previous, expected, checked, last = row.chain_hash, expected + 1, checked + 1, ref
    if broken is None:
        broken = _check_end(clinic, first_head, checked, previous, last, past_head)
    if broken is None and noted is not None and noted.seq > checked:
        broken = ChainBreak(
            checked + 1,
            "removed",
            f"the chain ends at place {checked}, before place {noted.seq} noted elsewhere",
            last,
        )
    head_seq, head_hash = (first_head.seq, first_head.hash) if first_head else (0, GENESIS)
    return ChainReport(clinic, checked, head_seq, head_hash, broken)


def _check(
    clinic: Clinic, row: Any, ref: RowRef, expected: int, previous: str, last: RowRef | None
) -> ChainBreak | None:
    after = f"after {last}" if last else "at the start of the chain"
    if ref.seq < expected:
        return ChainBreak(
            ref.seq,
            "out of order",
            f"a second row claims place {ref.seq}, {after}: put in directly in the database",
            ref,
        )
    if ref.seq > expected:
        missing = str(expected) if ref.seq == expected + 1 else f"{expected} to {ref.seq - 1}"
        return ChainBreak(
            expected,
            "removed",
            f"place {missing} is missing: removed from the database {after}, before {ref}",
            ref,
        )
    if row.chain_hash != row_hash(previous, row, clinic.pk):
        return ChainBreak(
            ref.seq,
            "changed",
            f"{ref} does not match its hash: changed in the database after it was written"
            + (f" (or the row before it, {last}, was replaced)" if last else ""),
            ref,
        )
    return None


def _check_noted(noted: NotedHead | None, row: Any, ref: RowRef) -> ChainBreak | None:
    if noted is None or ref.seq != noted.seq or row.chain_hash == noted.hash:
        return None
    return ChainBreak(
        ref.seq,
        "rewritten",
        f"{ref} hashes to {row.chain_hash[:16]}..., not the {noted.hash[:16]}... noted "
        "elsewhere: the chain was rewritten in the database at this place or before it",
        ref,
    )


def _check_end(
    clinic: Clinic,
    first_head: AuditChainHead | None,
    checked: int,
    previous: str,
    last: RowRef | None,
    past_head: list[RowRef],
) -> ChainBreak | None:
    """The chain ends at its head; a row past the head (as read now) was not appended."""
    if first_head is None:
        if checked:
            return ChainBreak(
                checked, "no head", "the chain's head row (clinic_auditchainhead) is gone", last
            )
        return None
    if first_head.seq > checked:
        missing = (
            str(checked + 1)
            if first_head.seq == checked + 1
            else f"{checked + 1} to {first_head.seq}"
        )
        return ChainBreak(
            checked + 1,
            "removed",
            f"the last rows are missing: place {missing} removed from the database"
            + (f", after {last}" if last else ""),
            None,
        )
    if first_head.hash != previous:
        return ChainBreak(
            checked,
            "changed",
            f"the chain's last row is not the one its head records: {last} was replaced",
            last,
        )
    if past_head:
        now = _head(clinic)
        strays = [ref for ref in past_head if now is None or ref.seq > now.seq]
        if strays:
            return ChainBreak(
                strays[0].seq,
                "unchained",
                f"{strays[0]} is past the chain's head: put in directly in the database",
                strays[0],
            )
    return None


def log_chain_heads() -> int:
    """Each clinic's chain head as a log line (hourly: clinic.tasks), in the form `toxfill
    audit verify --noted` takes. Shipped to another system (web/log_shipping.py), these are the
    heads a chain rewritten in the database no longer passes through. How many were logged."""
    clinics = list(Clinic.objects.order_by("pk"))
    for clinic in clinics:
        head = _head(clinic)
        seq, hash_ = (head.seq, head.hash) if head is not None else (0, GENESIS)
        noted = f"{clinic.public_id}:{seq}:{hash_}"
        log.info("audit chain head %s", noted, extra={"audit_chain_head": noted})
    return len(clinics)


def _head(clinic: Clinic) -> AuditChainHead | None:
    return AuditChainHead.objects.filter(clinic_id=clinic.pk).first()


def _rows(model: type[Model], clinic: Clinic) -> Iterator[Any]:
    clinic_column = getattr(model, "audit_clinic_attname", "clinic_id")
    rows = model._default_manager.filter(**{clinic_column: clinic.pk}).order_by("chain_seq")
    return rows.iterator(chunk_size=2000)


def _seq(row: Any) -> int:
    seq: int = row.chain_seq
    return seq


def _ref(row: Any) -> RowRef:
    written = getattr(row, "history_date", None) or getattr(row, "viewed_at", None)
    return RowRef(
        table=row._meta.db_table,
        id=row.pk,
        seq=row.chain_seq,
        written=written.isoformat(timespec="seconds") if written else "at an unknown time",
    )
