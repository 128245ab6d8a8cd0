"""Safety before injecting: filler into a high-risk zone, and the patient's health factors
against the products used (the decision aid's cautions)."""

from __future__ import annotations

from collections.abc import Sequence

from toxfill.errors import UnknownIdError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Caution, CautionLevel, Option, Reversal, Risk
from toxfill.records.findings import Finding, FindingKind, Rule, cited
from toxfill.records.inputs import PatientFacts, TreatedSession
from toxfill.records.points import ReadPoint, read_points
from toxfill.wording import in_words

VESSEL_RISK = "vascular-occlusion"
"""The risk ID of filler blocking a blood vessel, in each filler option's risks."""


def check_vessel_risk(kb: KnowledgeBase, session: TreatedSession) -> tuple[Finding, ...]:
    """Filler into a high-risk zone: confirm hyaluronidase is at hand, or warn.

    Whether an enzyme can dissolve the filler is the option's cited reversibility (hyaluronic
    acid: hyaluronidase), so the rule follows the data, not a list of products.
    """
    at_risk = [p for p in read_points(kb, session.points) if p.is_filler and p.zone.vessel_risk]
    findings = []
    dissolvable = [p for p in at_risk if p.option.reversibility.reversal is Reversal.ENZYME]
    if dissolvable:
        findings.append(
            Finding(
                Rule.HYALURONIDASE_AT_HAND,
                FindingKind.CONFIRM,
                Rule.HYALURONIDASE_AT_HAND.value,
                f"{_products(dissolvable)} into {_zones(dissolvable)}, where filler blocks a "
                "blood vessel more often. Confirm that hyaluronidase is at hand before "
                "injecting: it dissolves this filler, and acting early matters.",
                sources=_sources(dissolvable),
                field=dissolvable[0].field,
            )
        )
    for option_id in dict.fromkeys(p.option.id for p in at_risk if p not in dissolvable):
        points = [p for p in at_risk if p.option.id == option_id]
        option = points[0].option
        findings.append(
            Finding(
                Rule.VESSEL_RISK,
                FindingKind.WARNING,
                f"{Rule.VESSEL_RISK}:{option_id}",
                f"{_products(points)} into {_zones(points)}, where filler blocks a blood vessel "
                f"more often. No enzyme dissolves {option.label.lower()}: if it blocks a vessel "
                f"it cannot be reversed. {_risk_text(option)}".strip(),
                sources=_sources(points),
                field=points[0].field,
            )
        )
    return tuple(findings)


def _products(points: Sequence[ReadPoint]) -> str:
    return in_words(list(dict.fromkeys(p.product.label for p in points)))


def _zones(points: Sequence[ReadPoint]) -> str:
    return in_words(list(dict.fromkeys(p.zone.label.lower() for p in points)))


def _risk(option: Option) -> Risk | None:
    return next((r for r in option.risks if r.id == VESSEL_RISK), None)


def _risk_text(option: Option) -> str:
    risk = _risk(option)
    return risk.text if risk else ""


def _sources(points: Sequence[ReadPoint]) -> tuple[str, ...]:
    zone_claims = [p.zone.vessel_risk.sources for p in points if p.zone.vessel_risk]
    option_claims = [
        claim.sources
        for option in dict.fromkeys(p.option for p in points)
        for claim in (option.reversibility, _risk(option))
        if claim is not None
    ]
    return cited(*zone_claims, *option_claims)


def check_health(
    kb: KnowledgeBase, patient: PatientFacts, session: TreatedSession
) -> tuple[Finding, ...]:
    """The patient's health factors against the products used: the decision aid's cautions.

    A caution applies when its health factor is the patient's, it names the product or the
    whole class, and its use matches the concern treated (an unnamed concern matches: uncertain
    is not safe). A warning or relative contraindication is shown; an absolute one (the label
    says do not treat) needs a written reason, so it is never passed over by a click.
    """
    for index, factor in enumerate(patient.health):
        if factor not in kb.health_factors:
            field = f"patient.health[{index}]"
            raise UnknownIdError(field, "health factor", factor, kb.health_factors)
    findings: dict[str, Finding] = {}
    for point in read_points(kb, session.points):
        for caution in point.option.cautions:
            if not _applies(caution, point, patient):
                continue
            key = f"{Rule.HEALTH_CAUTION}:{caution.health}:{point.product.id}"
            factor = kb.health_factors[caution.health].label
            absolute = caution.level is CautionLevel.ABSOLUTE
            findings.setdefault(
                key,
                Finding(
                    Rule.HEALTH_CAUTION,
                    FindingKind.OVERRIDE if absolute else FindingKind.WARNING,
                    key,
                    f"{factor}, and {point.product.label} is charted"
                    + (" (contraindicated: proceeding needs a written reason)" if absolute else "")
                    + f": {caution.text} Discuss: {caution.discuss}",
                    sources=caution.sources,
                    field=point.field,
                ),
            )
    return tuple(findings.values())


def _applies(caution: Caution, point: ReadPoint, patient: PatientFacts) -> bool:
    if caution.health not in patient.health:
        return False
    if caution.products and point.product.id not in caution.products:
        return False
    concern = point.concern
    if concern is None:
        return True
    if caution.uses and concern.id not in caution.uses:
        return False
    return caution.use_kind is None or caution.use_kind == concern.kind
