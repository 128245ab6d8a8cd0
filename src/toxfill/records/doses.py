"""Doses against the label: positive, in the product's unit, within the label dose for the
concern and the label's cumulative ceiling; and a toxin session not sooner than the label's
minimum interval without a written reason."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from decimal import Decimal

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import CumulativeDoseLimit, DoseReference, MinimumInterval, Product
from toxfill.records import points as charted
from toxfill.records.findings import Finding, FindingKind, Rule, cited
from toxfill.records.inputs import DoseUnit, TreatedSession
from toxfill.records.points import ReadPoint, read_points


def dose_unit(kb: KnowledgeBase, product_id: str) -> DoseUnit:
    """Units for toxin products, mL for fillers."""
    return charted.dose_unit(kb.options[kb.product(product_id).option])


def check_doses(
    kb: KnowledgeBase,
    session: TreatedSession,
    history: Sequence[TreatedSession] = (),
) -> tuple[Finding, ...]:
    """Doses positive, in the product's unit, within the label dose and cumulative ceilings.

    The label dose is for one treatment of one concern (Botox for frown lines: 20 U over five
    sites), so the points of a product for a concern are added up before comparing. A total
    outside the label's range needs a written reason; a label's cumulative ceiling (Botox:
    400 U in 90 days, with `history`; Xeomin: 400 U a session) blocks.
    """
    read = read_points(kb, session.points)
    findings = [f for point in read for f in _dose_shape(kb, point)]
    totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
    for point in read:
        if not point.counts:
            continue
        if point.concern is None:
            findings.append(_concern_unknown(point))
        else:
            totals[point.product.id, point.concern.id] += point.point.dose
    for (product_id, concern_id), total in totals.items():
        findings += _against_label(kb, kb.products[product_id], concern_id, total)
    findings += _cumulative(kb, session, read, history)
    return tuple(findings)


def _dose_shape(kb: KnowledgeBase, point: ReadPoint) -> list[Finding]:
    findings = []
    if point.point.dose <= 0:
        findings.append(
            Finding(
                Rule.DOSE_POSITIVE,
                FindingKind.ERROR,
                f"{Rule.DOSE_POSITIVE}:{point.field}",
                f"A dose must be more than zero, not {point.point.dose}.",
                field=point.field,
            )
        )
    unit = charted.dose_unit(point.option)
    if point.point.unit is not unit:
        findings.append(
            Finding(
                Rule.DOSE_UNIT,
                FindingKind.ERROR,
                f"{Rule.DOSE_UNIT}:{point.field}",
                f"{point.product.label} is charted in {unit.value}, not {point.point.unit.value}.",
                sources=kb.units_warning.sources if point.is_toxin else (),
                field=point.field,
            )
        )
    return findings


def _concern_unknown(point: ReadPoint) -> Finding:
    return Finding(
        Rule.DOSE_LABEL,
        FindingKind.WARNING,
        f"{Rule.DOSE_LABEL}:{point.product.id}:{point.zone.id}",
        f"Name what the {point.product.label} in {point.zone.label.lower()} treats: without a "
        "concern its dose cannot be checked against the label.",
        field=f"{point.field}.concern",  # answered by naming the point's concern
    )


def _against_label(
    kb: KnowledgeBase, product: Product, concern_id: str, total: Decimal
) -> list[Finding]:
    concern = kb.concerns[concern_id]
    key = f"{Rule.DOSE_LABEL}:{product.id}:{concern_id}"
    unit = charted.dose_unit(kb.options[product.option]).value
    references = [d for d in kb.doses if d.product == product.id and d.concern == concern_id]
    if not references:
        return [
            Finding(
                Rule.DOSE_LABEL,
                FindingKind.WARNING,
                key,
                f"No label dose of {product.label} for {concern.label.lower()} is in the "
                f"knowledge base, so {total} {unit} was not checked against one: check the "
                "current label.",
            )
        ]
    reference = references[0]
    if Decimal(str(reference.units_low)) <= total <= Decimal(str(reference.units_high)):
        return []
    return [
        Finding(
            Rule.DOSE_LABEL,
            FindingKind.OVERRIDE,
            key,
            f"{product.label} for {concern.label.lower()}: {total} {unit} charted, outside the "
            f"label dose of {_label_range(reference)} {unit}. A dose outside the label needs a "
            f"written reason. {reference.text}",
            sources=cited(reference.sources, kb.units_warning.sources),
        )
    ]


def _label_range(reference: DoseReference) -> str:
    low, high = f"{reference.units_low:g}", f"{reference.units_high:g}"
    return low if low == high else f"{low} to {high}"


def _cumulative(
    kb: KnowledgeBase,
    session: TreatedSession,
    read: Sequence[ReadPoint],
    history: Sequence[TreatedSession],
) -> list[Finding]:
    this_session = _toxin_units(read)
    earlier = [
        (past.day, _toxin_units(read_points(kb, past.points, f"history[{index}].points")))
        for index, past in enumerate(history)
        if past.day <= session.day
    ]
    other_toxins = {p for _, units in earlier for p in units} | set(this_session)
    findings = []
    for product_id, units in this_session.items():
        for limit in (c for c in kb.cumulative_limits if c.product == product_id):
            finding = _over_ceiling(kb, limit, session.day, units, earlier)
            if finding is None and limit.units is None and other_toxins - {product_id}:
                finding = Finding(
                    Rule.DOSE_CUMULATIVE,
                    FindingKind.WARNING,
                    f"{Rule.DOSE_CUMULATIVE}:{product_id}:{limit.scope}",
                    f"This patient has had other botulinum toxin products. {limit.text}",
                    sources=cited(limit.sources, kb.units_warning.sources),
                )
            if finding is not None:
                findings.append(finding)
    return findings


def _over_ceiling(
    kb: KnowledgeBase,
    limit: CumulativeDoseLimit,
    day: dt.date,
    units: Decimal,
    earlier: Sequence[tuple[dt.date, dict[str, Decimal]]],
) -> Finding | None:
    if limit.units is None:
        return None
    label = kb.products[limit.product].label
    if limit.within_days is None:
        total, period = units, "this session"
    else:
        window = [
            u.get(limit.product, Decimal(0))
            for d, u in earlier
            if (day - d).days < limit.within_days
        ]
        total = units + sum(window, Decimal(0))
        period = f"the {limit.within_days} days to {day.isoformat()}"
    if total <= limit.units:
        return None
    return Finding(
        Rule.DOSE_CUMULATIVE,
        FindingKind.ERROR,
        f"{Rule.DOSE_CUMULATIVE}:{limit.product}:{limit.scope}",
        f"{label}: {total} U in {period} ({units} U in this session), above the label's "
        f"ceiling of {limit.units} U. {limit.text}",
        sources=cited(limit.sources, kb.units_warning.sources),
    )


def _toxin_units(read: Sequence[ReadPoint]) -> dict[str, Decimal]:
    units: dict[str, Decimal] = defaultdict(Decimal)
    for point in read:
        if point.is_toxin and point.counts:
            units[point.product.id] += point.point.dose
    return dict(units)


def check_interval(
    kb: KnowledgeBase, session: TreatedSession, history: Sequence[TreatedSession]
) -> tuple[Finding, ...]:
    """A toxin session sooner than the label's minimum interval needs an override reason.

    The interval runs from the patient's last toxin session of any product, on or before this
    one; the minimum is the longest that applies, of the products used then and now (each
    product's own, else the class's). The labels set it for cosmetic uses: for a medical use
    the provider is told how long ago the last one was, and the specialist decides.
    """
    now = [p for p in read_points(kb, session.points) if p.is_toxin]
    if not now:
        return ()
    before = [
        (past.day, [p for p in read_points(kb, past.points, "history") if p.is_toxin])
        for past in history
        if past.day <= session.day
    ]
    before = [(day, points) for day, points in before if points]
    if not before:
        return ()
    last_day, last_points = max(before, key=lambda entry: entry[0])
    days = (session.day - last_day).days
    minimums = [m for p in (*now, *last_points) if (m := _minimum(kb, p.product)) is not None]
    kinds = {p.concern.kind for p in now if p.concern is not None}
    unknown_use = any(p.concern is None for p in now)
    applying = [m for m in minimums if m.use_kind is None or m.use_kind in kinds or unknown_use]
    minimum = max(applying, key=lambda m: m.days, default=None)
    if minimum is not None and days < minimum.days:
        return (
            Finding(
                Rule.RETREATMENT_INTERVAL,
                FindingKind.OVERRIDE,
                Rule.RETREATMENT_INTERVAL.value,
                f"The patient's last botulinum toxin session was on {last_day.isoformat()}, "
                f"{days} days before this one; the label's minimum is {minimum.days} days. "
                f"A session sooner needs a written reason. {minimum.text}",
                sources=minimum.sources,
            ),
        )
    unlabelled = [m for m in minimums if m not in applying and days < m.days]
    if unlabelled:
        return (
            Finding(
                Rule.RETREATMENT_INTERVAL,
                FindingKind.WARNING,
                Rule.RETREATMENT_INTERVAL.value,
                f"The patient's last botulinum toxin session was on {last_day.isoformat()}, "
                f"{days} days before this one. The labels' {unlabelled[0].days}-day minimum is "
                "for cosmetic uses; for this use follow the label and the specialist.",
                sources=unlabelled[0].sources,
            ),
        )
    return ()


def _minimum(kb: KnowledgeBase, product: Product) -> MinimumInterval | None:
    return product.retreatment_min or kb.options[product.option].retreatment_min
