"""C3: from a person's intake to a cited status for every option, per concern, best first.

The status of an option for one concern is the first rule that applies:

1. no labelled use for the concern          -> not-suitable (off-label uses are named)
2. the person's age is outside every label  -> not-suitable
3. every approved product is excluded       -> not-suitable (excluded products are named)
4. an absolute contraindication of the class -> not-suitable
5. too soon since the last treatment         -> not-suitable until a stated date
6. a medical concern                         -> refer (to the specialist, naming products)
7. a relative contraindication or warning    -> caution (with what to discuss)
8. otherwise recommended when the option's mechanism suits the concern and it is not
   permanent, else suitable.

Preferences change the order within a status, never the status.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from pydantic import Field

from toxfill.compare import SUITED_ACTIONS
from toxfill.intake import Intake
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import (
    Caution,
    CautionLevel,
    Cited,
    Concern,
    ConcernKind,
    Option,
    OptionKind,
    Permanence,
    Product,
    Risk,
    Source,
    Use,
)
from toxfill.preferences import fit, score, score_table, weighted_fit
from toxfill.results import Result
from toxfill.scales import Status
from toxfill.wording import in_words, long_date

SCHEMA = "toxfill.decision/1"

# Best first: an option's overall status is the best of its per-concern statuses.
STATUS_ORDER: tuple[Status, ...] = (
    Status.RECOMMENDED,
    Status.SUITABLE,
    Status.CAUTION,
    Status.REFER,
    Status.NOT_SUITABLE,
)


class Reason(Result):
    text: str
    sources: tuple[str, ...] = Field(min_length=1)
    kind: str = Field(description="approved, off-label, age, excluded, contraindication, ...")
    concern: str | None = None


class Question(Result):
    text: str
    sources: tuple[str, ...] = ()


class ExcludedProduct(Result):
    product: str
    concern: str = Field(description="The concern it is ruled out for.")
    because: str
    sources: tuple[str, ...]


class ConcernStatus(Result):
    option: str
    status: Status
    fit: float
    products: tuple[str, ...] = Field(description="Approved products that remain for this use.")
    available_from: dt.date | None = None


class OptionDecision(Result):
    option: str
    label: str
    status: Status
    concerns: tuple[str, ...] = Field(description="The person's concerns it is approved for.")
    fit: float = Field(description="How well it matches the preferences, 0 to 1.")
    reasons: tuple[Reason, ...]
    excluded_products: tuple[ExcludedProduct, ...] = ()
    discuss: tuple[Question, ...] = Field(default=(), description="What to talk over first.")
    available_from: dt.date | None = Field(
        default=None, description="The earliest date a repeat treatment is possible."
    )
    per_concern: dict[str, Status] = Field(default_factory=dict)
    benefits: tuple[Reason, ...] = Field(
        default=(), description="What it does, how soon and for how long, cited."
    )
    harms: tuple[Harm, ...] = Field(
        default=(),
        description="Common side effects, then every serious risk with how rare it is.",
    )


class Rate(Result):
    """A figure a source states, as marked people in a picture of 100 or 10,000 (IPDAS)."""

    count: int = Field(ge=1, description="People marked in the picture.")
    out_of: Literal[100, 10000] = Field(description="People in the picture.")
    figure: str = Field(description="The figure as the source words it, e.g. '2 in 100'.")
    statement: str = Field(description="The cited sentence the figure comes from.")

    @property
    def in_words(self) -> str:
        """'2 in 100', '11 in 10,000'."""
        return f"{self.count} in {self.out_of:,}"

    @property
    def source_words(self) -> str:
        """The figure as the source gives it, when that differs: '0.11%'."""
        return "" if self.figure == self.in_words else self.figure


class Harm(Result):
    """Something that can go wrong, with how rare it is, cited (IPDAS: harms beside benefits)."""

    risk: str = Field(description="A risk ID, or 'common-side-effects'.")
    label: str
    serious: bool = Field(description="Can kill or leave lasting harm.")
    text: str
    how_rare: str = Field(description="How often it happens, in the sources' figures or words.")
    sources: tuple[str, ...] = Field(min_length=1)
    rate: Rate | None = Field(
        default=None,
        description="The stated figure to draw; None where the sources give no usable rate.",
    )


class PreferenceEffect(Result):
    preference: str
    label: str
    weight: int
    text: str
    sources: tuple[str, ...] = ()


class Part(Result):
    option: str
    concern: str


class Suggestion(Result):
    options: tuple[str, ...]
    concerns: tuple[str, ...] = Field(description="The person's concerns the study treated.")
    text: str
    sources: tuple[str, ...]
    off_label: tuple[Part, ...] = Field(
        default=(), description="Parts of the studied combination that are not approved."
    )


class Decision(Result):
    schema_: Literal["toxfill.decision/1"] = Field(default="toxfill.decision/1", alias="schema")
    knowledge_version: str
    intake: Intake
    options: tuple[OptionDecision, ...]
    per_concern: dict[str, tuple[ConcernStatus, ...]]
    preference_effects: tuple[PreferenceEffect, ...]
    combinations: tuple[Suggestion, ...]
    questions: tuple[Question, ...]
    sources: tuple[Source, ...] = Field(description="Every source cited above.")
    disclaimer: str

    def option(self, option_id: str) -> OptionDecision:
        return next(o for o in self.options if o.option == option_id)


def decide(kb: KnowledgeBase, intake: Intake) -> Decision:
    """Every option's status for this person, each reason cited; `intake` is already checked."""
    weights = {p: w for p, w in intake.preferences.items() if w > 0}
    fits = {o.id: fit(kb, o, weights) for o in kb.options.values()}
    assessments = {
        option.id: [_assess(kb, intake, option, kb.concerns[c]) for c in intake.concerns]
        for option in kb.options.values()
        if option.kind is not OptionKind.NONE
    }
    per_concern = {
        concern: _rank(
            kb, [a for rows in assessments.values() for a in rows if a.concern == concern], fits
        )
        for concern in intake.concerns
    }
    options = [
        _option_decision(kb, option, assessments[option.id], fits[option.id])
        if option.id in assessments
        else _no_treatment(option, fits[option.id])
        for option in kb.options.values()
    ]
    effects = _preference_effects(kb, intake, assessments, weights)
    suggestions = _combinations(kb, intake, per_concern)
    questions = _questions(kb, intake, options)
    cited = [
        *(s for o in options for r in o.reasons for s in r.sources),
        *(s for o in options for r in o.benefits for s in r.sources),
        *(s for o in options for h in o.harms for s in h.sources),
        *(s for o in options for e in o.excluded_products for s in e.sources),
        *(s for o in options for q in o.discuss for s in q.sources),
        *(s for effect in effects for s in effect.sources),
        *(s for suggestion in suggestions for s in suggestion.sources),
        *(s for question in questions for s in question.sources),
    ]
    return Decision(
        knowledge_version=kb.version,
        intake=intake,
        options=tuple(options),
        per_concern=per_concern,
        preference_effects=tuple(effects),
        combinations=tuple(suggestions),
        questions=tuple(questions),
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
    )


