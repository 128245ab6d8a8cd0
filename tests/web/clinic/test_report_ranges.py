"""Reports filter sessions by a time range on the indexed column, in the clinic's own time
zone, never by casting every row's time to a date (issue 20, item 2)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from toxfill.web.clinic.models import Membership, Patient, TreatmentSession
from toxfill.web.clinic.views import reports
from toxfill.web.clinic.views.workspace import today

# A column cast to a date: SQLite's django_datetime_cast_date(...), PostgreSQL's "col"::date
# or (... AT TIME ZONE ...)::date. A typed literal ('2026-01-01'::date) is fine.
CAST = re.compile(r"cast_date|\"\)*::date|\)::date", re.IGNORECASE)


def _where(sql: str) -> str:
    return sql.split(" WHERE ", 1)[1] if " WHERE " in sql else ""


def test_the_report_filters_sessions_by_a_range_not_a_cast(
    manager: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    with CaptureQueriesContext(connection) as queries:
        page = client_for(manager).get(f"/clinic/{manager.clinic.public_id}/reports/")

    assert page.status_code == 200
    casts = [q["sql"] for q in queries if CAST.search(_where(q["sql"]))]
    assert casts == []


def test_the_first_day_of_the_report_begins_at_midnight_in_the_clinic(
    manager: Membership, provider: Membership, patient: Patient
) -> None:
    # Given Riverside in New York, and sessions just before and just after its first day
    zone = ZoneInfo(manager.clinic.time_zone)
    day = today(manager)
    since = (day.replace(day=1) - dt.timedelta(days=31 * (reports.MONTHS - 1))).replace(day=1)
    midnight = dt.datetime.combine(since, dt.time(), tzinfo=zone)
    for at in (midnight - dt.timedelta(minutes=30), midnight + dt.timedelta(minutes=10)):
        TreatmentSession.objects.create(
            clinic_id=provider.clinic_id, patient=patient, provider=provider, performed_at=at
        )
    start = reports.start_of(manager, since)

    # Then the range starts at New York's midnight: one session in, one out
    counted = TreatmentSession.objects.filter(clinic_id=provider.clinic_id, performed_at__gte=start)
    assert start == midnight
    assert counted.count() == 1


def test_the_dashboard_lists_lots_to_take_off_the_shelf_within_a_bounded_range(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    # Given stock that expired long ago, lately, and soon (rows written directly: the
    # receiving rules refuse an expired lot)
    from decimal import Decimal

    from django.utils import timezone

    from toxfill.web.clinic.models import ProductLot
    from toxfill.web.clinic.views import dashboard

    day = today(manager)
    for lot_number, days in (("OLD", -400), ("LATE", -10), ("SOON", 10)):
        ProductLot.objects.create(
            clinic_id=manager.clinic_id, product="botox", lot_number=lot_number,
            expires_on=day + dt.timedelta(days=days), received_at=timezone.now(),
            received_by=manager, unit="U", quantity_received=Decimal(5),
            quantity_on_hand=Decimal(5),
        )  # fmt: skip

    page = client_for(manager).get(f"/clinic/{manager.clinic.public_id}/")

    # Then the dashboard reads only lots from its lower bound on
    listed = [lot.lot_number for lot in page.context["expiring"]]
    assert listed == ["LATE", "SOON"]
    assert dashboard.EXPIRED_SHOWN_DAYS < 400
