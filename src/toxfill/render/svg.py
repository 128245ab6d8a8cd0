"""Pictures as SVG, readable without colour and on a phone: a care plan's expected effect
over time (one panel per treatment), and a stated risk as marked people out of 100 or 10,000."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from toxfill.decide import Rate
from toxfill.decide.words import say as decide_say
from toxfill.knowledge.base import KnowledgeBase
from toxfill.plan import CarePlan, TreatmentPlan
from toxfill.plan.words import say
from toxfill.wording import SPANISH_MONTHS, long_date

XScale = Callable[[dt.date], float]
SINGLE_DASH = "6 4"  # one treatment, not repeated: dashed, thin


@dataclass(frozen=True)
class Layout:
    """Sizes in the SVG's own units. `narrow` is drawn for phones: at 340 units across a
    390 px screen's 358 px column, 13-unit text shows at about 13.7 px (never under 12)."""

    width: int
    font: int
    left: int
    right: int
    panel: int
    gap: int
    max_ticks: int


WIDE = Layout(width=820, font=14, left=64, right=40, panel=100, gap=62, max_ticks=8)
NARROW = Layout(width=340, font=13, left=44, right=14, panel=90, gap=74, max_ticks=4)


def plan_svg(plan: CarePlan, kb: KnowledgeBase, layout: Layout = WIDE, prefix: str = "tf") -> str:
    """The chart as a standalone SVG document; it scales to its box through its viewBox."""
    w = layout
    span_days = max((plan.end - plan.start).days, 1)
    plot_w = w.width - w.left - w.right
    language = plan.language
    title_lines = _wrap(
        say(
            language,
            "Expected effect over time. An illustration from the cited figures, not a promise.",
        ),
        w,
        w.width - 16,
    )
    top = 12 + len(title_lines) * (w.font + 4)
    legend = _legend(w, language)
    panels_h = len(plan.treatments) * (w.panel + w.gap)
    bottom = top + panels_h
    height = bottom + 2 * (w.font + 8) + len(legend) * (w.font + 6) + 8

    def x(day: dt.date) -> float:
        return w.left + plot_w * (day - plan.start).days / span_days

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w.width} {height}" '
        f'width="{w.width}" height="{height}" role="img" '
        f'aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" '
        f'font-family="system-ui, sans-serif" font-size="{w.font}" fill="#111">',
        f'<title id="{prefix}-title">{escape(say(language, "Expected effect over time"))}</title>',
        f'<desc id="{prefix}-desc">{escape(_description(plan, kb))}</desc>',
        f'<rect width="{w.width}" height="{height}" fill="#fff"/>',
        *_lines(title_lines, 8, 8 + w.font, w, bold=True),
    ]
    for index, treatment in enumerate(plan.treatments):
        given = [
            v.date
            for v in plan.visits
            for t in v.treatments
            if (t.option, t.concern) == (treatment.option, treatment.concern)
            and t.purpose != "review"
        ]
        panel_top = top + index * (w.panel + w.gap) + w.gap - 6
        parts += _panel(treatment, kb, x, panel_top, plot_w, given, w, language)
    for visit in plan.visits:
        visit_name = escape(say(language, f"{visit.purpose} visit"))
        parts.append(
            f'<path d="M{x(visit.date):.1f},{bottom} l-5,9 h10 z">'
            f"<title>{long_date(visit.date, language)}: {visit_name}</title></path>"
        )
    parts += _month_ticks(plan, x, bottom + w.font + 12, w)
    parts += _lines(legend, 8, bottom + 2 * (w.font + 8) + w.font, w)
    parts.append("</svg>")
    return "\n".join(parts) + "\n"


def plan_svg_narrow(plan: CarePlan, kb: KnowledgeBase) -> str:
    """The same chart laid out for a phone."""
    return plan_svg(plan, kb, NARROW, prefix="tf-narrow")