# --- one option for one concern -----------------------------------------------------------


@dataclass
class Assessment:
    option: Option
    concern: str
    status: Status = Status.NOT_SUITABLE
    approved: bool = False  # has a labelled use for the concern (at any age)
    products: list[str] = field(default_factory=list)
    reasons: list[Reason] = field(default_factory=list)
    excluded: list[ExcludedProduct] = field(default_factory=list)
    discuss: list[Question] = field(default_factory=list)
    available_from: dt.date | None = None

    def say(self, kind: str, text: str, claims: Iterable[Cited]) -> None:
        sources = tuple(dict.fromkeys(s for claim in claims for s in claim.sources))
        self.reasons.append(Reason(text=text, sources=sources, kind=kind, concern=self.concern))


def _uses(kb: KnowledgeBase, option: Option, concern: str) -> list[tuple[Product | None, Use]]:
    found: list[tuple[Product | None, Use]] = [
        (None, u) for u in option.uses if u.concern == concern
    ]
    found += [(p, u) for p in kb.products_of(option.id) for u in p.uses if u.concern == concern]
    return found


def _ages(use: Use) -> str:
    return f"{use.min_age} and older" if use.max_age is None else f"{use.min_age} to {use.max_age}"


def _name(product: Product | None, option: Option) -> str:
    return product.label if product else option.label


