"""An adverse event triaged on entry (C5): one report per treated option and area, the highest
urgency wins, and an emergency is flagged at once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import UrgencyLevel
from toxfill.records.findings import Finding, FindingKind, Rule, cited
from toxfill.records.inputs import PatientFacts, TreatedSession
from toxfill.records.points import ReadPoint, read_points
from toxfill.triage import TriageResult, parse_report, triage
from toxfill.triage.places import check_places

PREGNANT = "pregnant"


@dataclass(frozen=True)
class EventTriage:
    """An adverse event triaged on entry: the highest urgency over the treated areas."""

    urgency: UrgencyLevel
    results: tuple[TriageResult, ...]  # one per treated option and area, most urgent first
    findings: tuple[Finding, ...]

    @property
    def emergency(self) -> bool:
        return self.urgency is UrgencyLevel.EMERGENCY


def triage_event(
    kb: KnowledgeBase,
    session: TreatedSession,
    patient: PatientFacts,
    onset_on: dt.date,
    symptoms: Sequence[str],
) -> EventTriage:
    """Triage an adverse event of `session` on entry; an emergency is flagged at once.

    Triage rules depend on the treatment and the area (toxin in the bladder, filler near the
    eyes), so each treated option and area is triaged on its own, with the session's other
    treatments named, and the most urgent result leads. `onset_on` is a date in the clinic's
    time zone. Unknown symptoms raise InputError naming the nearest valid ones.
    """
    days_since = (onset_on - session.day).days
    if days_since < 0:
        raise InputError("onset_on", "an adverse event cannot start before the session")
    read = read_points(kb, session.points)
    if not read:
        raise InputError("session", "has no injections: record what was given first")
    groups: dict[tuple[str, str], list[ReadPoint]] = {}
    for point in read:
        groups.setdefault((point.option.id, point.zone.area), []).append(point)
    options = list(dict.fromkeys(p.option.id for p in read))
    reports = [
        parse_report(kb, _report(kb, points, options, days_since, symptoms, patient, onset_on))
        for points in groups.values()
    ]
    results = [triage(kb, report) for report in reports]
    results.sort(key=lambda r: -r.urgency.rank)
    top = results[0]
    findings: tuple[Finding, ...] = ()
    if top.urgency is UrgencyLevel.EMERGENCY:
        findings = (
            Finding(
                Rule.ADVERSE_EVENT_EMERGENCY,
                FindingKind.WARNING,
                Rule.ADVERSE_EVENT_EMERGENCY.value,
                f"Emergency: {top.headline}",
                sources=cited(*(reason.sources for reason in top.reasons)),
            ),
        )
    return EventTriage(urgency=top.urgency, results=tuple(results), findings=findings)


def _report(
    kb: KnowledgeBase,
    points: Sequence[ReadPoint],
    options: Sequence[str],
    days_since: int,
    symptoms: Sequence[str],
    patient: PatientFacts,
    onset_on: dt.date,
) -> dict[str, Any]:
    option = points[0].option.id
    products = list(dict.fromkeys(p.product.id for p in points))
    concerns = list(dict.fromkeys(p.concern.id for p in points if p.concern is not None))
    concern, zone = _charted_place(
        kb, options, concerns[0] if len(concerns) == 1 else None, points[0].zone.id
    )
    return {
        "treatment": option,
        "other_treatments": [o for o in options if o != option],
        "product": products[0] if len(products) == 1 else None,
        "concern": concern,
        "zone": zone,
        "days_since": days_since,
        "symptoms": list(symptoms),
        "age": patient.age_on(onset_on),
        # Known pregnant is said; not recorded is unknown, never "not pregnant".
        "pregnant": True if PREGNANT in patient.health else None,
    }


def _charted_place(
    kb: KnowledgeBase, options: Sequence[str], concern: str | None, zone: str
) -> tuple[str | None, str | None]:
    """The concern and charting zone to report. A record is what was done, so a charted place
    the public vocabulary does not expect (a concern charted outside its usual area) must not
    stop an adverse event being triaged: what does not fit is left out, and an unknown zone
    is read the safer way (every zone's rules apply)."""
    for candidate in ((concern, zone), (None, zone), (concern, None), (None, None)):
        try:
            check_places(kb, options, *candidate)
        except InputError:
            continue
        return candidate
    return None, None
