"""What every clinical row shares: its clinic first, a random public ID, a version, a void."""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any, ClassVar

from django.db import models
from django.db.models import QuerySet
from django.db.models.fields.related_descriptors import (
    ForwardManyToOneDescriptor,
    ReverseManyToOneDescriptor,
)
from django.db.models.lookups import Exact
from django.db.models.sql.where import AND, WhereNode
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from toxfill.web.clinic.models.audit import AppendOnlyHistoricalQuerySet, AuditRow


class SameClinicRow(models.Model):
    """A row with a `clinic`: saving and re-reading it name its clinic, as every read does
    (tests/sql_scope.py), so the UPDATE uses the clinic's indexes and stays on its shard."""

    if TYPE_CHECKING:
        clinic_id: int

    class Meta:
        abstract = True

    def _do_update(
        self,
        base_qs: QuerySet[Any],
        using: Any,
        pk_val: Any,
        values: Any,
        update_fields: Any,
        forced_update: bool,
    ) -> Any:
        scoped = base_qs.filter(clinic_id=self.clinic_id)
        return super()._do_update(scoped, using, pk_val, values, update_fields, forced_update)

    def refresh_from_db(
        self,
        using: str | None = None,
        fields: Any = None,
        from_queryset: QuerySet[Any] | None = None,
    ) -> None:
        if from_queryset is None:
            from_queryset = type(self)._base_manager.filter(clinic_id=self.clinic_id)  # type: ignore[misc]
        super().refresh_from_db(using, fields, from_queryset)


class ClinicRecord(SameClinicRow):
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
    reasons (void reasons, overrides) are not cut short. Its rows are audit rows: append-only
    and chained per clinic (models.audit.AuditRow), the clinic's own history in its chain."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            history_user_id_field=models.IntegerField(null=True, blank=True),
            history_change_reason_field=models.TextField(null=True),
            bases=(AuditRow,),
            historical_queryset=AppendOnlyHistoricalQuerySet,
            **kwargs,
        )

    def get_extra_fields(self, model: type[models.Model], fields: Any) -> dict[str, Any]:
        extra: dict[str, Any] = super().get_extra_fields(model, fields)
        extra["audit_clinic_attname"] = _clinic_column(model)
        return extra

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
        # One row per place in the clinic's chain; `toxfill audit verify` reads in this order.
        meta["constraints"] = (
            models.UniqueConstraint(
                fields=(leading[0], "chain_seq"),
                name=f"{model._meta.app_label}_history{model._meta.model_name}_chain_seq",
            ),
        )
        return meta


def _clinic_column(model: type[models.Model]) -> str:
    """The column of a model's history naming the clinic: the clinic's own ID in its own."""
    return "id" if model._meta.model_name == "clinic" else "clinic_id"


class SameClinicForwardDescriptor(ForwardManyToOneDescriptor):  # type: ignore[type-arg]
    """`point.lot`, and prefetching it, read the lot at the point's own clinic."""

    def get_prefetch_querysets(
        self, instances: list[Any], querysets: list[QuerySet[Any]] | None = None
    ) -> tuple[Any, ...]:
        scoped = _in_clinics(self.field.related_model, instances, querysets)
        return super().get_prefetch_querysets(instances, [scoped])


class SameClinicReverseDescriptor(ReverseManyToOneDescriptor):  # type: ignore[type-arg]
    """`session.points`, and prefetching them, read the points at the session's own clinic."""

    @cached_property
    def related_manager_cls(self) -> type[Any]:
        base: type[Any] = super().related_manager_cls

        class SameClinicManager(base):  # type: ignore[misc]
            def __init__(self, instance: Any) -> None:
                super().__init__(instance)
                # Among the filters Django defers until the query is read: a prefetch makes
                # this manager for every row and never reads its query, so a filter added
                # after would be built for each row in vain.
                filters: dict[str, Any] = vars(self)["core_filters"]  # this manager's own
                filters["clinic_id"] = instance.clinic_id

            def get_prefetch_querysets(
                self, instances: list[Any], querysets: list[QuerySet[Any]] | None = None
            ) -> tuple[Any, ...]:
                scoped = _in_clinics(self.model, instances, querysets)
                found: tuple[Any, ...] = super().get_prefetch_querysets(instances, [scoped])
                return found

        return SameClinicManager


def _in_clinics(
    model: type[models.Model], instances: list[Any], querysets: list[QuerySet[Any]] | None
) -> QuerySet[Any]:
    queryset = querysets[0] if querysets else model._base_manager.all()
    return queryset.filter(clinic_id__in={instance.clinic_id for instance in instances})


class _SameClinicForeignKey(models.ForeignKey):  # type: ignore[type-arg]
    """A reference from one clinic's record to another record of the same clinic.

    Every way Django follows it names the clinic: a join is ON the key and the clinic
    (`t.clinic_id = u.clinic_id`), `point.lot` and `session.points` filter by the clinic, and
    so does a prefetch. The clinic's indexes, which all start with `clinic_id`, then serve the
    read at any size, and on a distributed PostgreSQL the join stays on one shard.
    tests/sql_scope.py checks every statement of the suite for it.

    The database column and constraint are a plain foreign key's, so migrations see one.
    """

    forward_related_accessor_class = SameClinicForwardDescriptor
    related_accessor_class = SameClinicReverseDescriptor

    def get_extra_descriptor_filter(self, instance: models.Model) -> dict[str, Any]:
        return {"clinic_id": instance.clinic_id}  # type: ignore[attr-defined]

    def get_extra_restriction(self, alias: str, related_alias: str) -> WhereNode:
        related: Any = self.related_model
        target = related._meta.get_field("clinic")
        source: Any = self.model._meta.get_field("clinic")
        same: Any = Exact(target.get_col(alias), source.get_col(related_alias))
        return WhereNode([same], connector=AND)

    def deconstruct(self) -> Any:
        name, _, args, kwargs = super().deconstruct()
        return name, "django.db.models.ForeignKey", args, kwargs


# The type checker's Django plugin types a model's fields from ForeignKey itself.
if TYPE_CHECKING:
    SameClinicForeignKey = models.ForeignKey
else:
    SameClinicForeignKey = _SameClinicForeignKey