def _applies(caution: Caution, concern: Concern, health: Sequence[str]) -> bool:
    if caution.health not in health:
        return False
    if caution.uses and concern.id not in caution.uses:
        return False
    return caution.use_kind is None or caution.use_kind == concern.kind


def _assess(kb: KnowledgeBase, intake: Intake, option: Option, concern: Concern) -> Assessment:
    result = Assessment(option=option, concern=concern.id)
    uses = _uses(kb, option, concern.id)
    labelled = [(p, u) for p, u in uses if u.labelled]

    # 1. only labelled uses
    for product, use in uses:
        if not use.labelled:
            result.say(
                "off-label",
                f"{_name(product, option)} is not approved for {concern.label.lower()}. Using it "
                "for that would be off-label, so toxfill does not suggest it.",
                [use],
            )
    if not labelled:
        result.say(
            "not-approved",
            f"No {option.label} product is FDA-approved for {concern.label.lower()}.",
            [option.regulatory],
        )
        return result
    result.approved = True

    # 2. age
    in_age = [(p, u) for p, u in labelled if u.min_age <= intake.age <= (u.max_age or 200)]
    if not in_age:
        ranges = "; ".join(f"{_name(p, option)}: ages {_ages(u)}" for p, u in labelled)
        result.say(
            "age",
            f"Approved for {concern.label.lower()} only at these ages ({ranges}); you are "
            f"{intake.age}."
            + (f" A {concern.specialist} can advise." if concern.specialist else ""),
            [u for _, u in labelled],
        )
        return result
    for product, use in labelled:
        if (product, use) not in in_age and product is not None:
            result.excluded.append(
                ExcludedProduct(
                    product=product.id,
                    concern=concern.id,
                    because=f"approved for {concern.label.lower()} only at ages {_ages(use)}",
                    sources=use.sources,
                )
            )

    # 3. product-level absolute contraindications
    applying = [c for c in option.cautions if _applies(c, concern, intake.health)]
    barred = {
        p for c in applying if c.level is CautionLevel.ABSOLUTE and c.products for p in c.products
    }
    for caution in applying:
        if caution.level is CautionLevel.ABSOLUTE and caution.products:
            for product_id in caution.products:
                if any(p is not None and p.id == product_id for p, _ in in_age):
                    result.excluded.append(
                        ExcludedProduct(
                            product=product_id,
                            concern=concern.id,
                            because=caution.text,
                            sources=caution.sources,
                        )
                    )
    remaining = [(p, u) for p, u in in_age if p is None or p.id not in barred]
    result.products = list(dict.fromkeys(p.id for p, _ in remaining if p is not None))
    approved_names = ", ".join(dict.fromkeys(_name(p, option) for p, _ in remaining))
    if not remaining:
        result.say(
            "excluded",
            f"Every product approved for {concern.label.lower()} is ruled out by your health "
            "answers.",
            [c for c in applying if c.products],
        )
        return result
    wording = concern.label_wording
    result.say(
        "approved",
        f"Covered at your age by labels for “{wording}”, which do not name "
        f"{concern.label.lower()}: {approved_names}."
        if wording
        else f"Approved for {concern.label.lower()} at your age: {approved_names}.",
        [u for _, u in remaining],
    )

    # 4. class-level absolute contraindications
    absolute = [c for c in applying if c.level is CautionLevel.ABSOLUTE and not c.products]
    if absolute:
        for caution in absolute:
            factor = kb.health_factors[caution.health].label
            result.say("contraindication", f"{factor}: {caution.text}", [caution])
            result.discuss.append(Question(text=caution.discuss, sources=caution.sources))
        return result

    # 5. too soon since the last treatment
    if _too_soon(kb, intake, option, concern, result):
        return result

    # 6. medical concerns go to a specialist
    relative = [c for c in applying if c.level is not CautionLevel.ABSOLUTE]
    relative = [c for c in relative if not c.products or set(c.products) & set(result.products)]
    for caution in relative:
        factor = kb.health_factors[caution.health].label
        result.say("caution", f"{factor}: {caution.text}", [caution])
        result.discuss.append(Question(text=caution.discuss, sources=caution.sources))
    # Uncertain is not safe: a "not sure" is a caution to settle first, never a no.
    unsure = [c for c in option.cautions if _applies(c, concern, intake.health_unsure)]
    unsure = [c for c in unsure if not c.products or set(c.products) & set(result.products)]
    for caution in unsure:
        factor = kb.health_factors[caution.health].label
        if caution.level is CautionLevel.ABSOLUTE:
            if caution.products:
                products = in_words([kb.products[p].label for p in caution.products])
                if_yes = f"{products} would be ruled out"
            else:
                if_yes = "it would not be suitable"
        else:
            if_yes = "it needs care"
        result.say(
            "unsure",
            f"You were not sure about this: {factor}. Find out before treatment. If the answer "
            f"is yes, {if_yes}: {caution.text}",
            [caution],
        )
        result.discuss.append(
            Question(
                text=f"I am not sure about this: {factor}. {caution.discuss}",
                sources=caution.sources,
            )
        )
    relative += unsure
    if concern.kind is ConcernKind.MEDICAL:
        result.status = Status.REFER
        result.say(
            "refer",
            f"{concern.label} is a medical condition: a {concern.specialist} decides on "
            f"treatment. Approved for it: {approved_names}.",
            [u for _, u in remaining],
        )
        return result

    # 7. relative contraindications and warnings
    if relative:
        result.status = Status.CAUTION
        return result

    # 8. suitable, or recommended when it works on this kind of concern
    suited = option.mechanism.action in SUITED_ACTIONS.get(concern.nature, frozenset())
    if suited and option.reversibility.permanence is not Permanence.PERMANENT:
        result.status = Status.RECOMMENDED
        result.say(
            "first-line",
            f"It works on this kind of concern: {option.mechanism.text}",
            [option.mechanism],
        )
    else:
        result.status = Status.SUITABLE
    return result


