"""What every clinical row shares: its clinic first, a random public ID, a version, a void."""

from __future__ import annotations

import uuid
from typing import Any, ClassVar

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ClinicRecord(models.Model):
    """A row that belongs to one clinic.

    `clinic_id` leads every index and unique constraint: the column a distributed PostgreSQL
    (Citus) would shard a chain by. URLs carry `public_id`, never the sequential `id`.
    `version` counts the saved changes, so a write based on a stale read is refused.
    """

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    public_id = models.UUIDField(default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        abstract = True
        constraints: ClassVar[tuple[models.BaseConstraint, ...]] = (
            models.UniqueConstraint(
                fields=["clinic", "public_id"], name="%(app_label)s_%(class)s_public_id"
            ),
        )


class Voidable(models.Model):
    """Nothing is deleted: a record is voided, with a reason and by whom."""

    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        "clinic.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    void_reason = models.TextField(blank=True)

    class Meta:
        abstract = True

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None


class ClinicHistory(HistoricalRecords):  # type: ignore[misc]
    """django-simple-history, shaped like the clinical tables: its one index leads with
    clinic_id, the acting user is kept as a plain ID (the actions always set it), and change
    reasons (void reasons, overrides) are not cut short."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            history_user_id_field=models.IntegerField(null=True, blank=True),
            history_change_reason_field=models.TextField(null=True),
            **kwargs,
        )

    @property
    def _date_indexing(self) -> bool:
        return False

    def copy_fields(self, model: type[models.Model]) -> dict[str, models.Field[Any, Any]]:
        fields: dict[str, models.Field[Any, Any]] = super().copy_fields(model)
        for field in fields.values():
            field.db_index = False  # type: ignore[attr-defined]
        return fields

    def get_meta_options(self, model: type[models.Model]) -> dict[str, Any]:
        meta: dict[str, Any] = super().get_meta_options(model)
        leading = ("clinic", "id") if model._meta.model_name != "clinic" else ("id",)
        meta["indexes"] = (models.Index(fields=(*leading, "history_date")),)
        return meta
