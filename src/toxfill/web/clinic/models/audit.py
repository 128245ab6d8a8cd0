"""The audit trail's rows (the change history's and the access log's): written once, never
changed or deleted through the application, each with its place in its clinic's hash chain
(toxfill.web.clinic.audit_chain), and where each clinic's chain ends."""

from __future__ import annotations

from typing import Any, ClassVar, NoReturn

from django.db import models
from simple_history.manager import HistoricalQuerySet

GENESIS = "0" * 64
"""The hash a clinic's chain starts from: the "previous hash" of its first row."""


class AppendOnlyError(RuntimeError):
    """An attempt to change or delete an audit row: a bug in the caller, never bad input."""


def _refuse(what: str) -> NoReturn:
    raise AppendOnlyError(
        f"audit rows are append-only: {what} is refused (the change history and the access "
        "log are written once and never changed or deleted)"
    )


class _AppendOnly:
    """What a queryset of audit rows refuses: every way to change or delete rows in bulk. A
    bulk insert takes its places in the chain (audit_chain.append)."""

    def update(self, **kwargs: Any) -> NoReturn:
        _refuse("a queryset update")

    def delete(self) -> NoReturn:
        _refuse("a queryset delete")

    def _raw_delete(self, using: Any) -> NoReturn:
        _refuse("a queryset delete")

    def bulk_update(self, objs: Any, fields: Any, batch_size: Any = None) -> NoReturn:
        _refuse("a bulk update")

    def update_or_create(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse("update_or_create")

    def bulk_create(self, objs: Any, batch_size: Any = None, **kwargs: Any) -> Any:
        if kwargs.get("ignore_conflicts") or kwargs.get("update_conflicts"):
            _refuse("a bulk insert that ignores or updates conflicting rows")
        from toxfill.web.clinic import audit_chain  # the chain reads these models

        rows = list(objs)
        parent: Any = super()
        return audit_chain.append(
            rows, lambda: parent.bulk_create(rows, batch_size=batch_size, **kwargs)
        )


class AppendOnlyQuerySet(_AppendOnly, models.QuerySet):  # type: ignore[type-arg,misc]
    pass


class AppendOnlyHistoricalQuerySet(_AppendOnly, HistoricalQuerySet):  # type: ignore[misc]
    """`record.history`: django-simple-history's queryset, append-only."""


class AuditRow(models.Model):
    """A row of the audit trail. Saved once (its chain place and hash taken as it is
    inserted); saving it again, or deleting it, raises AppendOnlyError. On the database a
    trigger refuses the same (migration 0013), whoever sends the statement."""

    # This row's place in its clinic's chain (1, 2, ...), and the SHA-256 of the previous
    # row's hash and this row's content (audit_chain.row_hash).
    chain_seq = models.PositiveBigIntegerField(editable=False)
    chain_hash = models.CharField(max_length=64, editable=False)

    # Which column names the clinic whose chain the row is in: `id` for the clinic's own
    # history (ClinicHistory sets it).
    audit_clinic_attname: ClassVar[str] = "clinic_id"

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding or kwargs.get("force_update") or kwargs.get("update_fields"):
            _refuse(f"saving an existing {type(self).__name__}")
        from toxfill.web.clinic import audit_chain  # the chain reads these models

        kwargs["force_insert"] = True
        audit_chain.append([self], lambda: super(AuditRow, self).save(*args, **kwargs))

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        _refuse(f"deleting a {type(self).__name__}")


class AuditChainHead(models.Model):
    """Where a clinic's audit chain ends: its last row's place and hash. Each append locks
    this row first (SELECT ... FOR UPDATE), so two writers at one clinic take turns and the
    chain never forks; `toxfill audit verify` checks the chain ends here."""

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=["clinic"], name="clinic_auditchainhead_clinic"),
        )

    def __str__(self) -> str:
        return f"audit chain of clinic {self.clinic_id}: {self.seq} rows"