def _too_soon(
    kb: KnowledgeBase, intake: Intake, option: Option, concern: Concern, result: Assessment
) -> bool:
    latest: dt.date | None = None
    for treatment in intake.recent_treatments:
        if treatment.option != option.id:
            continue
        product = kb.products.get(treatment.product or "")
        interval = (product.retreatment_min if product else None) or option.retreatment_min
        if interval is None:
            continue
        if interval.use_kind is not None and interval.use_kind != concern.kind:
            # The labels' intervals are for these uses; for others the specialist decides.
            result.say(
                "earlier-treatment",
                f"You had {option.label} on {long_date(treatment.date)}: tell the "
                f"{concern.specialist or 'provider'} about it.",
                [interval],
            )
            continue
        possible = treatment.date + dt.timedelta(days=interval.days)
        if possible > intake.today and (latest is None or possible > latest):
            latest = possible
            result.available_from = possible
            result.reasons = [r for r in result.reasons if r.kind != "too-soon"]
            result.say(
                "too-soon",
                f"Your last {option.label} treatment was on {long_date(treatment.date)}. "
                f"Treatments must be at least {interval.days} days apart, so the next one is "
                f"possible from {long_date(possible)}.",
                [interval],
            )
    return latest is not None


# --- ranking and summaries ------------------------------------------------------------------


def _rank_key(status: Status, fit_value: float, order: int) -> tuple[int, float, int]:
    return STATUS_ORDER.index(status), -fit_value, order


def _rank(
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
        )
        for a in approved
    )


def _option_decision(
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
        benefits=tuple(_benefits(option)),
        harms=tuple(_harms(kb, option)),
    )


def _benefits(option: Option) -> list[Reason]:
    """What the option does, how soon and for how long: told as fully as its harms."""
    benefits = [Reason(text=option.mechanism.text, sources=option.mechanism.sources, kind="works")]
    if option.onset is not None:
        benefits.append(Reason(text=option.onset.text, sources=option.onset.sources, kind="onset"))
    lasts = option.duration or option.duration_note
    if lasts is not None:
        benefits.append(Reason(text=lasts.text, sources=lasts.sources, kind="duration"))
    return benefits