def _legend(w: Layout, language: str = "en") -> list[str]:
    items = [
        say(language, "— solid: with the planned treatments"),
        say(language, "- - dashed: one treatment, not repeated"),
        say(language, "▲ a planned visit · ● a treatment"),
        say(language, "Dates are a plan, not a booking."),
    ]
    if w is WIDE:
        return [" · ".join(items[:2]), " · ".join(items[2:])]
    return items


def _panel(
    treatment: TreatmentPlan,
    kb: KnowledgeBase,
    x: XScale,
    top: float,
    width: float,
    given: list[dt.date],
    w: Layout,
    language: str = "en",
) -> list[str]:
    label = f"{kb.options[treatment.option].label}: {kb.concerns[treatment.concern].label}"
    if treatment.off_label:
        label += say(language, " (off-label: not an approved use)")
    label_lines = _wrap(label, w, w.width - 16)[:2]

    def y(effect: float) -> float:
        return top + w.panel * (1 - effect)

    parts = [
        *_lines(label_lines, 8, top - 14 - (len(label_lines) - 1) * (w.font + 4), w, bold=True),
        f'<line x1="{w.left}" x2="{w.left + width}" y1="{y(0):.1f}" y2="{y(0):.1f}" '
        'stroke="#767676"/>',
        f'<line x1="{w.left}" x2="{w.left + width}" y1="{y(1):.1f}" y2="{y(1):.1f}" '
        'stroke="#ccc"/>',
        f'<text x="{w.left - 6}" y="{y(1) + 4:.1f}" text-anchor="end">'
        f"{escape(say(language, 'full'))}</text>",
        f'<text x="{w.left - 6}" y="{y(0) + 4:.1f}" text-anchor="end">'
        f"{escape(say(language, 'none'))}</text>",
        *(
            f'<circle cx="{x(day):.1f}" cy="{y(0):.1f}" r="4"><title>'
            f"{long_date(day, language)}: {escape(say(language, 'treatment'))}</title></circle>"
            for day in given
        ),
    ]
    if not treatment.curve or treatment.effect is None:
        parts += _lines(_wrap(treatment.reading, w, width - 8), w.left + 6, y(0.6), w)
        return parts
    if given:  # one treatment alone, so the fade shows even where the plan repeats it in time
        shape, first = treatment.effect, given[0]
        single = []
        for point in treatment.curve:
            single.append(f"{x(point.date):.1f},{y(shape.at((point.date - first).days)):.1f}")
        parts.append(
            f'<polyline points="{" ".join(single)}" fill="none" stroke="#555" stroke-width="1.5" '
            f'stroke-dasharray="{SINGLE_DASH}">'
            f"<title>{escape(say(language, 'One treatment, not repeated'))}</title>"
            "</polyline>"
        )
    points = " ".join(f"{x(p.date):.1f},{y(p.effect):.1f}" for p in treatment.curve)
    parts.append(
        f'<polyline points="{points}" fill="none" stroke="#111" stroke-width="2.5">'
        f"<title>{escape(label)}: {escape(say(language, 'with the planned treatments'))}"
        "</title></polyline>"
    )
    return parts


