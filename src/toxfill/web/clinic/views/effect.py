"""The planner's expected-effect curve (toxfill.plan's EffectShape), drawn over a patient's
real sessions: one line per option and concern, rising after each session and fading."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from html import escape

from toxfill.errors import ToxfillError
from toxfill.knowledge import KnowledgeBase
from toxfill.plan import EffectShape, make_plan, parse_plan_request
from toxfill.web.clinic.models import Membership, TreatmentSession
from toxfill.web.clinic.views.workspace import local, today

WIDTH, LEFT, TOP, PLOT_H = 720, 60, 30, 90
DASHES = ("", "6 4", "2 3", "10 3 2 3")


def _shape(kb: KnowledgeBase, option: str, concern: str, product: str) -> EffectShape | None:
    raw = {
        "start": dt.date.today().isoformat(),
        "horizon_months": 12,
        "treatments": [{"option": option, "concern": concern, "product": product}],
    }
    try:
        plan = make_plan(kb, parse_plan_request(kb, raw))
    except ToxfillError:
        return None
    return plan.treatments[0].effect if plan.treatments else None


def effect_svg(kb: KnowledgeBase, sessions: Sequence[TreatmentSession], member: Membership) -> str:
    """An SVG of the expected effect since the first session, to 6 months after today; empty
    when no session treated a concern the planner has figures for."""
    lines: dict[tuple[str, str, str], list[dt.date]] = {}
    for session in sessions:
        day = local(member, session.performed_at).date()
        for point in session.points.all():
            zone = kb.zones.get(point.zone)
            concern = point.concern or (zone.concerns[0] if zone and zone.concerns else "")
            known = kb.products.get(point.product)
            if not concern or known is None:
                continue
            dates = lines.setdefault((known.option, concern, known.id), [])
            if day not in dates:
                dates.append(day)
    # Concerns treated at the same sessions with the same expected effect share one line.
    merged: dict[tuple[str, EffectShape, tuple[dt.date, ...]], list[str]] = {}
    for (option, concern, product), dates in lines.items():
        shape = _shape(kb, option, concern, product)
        if shape is not None:
            key = (option, shape, tuple(sorted(dates)))
            merged.setdefault(key, []).append(kb.concerns[concern].label)
    drawn = [
        (f"{kb.options[option].label}: {', '.join(concerns)}", shape, list(dates))
        for (option, shape, dates), concerns in merged.items()
    ]
    if not drawn:
        return ""
    start = min(d for _, _, dates in drawn for d in dates)
    end = today(member) + dt.timedelta(days=182)
    span = max((end - start).days, 1)
    plot_w = WIDTH - LEFT - 20
    height = TOP + PLOT_H + 40 + 40 * len(drawn)

    def x(day: dt.date) -> float:
        return LEFT + plot_w * (day - start).days / span

    def y(effect: float) -> float:
        return TOP + PLOT_H * (1 - effect)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" role="img" '
        f'aria-labelledby="effect-title">',
        '<title id="effect-title">Expected effect of the sessions charted, from the '
        "planner's cited onset and duration figures; an illustration, not a measurement."
        "</title>",
        f'<line x1="{LEFT}" y1="{y(0)}" x2="{WIDTH - 20}" y2="{y(0)}" stroke="#6b7680"/>',
        f'<line x1="{LEFT}" y1="{y(1)}" x2="{WIDTH - 20}" y2="{y(1)}" stroke="#d0d6dc"/>',
        f'<text x="{LEFT - 6}" y="{y(1) + 4}" text-anchor="end" font-size="12">Full</text>',
        f'<text x="{LEFT - 6}" y="{y(0) + 4}" text-anchor="end" font-size="12">None</text>',
    ]
    now = today(member)
    parts.append(
        f'<line x1="{x(now):.1f}" y1="{TOP - 6}" x2="{x(now):.1f}" y2="{y(0)}" '
        'stroke="#1a1a1a" stroke-dasharray="3 3"/>'
        f'<text x="{x(now):.1f}" y="{TOP - 10}" text-anchor="middle" font-size="12">Today</text>'
    )
    for index, (label, shape, dates) in enumerate(drawn):
        points = []
        day = start
        while day <= end:
            effect = max(shape.at((day - d).days) for d in dates)
            points.append(f"{x(day):.1f},{y(effect):.1f}")
            day += dt.timedelta(days=3)
        dash = DASHES[index % len(DASHES)]
        dash_attr = f' stroke-dasharray="{dash}"' if dash else ""
        parts.append(
            f'<polyline points="{" ".join(points)}" fill="none" stroke="#0b5cad" '
            f'stroke-width="2.5"{dash_attr}/>'
        )
        for d in dates:
            parts.append(f'<circle cx="{x(d):.1f}" cy="{y(0)}" r="4" fill="#1a1a1a"/>')
        legend_y = TOP + PLOT_H + 40 + 40 * index
        option_label, _, concerns = label.partition(": ")
        treated = f"{len(dates)} session{'s' if len(dates) != 1 else ''}"
        parts.append(
            f'<line x1="{LEFT}" y1="{legend_y - 4}" x2="{LEFT + 40}" y2="{legend_y - 4}" '
            f'stroke="#0b5cad" stroke-width="2.5"{dash_attr}/>'
            f'<text x="{LEFT + 48}" y="{legend_y}" font-size="13">{escape(option_label)}, '
            f"{treated}</text>"
            f'<text x="{LEFT + 48}" y="{legend_y + 17}" font-size="13">{escape(concerns)}</text>'
        )
    parts.append(
        f'<text x="{LEFT}" y="{y(0) + 18}" font-size="12">{start:%d %b %Y}</text>'
        f'<text x="{WIDTH - 20}" y="{y(0) + 18}" text-anchor="end" font-size="12">'
        f"{end:%d %b %Y}</text>"
    )
    parts.append("</svg>")
    return "".join(parts)
