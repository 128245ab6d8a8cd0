"""A care plan's expected effect over time as an SVG chart, readable without colour: one
panel per treatment, each with its own label, line pattern and marker at every treatment."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from toxfill.knowledge.base import KnowledgeBase
from toxfill.plan import CarePlan, TreatmentPlan

WIDTH = 820
LEFT, RIGHT, TOP = 56, 44, 40
PANEL, GAP, AXIS = 96, 34, 60
DASHES = ("", "8 5", "2 4", "12 4 2 4")
XScale = Callable[[dt.date], float]


def plan_svg(plan: CarePlan, kb: KnowledgeBase) -> str:
    """The chart as a standalone SVG document."""
    span_days = max((plan.end - plan.start).days, 1)
    plot_w = WIDTH - LEFT - RIGHT
    panels = len(plan.treatments)
    bottom = TOP + panels * (PANEL + GAP)
    height = bottom + AXIS

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - plan.start).days / span_days

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="{WIDTH}" height="{height}" role="img" aria-labelledby="tf-title tf-desc" '
        'font-family="system-ui, sans-serif" font-size="12" fill="#111">',
        '<title id="tf-title">Expected effect over time</title>',
        f'<desc id="tf-desc">{escape(_description(plan, kb))}</desc>',
        f'<rect width="{WIDTH}" height="{height}" fill="#fff"/>',
        f'<text x="{LEFT}" y="{TOP - 18}" font-weight="600">Expected effect over time: an '
        "illustration from the cited duration ranges, not a promise</text>",
    ]
    for index, treatment in enumerate(plan.treatments):
        given = [
            v.date
            for v in plan.visits
            for t in v.treatments
            if (t.option, t.concern) == (treatment.option, treatment.concern)
            and t.purpose != "review"
        ]
        top = TOP + index * (PANEL + GAP) + GAP / 2
        parts += _panel(treatment, index, kb, x, top, plot_w, given)
    for visit in plan.visits:
        parts.append(
            f'<path d="M{x(visit.date):.1f},{bottom} l-5,9 h10 z">'
            f"<title>{visit.date.isoformat()}: {escape(visit.purpose)} visit</title></path>"
        )
    parts += _month_ticks(plan, x, bottom + 26)
    parts.append(
        f'<text x="{LEFT}" y="{height - 8}">▲ a planned visit  ● a treatment  '
        "Dates are a plan, not a booking.</text>"
    )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def _panel(
    treatment: TreatmentPlan,
    index: int,
    kb: KnowledgeBase,
    x: XScale,
    top: float,
    width: float,
    given: list[dt.date],
) -> list[str]:
    label = f"{kb.options[treatment.option].label}: {kb.concerns[treatment.concern].label}"
    if treatment.off_label:
        label += " (off-label: not an approved use)"

    def y(effect: float) -> float:
        return top + PANEL * (1 - effect)

    parts = [
        f'<text x="{LEFT}" y="{top - 6:.1f}" font-weight="600">{escape(label)}</text>',
        f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{y(0):.1f}" y2="{y(0):.1f}" stroke="#999"/>',
        f'<line x1="{LEFT}" x2="{LEFT + width}" y1="{y(1):.1f}" y2="{y(1):.1f}" stroke="#ddd"/>',
        f'<text x="{LEFT - 8}" y="{y(1) + 4:.1f}" text-anchor="end">full</text>',
        f'<text x="{LEFT - 8}" y="{y(0) + 4:.1f}" text-anchor="end">none</text>',
        *(
            f'<circle cx="{x(day):.1f}" cy="{y(0):.1f}" r="4"><title>{day.isoformat()}: '
            "treatment</title></circle>"
            for day in given
        ),
    ]
    if not treatment.curve:
        parts.append(
            f'<text x="{LEFT + 8}" y="{y(0.5):.1f}">No reliable duration figure: no curve is '
            "drawn.</text>"
        )
        return parts
    dash = DASHES[index % len(DASHES)]
    points = " ".join(f"{x(p.date):.1f},{y(p.effect):.1f}" for p in treatment.curve)
    parts.append(
        f'<polyline points="{points}" fill="none" stroke="#111" stroke-width="2"'
        + (f' stroke-dasharray="{dash}"' if dash else "")
        + f"><title>{escape(label)}</title></polyline>"
    )
    return parts


def _month_ticks(plan: CarePlan, x: XScale, baseline: float) -> list[str]:
    ticks = []
    step = 3 if (plan.end - plan.start).days > 400 else 1
    day = plan.start.replace(day=1)
    while day <= plan.end:
        if day >= plan.start:
            ticks.append(
                f'<text x="{x(day):.1f}" y="{baseline}" text-anchor="middle">'
                f"{day.strftime('%b %Y')}</text>"
            )
        month = day.month - 1 + step
        day = dt.date(day.year + month // 12, month % 12 + 1, 1)
    return ticks


def _description(plan: CarePlan, kb: KnowledgeBase) -> str:
    treatments = "; ".join(
        f"{kb.options[t.option].label} for {kb.concerns[t.concern].label.lower()}"
        + (" (off-label)" if t.off_label else "")
        + f", {t.treatments_in_horizon} treatments"
        for t in plan.treatments
    )
    return (
        f"{len(plan.visits)} visits from {plan.start.isoformat()} to {plan.end.isoformat()}. "
        f"{treatments}."
    )