def _month_ticks(plan: CarePlan, x: XScale, baseline: float, w: Layout) -> list[str]:
    months = (plan.end.year - plan.start.year) * 12 + plan.end.month - plan.start.month
    step = next(
        (s for s in (1, 2, 3, 6, 12, 24, 60) if months / s + 1 <= w.max_ticks), 60
    )  # few enough labels to fit side by side
    ticks = []
    day = plan.start.replace(day=1)
    while day <= plan.end:
        if day >= plan.start:
            at = x(day)
            half = 2.2 * w.font  # about half of 'Dec 2026'
            anchor = "end" if at + half > w.width else "start" if at - half < 0 else "middle"
            ticks.append(
                f'<text x="{at:.1f}" y="{baseline}" text-anchor="{anchor}">'
                f"{_short_month(day, plan.language)}</text>"
            )
        month = day.month - 1 + step
        day = dt.date(day.year + month // 12, month % 12 + 1, 1)
    return ticks


def _short_month(day: dt.date, language: str) -> str:
    """'Dec 2026' ('dic 2026' in Spanish): month names from a table, not the process's locale."""
    if language == "es":
        return f"{SPANISH_MONTHS[day.month - 1][:3]} {day.year}"
    return day.strftime("%b %Y")


def _description(plan: CarePlan, kb: KnowledgeBase) -> str:
    language = plan.language
    treatments = " ".join(
        say(
            language,
            "{option} for {concern}",
            option=kb.options[t.option].label,
            concern=kb.concerns[t.concern].label.lower(),
        )
        + (say(language, " (off-label)") if t.off_label else "")
        + say(language, ": {count} treatments.", count=t.treatments_in_horizon)
        + f" {t.reading}"
        for t in plan.treatments
    )
    visits = say(
        language,
        "{count} visits from {start} to {end}.",
        count=len(plan.visits),
        start=long_date(plan.start, language),
        end=long_date(plan.end, language),
    )
    return f"{visits} {treatments}"


def _wrap(text: str, w: Layout, room: float) -> list[str]:
    """Words into lines that fit `room` units, at about 0.55 of the font size per letter."""
    per_line = max(10, math.floor(room / (w.font * 0.55)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= per_line:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines


def _lines(lines: list[str], x: float, y: float, w: Layout, bold: bool = False) -> list[str]:
    weight = ' font-weight="600"' if bold else ""
    return [
        f'<text x="{x:.1f}" y="{y + n * (w.font + 4):.1f}"{weight}>{escape(line)}</text>'
        for n, line in enumerate(lines)
    ]


# --- risk pictures (IPDAS: the same denominator for every figure) ---------------------------


def rate_svg(rate: Rate, prefix: str) -> str:
    """Marked people out of 100 (a 10 x 10 grid) or 10,000 (100 x 100 dots, those marked drawn
    large), with the figure in words for screen readers. Marked is filled, others are rings,
    so the picture reads without colour."""
    words = decide_say(
        rate.language,
        "A picture of {out_of} people or treatments, {count} of them marked ({figure} in the"
        " source). {statement}",
        out_of=f"{rate.out_of:,}",
        count=rate.count,
        figure=rate.figure,
        statement=rate.statement,
    )
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" class="tf-people" '
        f'aria-labelledby="{prefix}-title" aria-describedby="{prefix}-desc" '
    )
    title = f'<title id="{prefix}-title">{rate.in_words}</title>'
    desc = f'<desc id="{prefix}-desc">{escape(words)}</desc>'
    if rate.out_of == 100:
        cells = []
        for n in range(100):
            cx, cy = 10 + (n % 10) * 20, 10 + (n // 10) * 20
            if n < rate.count:
                cells.append(f'<circle cx="{cx}" cy="{cy}" r="7" fill="#111"/>')
            else:
                cells.append(
                    f'<circle cx="{cx}" cy="{cy}" r="6" fill="none" stroke="#767676" '
                    'stroke-width="1.5"/>'
                )
        return f'{head}viewBox="0 0 200 200">{title}{desc}{"".join(cells)}</svg>'
    # 10,000: a patterned field of small dots, then the marked ones large on top.
    marked = []
    for n in range(rate.count):
        col, row = (n * 37) % 100, (n * 61) % 100  # spread out, the same every time
        marked.append(f'<circle cx="{col * 2 + 1}" cy="{row * 2 + 1}" r="3.2" fill="#111"/>')
    return (
        f'{head}viewBox="0 0 200 200">{title}{desc}'
        f'<defs><pattern id="{prefix}-dot" width="2" height="2" patternUnits="userSpaceOnUse">'
        '<circle cx="1" cy="1" r="0.6" fill="#9a9a9a"/></pattern></defs>'
        f'<rect width="200" height="200" fill="url(#{prefix}-dot)"/>'
        f"{''.join(marked)}</svg>"
    )
