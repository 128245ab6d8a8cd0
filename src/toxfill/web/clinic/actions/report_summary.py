"""The reports' monthly summary (MonthlySummary) kept equal to the sessions and points it
counts: an action that charts or voids a session recounts the month and provider it touched,
inside its own transaction; a bulk load, the migration that made the table and the operator
(`toxfill-manage rebuild_report_summary`) rebuild whole clinics.

Both recount from the source rather than add to or take from the counts, so a summary row is
always what the sessions say, however it got there. Each takes the models from an app
registry, so the migration runs the same code on the models as they were then.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps as installed_apps
from django.apps.registry import Apps
from django.db import transaction
from django.db.models import Count, DateField, F, Model, Sum
from django.db.models.functions import TruncMonth

from toxfill.web.clinic.models import Clinic, Counted, TreatmentSession


def month_of(time_zone: str, instant: dt.datetime) -> dt.date:
    """The first day of the month `instant` falls in, in the clinic's time zone."""
    return instant.astimezone(ZoneInfo(time_zone)).date().replace(day=1)


def recount_session(clinic: Clinic, session: TreatmentSession) -> None:
    """Recount the rows a session counts in (its provider's, in its month) after a change to
    it; call it again with the former provider or time when either changes."""
    recount(clinic, session.provider_id, month_of(clinic.time_zone, session.performed_at))


def recount(clinic: Clinic, provider_id: int, month: dt.date) -> None:
    """One provider's summary rows for one month, counted afresh from their sessions, within
    the caller's transaction (the action's own, so the change and its count commit together)."""
    zone = ZoneInfo(clinic.time_zone)
    start = dt.datetime.combine(month, dt.time(), tzinfo=zone)
    end = dt.datetime.combine((month + dt.timedelta(days=31)).replace(day=1), dt.time(), zone)
    models = _Models(installed_apps)
    with transaction.atomic(savepoint=False):
        models.serialise(clinic.pk, provider_id)
        models.summary.filter(clinic_id=clinic.pk, month=month, provider_id=provider_id).delete()
        models.summary.bulk_create(
            models.counted(
                clinic.pk,
                zone,
                performed_at__gte=start,
                performed_at__lt=end,
                provider_id=provider_id,
            )
        )


def rebuild_report_summary(
    clinic_ids: Iterable[int] | None = None, *, apps: Apps = installed_apps
) -> int:
    """Every summary row of these clinics (all when None) counted afresh, one transaction a
    clinic, in a few grouped queries each; the rows written."""
    models = _Models(apps)
    clinics = models.clinic._default_manager.order_by("pk")
    if clinic_ids is not None:
        clinics = clinics.filter(pk__in=list(clinic_ids))
    written = 0
    for clinic_id, time_zone in clinics.values_list("pk", "time_zone"):
        with transaction.atomic():
            models.serialise(clinic_id)
            models.summary.filter(clinic_id=clinic_id).delete()
            rows = models.counted(clinic_id, ZoneInfo(time_zone))
            models.summary.bulk_create(rows, batch_size=2000)
            written += len(rows)
    return written


class _Models:
    """The tables the summary is counted from, as the registry given has them."""

    def __init__(self, apps: Apps) -> None:
        self.clinic: Any = apps.get_model("clinic", "Clinic")
        self.membership: Any = apps.get_model("clinic", "Membership")
        self.session: Any = apps.get_model("clinic", "TreatmentSession")
        self.point: Any = apps.get_model("clinic", "InjectionPoint")
        self.summary_model: Any = apps.get_model("clinic", "MonthlySummary")
        self.summary = self.summary_model._default_manager

    def serialise(self, clinic_id: int, provider_id: int | None = None) -> None:
        """Lock the providers whose rows are about to be recounted, so two transactions that
        recount the same rows take turns: the second then counts the first's session. (A
        NO KEY lock: sessions naming the provider can still be written meanwhile.)"""
        members = self.membership._default_manager.filter(clinic_id=clinic_id)
        if provider_id is not None:
            members = members.filter(pk=provider_id)
        list(members.select_for_update(no_key=True).values_list("pk", flat=True))

    def counted(self, clinic_id: int, zone: ZoneInfo, **sessions: Any) -> list[Model]:
        """The summary rows of the clinic's current sessions that match `sessions` (filters on
        the session's own fields)."""
        current = self.session._default_manager.filter(
            clinic_id=clinic_id, voided_at__isnull=True, **sessions
        )
        # Every table named with its clinic: these models may be a migration's, whose
        # foreign keys do not add the clinic to a join as SameClinicForeignKey does.
        points = self.point._default_manager.filter(
            clinic_id=clinic_id,
            session__clinic_id=clinic_id,
            session__voided_at__isnull=True,
            **{f"session__{name}": value for name, value in sessions.items()},
        )
        month = TruncMonth("performed_at", tzinfo=zone, output_field=DateField())
        point_month = TruncMonth("session__performed_at", tzinfo=zone, output_field=DateField())
        given = (
            current.annotate(month=month)
            .values("month", "provider_id")
            .annotate(sessions=Count("id"))
        )
        by_product = (
            points.annotate(month=point_month, provider_id=F("session__provider_id"))
            .values("month", "provider_id", "product", "unit")
            .annotate(sessions=Count("session_id", distinct=True), dose=Sum("dose"))
        )
        by_lot = (
            points.filter(lot__clinic_id=clinic_id)
            .annotate(
                month=point_month,
                provider_id=F("session__provider_id"),
                lot_number=F("lot__lot_number"),
            )
            .values("month", "provider_id", "lot_number")
            .annotate(sessions=Count("session_id", distinct=True))
        )
        row = self.summary_model
        return [
            *(row(clinic_id=clinic_id, counted=Counted.SESSIONS, **found) for found in given),
            *(row(clinic_id=clinic_id, counted=Counted.PRODUCT, **found) for found in by_product),
            *(row(clinic_id=clinic_id, counted=Counted.LOT, **found) for found in by_lot),
        ]