def _harms(kb: KnowledgeBase, option: Option) -> list[Harm]:
    """The common side effects, then every serious risk with how rare it is (IPDAS)."""
    harms = []
    effects = option.side_effects
    if effects is not None:
        symptoms = ", ".join(kb.symptoms[s].label.lower() for s in effects.symptoms)
        harms.append(
            Harm(
                risk="common-side-effects",
                label="Common side effects",
                serious=False,
                text=effects.text,
                how_rare=f"Common: {symptoms}.",
                sources=effects.sources,
            )
        )
        harms[-1] = harms[-1].model_copy(update={"rate": stated_rate(effects.text)})
    harms += [_harm(risk) for risk in option.risks if risk.serious]
    # A less serious risk with a stated figure is drawn too: the figure is what people ask.
    harms += [
        _harm(risk)
        for risk in option.risks
        if not risk.serious and risk.frequency and stated_rate(risk.frequency.text)
    ]
    return harms


def _harm(risk: Risk) -> Harm:
    frequency = risk.frequency
    how_rare = frequency.text if frequency else "No figure for how often it happens was found."
    return Harm(
        risk=risk.id,
        label=risk.label,
        serious=risk.serious,
        text=risk.text,
        how_rare=how_rare,
        sources=tuple(dict.fromkeys((*risk.sources, *(frequency.sources if frequency else ())))),
        rate=stated_rate(frequency.text) if frequency else None,
    )


# A statement that calls the rate unknown is never drawn, whatever estimate it quotes.
_UNKNOWN_RATE = re.compile(r"\b(?:not known|no rate|unknown)\b", re.IGNORECASE)
_FIGURE = re.compile(
    r"(?:about )?(?P<count>\d+(?:\.\d+)?) in (?P<out_of>\d{1,3}(?:,\d{3})*)\b"
    r"|(?P<percent>\d+(?:\.\d+)?)%"
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def stated_rate(text: str) -> Rate | None:
    """The first figure a cited statement gives, as people in 100 (or 10,000 when fewer than
    1 in 100); None when it gives none, calls the rate unknown, or is under 1 in 10,000."""
    if _UNKNOWN_RATE.search(text):
        return None
    found = _FIGURE.search(text)
    if found is None:
        return None
    if found["percent"]:
        per_hundred = float(found["percent"])
    else:
        per_hundred = 100 * float(found["count"]) / int(found["out_of"].replace(",", ""))
    statement = next(s for s in _SENTENCE_END.split(text) if found[0] in s)
    for out_of in (100, 10000):
        count = per_hundred * out_of / 100
        if count >= 1 and (round(count) == round(count, 6) or out_of == 10000):
            return Rate(
                count=round(count),
                out_of=out_of,
                figure=found[0].removeprefix("about "),
                statement=statement,
            )
    return None


def _no_treatment(option: Option, fit_value: float) -> OptionDecision:
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
                text="Choosing no treatment is always a safe choice, and you can decide later.",
                sources=option.reversibility.sources,
                kind="no-treatment",
            ),
        ),
    )


def _preference_effects(
    kb: KnowledgeBase,
    intake: Intake,
    assessments: Mapping[str, list[Assessment]],
    weights: Mapping[str, int],
) -> list[PreferenceEffect]:
    """For each weighted preference: what it favours, and which options it moved where."""
    order = {option_id: index for index, option_id in enumerate(kb.options)}
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
            (s.value, kb.options[o].label, s.because) for o, s in scores.items() if s is not None
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
                        f"{kb.options[option_id].label} moved above "
                        f"{', '.join(kb.options[o].label for o in passed)} for "
                        f"{kb.concerns[concern].label.lower()}"
                    )
        best = "; ".join(f"{label}: {because}" for _, label, because in reversed(favoured))
        text = f"You gave this {weight} of 3. It favours, best first: {best}."
        text += (
            " " + "; ".join(moves) + "."
            if moves
            else " It did not change the order of options for your concerns."
        )
        text += " A preference never moves an option above one with fewer safety concerns."
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


