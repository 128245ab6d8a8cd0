"""What the reports' monthly summary should hold, counted here in Python from the sessions and
points themselves, apart from the SQL that keeps it; and the summary as it is."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

from toxfill.web.clinic.models import Clinic, MonthlySummary, TreatmentSession

Key = tuple[str, dt.date, int, str, str, str]  # counted, month, provider, product, unit, lot
Counts = dict[Key, tuple[int, Decimal]]  # sessions, dose


def counted_from_sessions(clinic: Clinic) -> Counts:
    zone = ZoneInfo(clinic.time_zone)
    sessions: dict[Key, int] = defaultdict(int)
    doses: dict[Key, Decimal] = defaultdict(Decimal)
    current = TreatmentSession.objects.filter(clinic=clinic, voided_at__isnull=True)
    for session in current.prefetch_related("points__lot"):
        month = session.performed_at.astimezone(zone).date().replace(day=1)
        points = list(session.points.all())
        sessions[("sessions", month, session.provider_id, "", "", "")] += 1
        for product, unit in {(p.product, p.unit) for p in points}:
            sessions[("product", month, session.provider_id, product, unit, "")] += 1
        for point in points:
            key = ("product", month, session.provider_id, point.product, point.unit, "")
            doses[key] += point.dose
        for lot_number in {p.lot.lot_number for p in points}:
            sessions[("lot", month, session.provider_id, "", "", lot_number)] += 1
    return {key: (n, doses[key]) for key, n in sessions.items()}


def summary_of(clinic: Clinic) -> Counts:
    rows = MonthlySummary.objects.filter(clinic=clinic)
    return {
        (r.counted, r.month, r.provider_id, r.product, r.unit, r.lot_number): (r.sessions, r.dose)
        for r in rows
    }
