"""Reports for managers: sessions and product use per month (by product and provider),
follow-up adherence, and adverse events per 1,000 sessions by product and lot."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from html import escape
from typing import Any

from django.db.models import Count, DateField, ExpressionWrapper, F, Q, QuerySet, Sum
from django.http import HttpRequest, HttpResponse

from toxfill.web.clinic import scoping
from toxfill.web.clinic.models import Counted, FollowUp, FollowUpStatus, Membership
from toxfill.web.clinic.models.followups import ON_TIME_GRACE_DAYS
from toxfill.web.clinic.roles import Permission, require
from toxfill.web.clinic.templatetags.clinic_labels import product_label
from toxfill.web.clinic.views.workspace import page, start_of, today, workspace

MONTHS = 12

# Under this many sessions a product's or a lot's rate per 1,000 is not shown: one event more
# or less would move it by 20 or more per 1,000 (the sample is too small to compare).
SMALL_SAMPLE = 50


def bar_svg(title: str, bars: list[tuple[str, float]], unit: str = "") -> str:
    """A horizontal bar chart with its numbers written out, so it reads without colour."""
    if not bars:
        return ""
    top = max(v for _, v in bars) or 1
    row, left, width = 26, 180, 590
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {row * len(bars) + 10}" '
        f'role="img" aria-label="{escape(title)}">'
    ]
    for index, (label, value) in enumerate(bars):
        y = 5 + index * row
        length = (width - left - 80) * value / top
        parts.append(
            f'<text x="{left - 8}" y="{y + 16}" text-anchor="end" font-size="13">'
            f"{escape(label)}</text>"
            f'<rect class="bar" x="{left}" y="{y + 3}" width="{length:.1f}" height="18"/>'
            f'<text x="{left + length + 6:.1f}" y="{y + 16}" font-size="13">'
            f"{value:g}{escape(unit)}</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


@workspace
def reports(request: HttpRequest, member: Membership) -> HttpResponse:
    require(member, Permission.VIEW_CLINICAL)
    day = today(member)
    since = (day.replace(day=1) - dt.timedelta(days=31 * (MONTHS - 1))).replace(day=1)
    start = start_of(member, since)
    # Sessions and product use from the monthly summary the actions keep, not the points:
    # a few hundred rows a year at any size of clinic.
    summary = scoping.report_summary(member).filter(month__gte=since)
    given = summary.filter(counted=Counted.SESSIONS)
    products = summary.filter(counted=Counted.PRODUCT)
    per_month = list(given.values("month").annotate(n=Sum("sessions")).order_by("month"))
    use = list(
        products.values("month", "product", "unit")
        .annotate(total=Sum("dose"))
        .order_by("month", "product")
    )
    by_provider = list(
        given.values(
            "provider__user__first_name", "provider__user__last_name", "provider__user__username"
        )
        .annotate(n=Sum("sessions"))
        .order_by("-n")
    )
    use_by_provider = list(
        products.values(
            "provider__user__first_name", "provider__user__last_name", "product", "unit"
        )
        .annotate(total=Sum("dose"), sessions=Sum("sessions"))
        .order_by("provider__user__last_name", "product")
    )
    product_totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for row in use:
        product_totals[(row["product"], row["unit"])] += row["total"]
    adherence = _adherence(scoping.followups(member).filter(due_on__gte=since), day)
    # adverse events per 1,000 sessions, by product and by lot (a product is charted in one
    # unit, so its rows' sessions add up)
    sessions_by_product = Counter(dict(products.values_list("product").annotate(n=Sum("sessions"))))
    lots = summary.filter(counted=Counted.LOT)
    sessions_by_lot = Counter(dict(lots.values_list("lot_number").annotate(n=Sum("sessions"))))
    events = scoping.events(member).filter(session__performed_at__gte=start)
    # an event counts once for each product, and once for each lot, its session used
    points = scoping.recall_base(member).filter(session__performed_at__gte=start)
    triples = set(
        points.filter(session__events__isnull=False, session__events__voided_at__isnull=True)
        .values_list("product", "lot__lot_number", "session__events__id")
        .distinct()
    )
    events_by_product = Counter(product for product, _ in {(p, e) for p, _, e in triples})
    events_by_lot = Counter(lot for lot, _ in {(lot, e) for _, lot, e in triples})

    def rates(events_n: Counter[str], sessions_n: Counter[str]) -> list[dict[str, Any]]:
        return [
            {
                "name": k,
                "sessions": n,
                "events": events_n[k],
                "rate": round(1000 * events_n[k] / n, 1) if n else 0.0,
            }
            for k, n in sorted(sessions_n.items())
        ]

    context: dict[str, Any] = {
        "since": since,
        "per_month": [(r["month"], r["n"]) for r in per_month],
        "use": use,
        "by_provider": by_provider,
        "use_by_provider": use_by_provider,
        "product_totals": sorted(product_totals.items()),
        "adherence": adherence,
        "by_product": rates(events_by_product, sessions_by_product),
        "by_lot": rates(events_by_lot, sessions_by_lot),
        "events_total": events.count(),
    }
    context["reviews"] = _review_summary(member)
    context["month_chart"] = bar_svg(
        "Sessions per month", [(m.strftime("%b %Y"), n) for m, n in context["per_month"]]
    )
    # A rate from a few dozen sessions swings with one event: shown only from SMALL_SAMPLE up.
    context["small_sample"] = SMALL_SAMPLE
    context["rates_shown"] = any(r["sessions"] >= SMALL_SAMPLE for r in context["by_product"])
    context["rate_chart"] = bar_svg(
        "Adverse events per 1,000 sessions, by product",
        [(product_label(r["name"]), r["rate"]) for r in context["by_product"]],
    )
    return page(request, member, "clinic/reports.html", context)


def _adherence(followups: QuerySet[FollowUp], day: dt.date) -> dict[str, Any]:
    """Follow-up adherence: the share of follow-ups kept on time (done no later than
    ON_TIME_GRACE_DAYS after the due date), among those whose grace is over by `day` and not
    voided or cancelled; beside it those kept late, not kept, and done with no date recorded.
    Follow-ups due within the grace are counted apart: they may yet be kept on time. One
    query."""
    grace = dt.timedelta(days=ON_TIME_GRACE_DAYS)
    deadline = ExpressionWrapper(F("due_on") + grace, output_field=DateField())
    over = Q(due_on__lt=day - grace)
    done = over & Q(status=FollowUpStatus.DONE)
    counts = (
        followups.filter(due_on__lt=day)
        .exclude(status=FollowUpStatus.CANCELLED)
        .aggregate(
            on_time=Count("id", filter=done & Q(completed_on__lte=deadline)),
            late=Count("id", filter=done & Q(completed_on__gt=deadline)),
            undated=Count("id", filter=done & Q(completed_on__isnull=True)),
            not_kept=Count("id", filter=over & ~Q(status=FollowUpStatus.DONE)),
            within_grace=Count("id", filter=~over),
        )
    )
    due = counts["on_time"] + counts["late"] + counts["undated"] + counts["not_kept"]
    return {
        **counts,
        "due": due,
        "grace_days": ON_TIME_GRACE_DAYS,
        "share": round(100 * counts["on_time"] / due) if due else None,
    }


def _review_summary(member: Membership) -> dict[str, Any]:
    """The patients' own two-week reviews of first sessions (sent through their link), beside
    the follow-ups kept: how many, and the share happy, even and without lasting side effects."""
    reviews = scoping.outcome_reviews(member)
    rows = list(reviews.values_list("satisfaction", "symmetry", "side_effects"))
    total = len(rows)

    def share(count: int) -> int | None:
        return round(100 * count / total) if total else None

    return {
        "total": total,
        "happy": share(sum(1 for sat, _, _ in rows if sat >= 4)),
        "even": share(sum(1 for _, sym, _ in rows if sym == "even")),
        "needed_care": sum(1 for _, _, effects in rows if effects == "needed-care"),
    }