def _combinations(
    kb: KnowledgeBase, intake: Intake, per_concern: Mapping[str, tuple[ConcernStatus, ...]]
) -> list[Suggestion]:
    """A combination study, shown only to a person with a concern it treated (SHR-COMB-1, -2).

    Its approved parts must fit the person; its off-label parts are named, never suggested.
    """
    good = {Status.RECOMMENDED, Status.SUITABLE}
    suggestions = []
    for combination in kb.combinations.values():
        studied = [c for c in combination.concerns if c in intake.concerns]
        parts = [Part(option=o, concern=c) for c in studied for o in combination.options]
        approved = [p for p in parts if _labelled(kb, kb.options[p.option], p.concern)]
        statuses = {(row.option, c): row.status for c in studied for row in per_concern[c]}
        if not approved or any(statuses.get((p.option, p.concern)) not in good for p in approved):
            continue
        off_label = [p for p in parts if p not in approved]
        concerns = in_words([kb.concerns[c].label.lower() for c in studied])
        text = (
            f"Studied together for {concerns}: "
            + " and ".join(kb.options[o].label for o in combination.options)
            + "."
        )
        if off_label:
            text += (
                " Not approved, so toxfill does not suggest it: "
                + in_words(
                    [
                        f"{kb.options[p.option].label} for {kb.concerns[p.concern].label.lower()}"
                        for p in off_label
                    ]
                )
                + " (off-label)."
            )
        suggestions.append(
            Suggestion(
                options=combination.options,
                concerns=tuple(studied),
                text=f"{text} {combination.text}",
                sources=combination.sources,
                off_label=tuple(off_label),
            )
        )
    return suggestions


def _labelled(kb: KnowledgeBase, option: Option, concern: str) -> bool:
    return any(use.labelled for _, use in _uses(kb, option, concern))


# The serious risks whose warning signs every person should know (FIL-VO-1, TOX-BOX-1).
WARNING_SIGN_RISKS = frozenset({"vascular-occlusion", "distant-spread"})


def _questions(
    kb: KnowledgeBase, intake: Intake, options: Sequence[OptionDecision]
) -> list[Question]:
    """Questions to take to the provider: always the safety basics, then the person's own."""
    toxin, filler = kb.options["botulinum-toxin"], kb.options["ha-filler"]
    questions = [
        Question(
            text="Are you a licensed provider, and how often do you give this treatment?",
            sources=filler.provider.sources,
        ),
        Question(
            text="Which product will you use? Is it FDA-approved for my concern and my age?",
            sources=filler.regulatory.sources,
        ),
        Question(
            text="What side effects should I expect, and what should I do if I notice warning "
            "signs after treatment?",
            sources=tuple(
                dict.fromkeys(
                    s
                    for risk in (*filler.risks, *toxin.risks)
                    if risk.id in WARNING_SIGN_RISKS
                    for s in risk.sources
                )
            ),
        ),
    ]
    if (
        any(t.option == "botulinum-toxin" for t in intake.recent_treatments)
        and toxin.retreatment_min
    ):
        questions.append(
            Question(
                text="I had botulinum toxin recently: when can I safely have more?",
                sources=toxin.retreatment_min.sources,
            )
        )
    seen: set[str] = set()
    for decision in options:
        if decision.status in {Status.CAUTION, Status.REFER}:
            for item in decision.discuss:
                if item.text not in seen:
                    seen.add(item.text)
                    questions.append(
                        Question(text=f"{decision.label}: {item.text}", sources=item.sources)
                    )
    return questions


def health_questions(kb: KnowledgeBase, concern_ids: Iterable[str]) -> list[str]:
    """The health factors that can change a status for these concerns, in vocabulary order:
    those with a caution on an option approved for one of them. Others cannot change any
    status, so the decision aid need not ask them."""
    asked: set[str] = set()
    for concern_id in concern_ids:
        concern = kb.concerns.get(concern_id)
        if concern is None:
            continue
        for option in kb.options.values():
            if not _labelled(kb, option, concern.id):
                continue
            for caution in option.cautions:
                if _applies(caution, concern, [caution.health]):
                    asked.add(caution.health)
    return [h for h in kb.health_factors if h in asked]


def plan_treatments(decision: Decision) -> list[str]:
    """'option:concern' for the best option of each cosmetic concern that may be treated, for
    carrying a decision over to the care planner (medical uses are for the specialist)."""
    possible = {Status.RECOMMENDED, Status.SUITABLE, Status.CAUTION}
    return [
        f"{rows[0].option}:{concern}"
        for concern, rows in decision.per_concern.items()
        if rows and rows[0].status in possible
    ]


__all__ = [
    "SCHEMA",
    "STATUS_ORDER",
    "Decision",
    "Harm",
    "OptionDecision",
    "Rate",
    "Reason",
    "decide",
    "health_questions",
    "plan_treatments",
    "stated_rate",
]
