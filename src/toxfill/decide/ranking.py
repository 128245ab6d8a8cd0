"""Options ranked per concern, each option's overall decision, and what preferences moved."""

from __future__ import annotations

from collections.abc import Mapping

from toxfill.decide.assessment import Assessment
from toxfill.decide.harms import benefits, harms
from toxfill.decide.models import (
    STATUS_ORDER,
    ConcernStatus,
    Decision,
    OptionDecision,
    PreferenceEffect,
    Reason,
)
from toxfill.decide.words import say
from toxfill.intake import Intake
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Option
from toxfill.preferences import score, score_table, weighted_fit
from toxfill.scales import Status


def _rank_key(status: Status, fit_value: float, order: int) -> tuple[int, float, int]:
    return STATUS_ORDER.index(status), -fit_value, order


def rank(
    kb: KnowledgeBase, assessments: list[Assessment], fits: Mapping[str, float]
) -> tuple[ConcernStatus, ...]:
    order = list(kb.options)
    approved = [a for a in assessments if a.approved]
    approved.sort(key=lambda a: _rank_key(a.status, fits[a.option.id], order.index(a.option.id)))
    return tuple(
        ConcernStatus(
            option=a.option.id,
            status=a.status,
            fit=fits[a.option.id],
            products=tuple(a.products),
            available_from=a.available_from,
            cautions=tuple(a.cautions),
        )
        for a in approved
    )


def option_decision(
    kb: KnowledgeBase, option: Option, assessments: list[Assessment], fit_value: float
) -> OptionDecision:
    status = min((a.status for a in assessments), key=STATUS_ORDER.index)
    approved = [a for a in assessments if a.approved]
    reasons = list(dict.fromkeys(r for a in assessments for r in a.reasons))
    if not approved:
        status = Status.NOT_SUITABLE
    excluded = list(dict.fromkeys(e for a in assessments for e in a.excluded))
    dates = [a.available_from for a in assessments if a.available_from]
    return OptionDecision(
        option=option.id,
        label=option.label,
        status=status,
        concerns=tuple(a.concern for a in approved),
        fit=fit_value,
        reasons=tuple(reasons),
        excluded_products=tuple(excluded),
        discuss=tuple(dict.fromkeys(d for a in assessments for d in a.discuss)),
        available_from=max(dates) if dates else None,
        per_concern={a.concern: a.status for a in approved},
        benefits=tuple(benefits(option)),
        harms=tuple(harms(kb, option)),
    )


def no_treatment(kb: KnowledgeBase, option: Option, fit_value: float) -> OptionDecision:
    claim = option.without_treatment or option.mechanism
    return OptionDecision(
        option=option.id,
        label=option.label,
        status=Status.SUITABLE,
        concerns=(),
        fit=fit_value,
        reasons=(
            Reason(text=claim.text, sources=claim.sources, kind="without-treatment"),
            Reason(
                text=say(
                    kb.language,
                    "Choosing no treatment is always a safe choice, and you can decide later.",
                ),
                sources=option.reversibility.sources,
                kind="no-treatment",
            ),
        ),
    )


def preference_effects(
    kb: KnowledgeBase,
    intake: Intake,
    assessments: Mapping[str, list[Assessment]],
    weights: Mapping[str, int],
) -> list[PreferenceEffect]:
    """For each weighted preference: what it favours, and which options it moved where."""
    order = {option_id: index for index, option_id in enumerate(kb.options)}
    language = kb.language
    table = score_table(kb, weights)
    approved: dict[str, list[Assessment]] = {concern: [] for concern in intake.concerns}
    for rows in assessments.values():
        for row in rows:
            if row.approved and row.concern in approved:
                approved[row.concern].append(row)
    fits_with = {option_id: weighted_fit(values, weights) for option_id, values in table.items()}
    effects = []
    for preference, weight in weights.items():
        without = {p: w for p, w in weights.items() if p != preference}
        fits_without = {o: weighted_fit(values, without) for o, values in table.items()}
        scores = {
            option_id: score(kb, preference, kb.options[option_id]) for option_id in assessments
        }
        favoured = sorted(
            (s.value, kb.options[o].label, say(language, s.because, **s.values))
            for o, s in scores.items()
            if s is not None
        )
        moves = []
        for concern, rows in approved.items():

            def ranking(fits: Mapping[str, float], rows: list[Assessment] = rows) -> list[str]:
                def key(a: Assessment) -> tuple[int, float, int]:
                    return _rank_key(a.status, fits[a.option.id], order[a.option.id])

                return [a.option.id for a in sorted(rows, key=key)]

            before, after = ranking(fits_without), ranking(fits_with)
            for option_id in after:
                if after.index(option_id) < before.index(option_id):
                    passed = [
                        o
                        for o in before[: before.index(option_id)]
                        if after.index(o) > after.index(option_id)
                    ]
                    moves.append(
                        say(
                            language,
                            "{option} moved above {others} for {concern}",
                            option=kb.options[option_id].label,
                            others=", ".join(kb.options[o].label for o in passed),
                            concern=kb.concerns[concern].label.lower(),
                        )
                    )
        best = "; ".join(f"{label}: {because}" for _, label, because in reversed(favoured))
        text = say(
            language,
            "You gave this {weight} of 3. It favours, best first: {best}.",
            weight=weight,
            best=best,
        )
        text += (
            " " + "; ".join(moves) + "."
            if moves
            else say(language, " It did not change the order of options for your concerns.")
        )
        text += say(
            language, " A preference never moves an option above one with fewer safety concerns."
        )
        effects.append(
            PreferenceEffect(
                preference=preference,
                label=kb.preferences[preference].label,
                weight=weight,
                text=text,
                sources=tuple(
                    dict.fromkeys(src for s in scores.values() if s for src in s.sources)
                ),
            )
        )
    return effects


def plan_treatments(decision: Decision) -> list[str]:
    """'option:concern' for the best option of each cosmetic concern that may be treated, for
    carrying a decision over to the care planner (medical uses are for the specialist)."""
    possible = {Status.RECOMMENDED, Status.SUITABLE, Status.CAUTION}
    return [
        f"{rows[0].option}:{concern}"
        for concern, rows in decision.per_concern.items()
        if rows and rows[0].status in possible
    ]


__all__ = ["no_treatment", "option_decision", "plan_treatments", "preference_effects", "rank"]
