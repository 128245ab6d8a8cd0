"""One option for one concern: the first rule that applies gives its status, with reasons."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from toxfill.compare import SUITED_ACTIONS
from toxfill.decide.models import ExcludedProduct, Question, Reason
from toxfill.decide.words import say
from toxfill.intake import Intake
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import (
    Caution,
    CautionLevel,
    Cited,
    Concern,
    ConcernKind,
    Option,
    Permanence,
    Product,
    Use,
)
from toxfill.scales import Status
from toxfill.wording import in_words, long_date, short_label


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
    cautions: list[str] = field(default_factory=list)  # health factors to talk over first

    def say(self, kind: str, text: str, claims: Iterable[Cited]) -> None:
        sources = tuple(dict.fromkeys(s for claim in claims for s in claim.sources))
        self.reasons.append(Reason(text=text, sources=sources, kind=kind, concern=self.concern))


def uses_for(kb: KnowledgeBase, option: Option, concern: str) -> list[tuple[Product | None, Use]]:
    found: list[tuple[Product | None, Use]] = [
        (None, u) for u in option.uses if u.concern == concern
    ]
    found += [(p, u) for p in kb.products_of(option.id) for u in p.uses if u.concern == concern]
    return found


def _ages(use: Use, language: str) -> str:
    if use.max_age is None:
        return say(language, "{low} and older", low=use.min_age)
    return say(language, "{low} to {high}", low=use.min_age, high=use.max_age)


def _name(product: Product | None, option: Option) -> str:
    return product.label if product else option.label


def applies(caution: Caution, concern: Concern, health: Sequence[str]) -> bool:
    if caution.health not in health:
        return False
    if caution.uses and concern.id not in caution.uses:
        return False
    return caution.use_kind is None or caution.use_kind == concern.kind


def assess(kb: KnowledgeBase, intake: Intake, option: Option, concern: Concern) -> Assessment:
    result = Assessment(option=option, concern=concern.id)
    language = kb.language
    named = concern.label.lower()
    uses = uses_for(kb, option, concern.id)
    labelled = [(p, u) for p, u in uses if u.labelled]

    # 1. only labelled uses
    for product, use in uses:
        if not use.labelled:
            result.say(
                "off-label",
                say(
                    language,
                    "{name} is not approved for {concern}. Using it for that would be off-label,"
                    " so toxfill does not suggest it.",
                    name=_name(product, option),
                    concern=named,
                ),
                [use],
            )
    if not labelled:
        result.say(
            "not-approved",
            say(
                language,
                "{option} has no FDA-approved use for {concern}.",
                option=short_label(option.label),
                concern=named,
            ),
            [option.regulatory],
        )
        return result
    result.approved = True

    # 2. age
    in_age = [(p, u) for p, u in labelled if u.min_age <= intake.age <= (u.max_age or 200)]
    if not in_age:
        ranges = "; ".join(
            say(language, "{name}: ages {ages}", name=_name(p, option), ages=_ages(u, language))
            for p, u in labelled
        )
        result.say(
            "age",
            say(
                language,
                "Approved for {concern} only at these ages ({ranges}); you are {age}.",
                concern=named,
                ranges=ranges,
                age=intake.age,
            )
            + (
                say(language, " A {specialist} can advise.", specialist=concern.specialist)
                if concern.specialist
                else ""
            ),
            [u for _, u in labelled],
        )
        return result
    for product, use in labelled:
        if (product, use) not in in_age and product is not None:
            result.excluded.append(
                ExcludedProduct(
                    product=product.id,
                    concern=concern.id,
                    because=say(
                        language,
                        "approved for {concern} only at ages {ages}",
                        concern=named,
                        ages=_ages(use, language),
                    ),
                    sources=use.sources,
                )
            )

    # 3. product-level absolute contraindications
    applying = [c for c in option.cautions if applies(c, concern, intake.health)]
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
            say(
                language,
                "Every product approved for {concern} is ruled out by your health answers.",
                concern=named,
            ),
            [c for c in applying if c.products],
        )
        return result
    wording = concern.label_wording
    result.say(
        "approved",
        say(
            language,
            "Covered at your age by labels for “{wording}”, which do not name {concern}: {names}.",
            wording=wording,
            concern=named,
            names=approved_names,
        )
        if wording
        else say(
            language,
            "Approved for {concern} at your age: {names}.",
            concern=named,
            names=approved_names,
        ),
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

    # 4b. not sure about what would rule it out: never better than a yes (uncertain is not safe)
    unsure = [c for c in option.cautions if applies(c, concern, intake.health_unsure)]
    unsure = [c for c in unsure if not c.products or set(c.products) & set(result.products)]
    class_use = any(p is None for p, _ in remaining)  # no product to bar: a class-level label
    blocking = _blocking(unsure, () if class_use else result.products)
    if blocking:
        for caution in blocking:
            _say_unsure(kb, result, caution, blocks=True)
        result.cautions = list(dict.fromkeys(c.health for c in blocking))
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
    # A "not sure" that cannot rule the option out is a caution to settle first, never a no.
    for caution in unsure:
        _say_unsure(kb, result, caution, blocks=False)
    relative += unsure
    result.cautions = list(dict.fromkeys(c.health for c in relative))
    if concern.kind is ConcernKind.MEDICAL:
        result.status = Status.REFER
        result.say(
            "refer",
            say(
                language,
                "{concern} is a medical condition: a {specialist} decides on treatment. Approved"
                " for it: {names}.",
                concern=concern.label,
                specialist=concern.specialist,
                names=approved_names,
            ),
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
            say(
                language,
                "It works on this kind of concern: {mechanism}",
                mechanism=option.mechanism.text,
            ),
            [option.mechanism],
        )
    else:
        result.status = Status.SUITABLE
    return result


def _blocking(unsure: Sequence[Caution], products: Sequence[str]) -> list[Caution]:
    """The "not sure" answers that, were they a yes, would rule the option out for the concern:
    a class-level contraindication, or product-level ones that together bar every product."""
    absolute = [c for c in unsure if c.level is CautionLevel.ABSOLUTE]
    whole_class = [c for c in absolute if not c.products]
    if whole_class:
        return whole_class
    barred = {p for c in absolute for p in c.products}
    if products and barred >= set(products):
        return [c for c in absolute if c.products]
    return []


def _say_unsure(kb: KnowledgeBase, result: Assessment, caution: Caution, blocks: bool) -> None:
    """Why a "not sure" holds the option back; `blocks` when a yes would rule it out."""
    language = kb.language
    factor = kb.health_factors[caution.health].label
    if caution.level is CautionLevel.ABSOLUTE and caution.products:
        products = in_words([kb.products[p].label for p in caution.products], language)
        if_yes = say(language, "{products} would be ruled out", products=products)
    elif caution.level is CautionLevel.ABSOLUTE:
        if_yes = say(language, "it would not be suitable")
    else:
        if_yes = say(language, "it needs care")
    then = say(
        language,
        "It is not for you until you find out." if blocks else "Find out before treatment.",
    )
    result.say(
        "unsure",
        say(
            language,
            "You were not sure about this: {factor}. {then} If the answer is yes, {if_yes}: {text}",
            factor=factor,
            then=then,
            if_yes=if_yes,
            text=caution.text,
        ),
        [caution],
    )
    result.discuss.append(
        Question(
            text=say(
                language,
                "I am not sure about this: {factor}. {discuss}",
                factor=factor,
                discuss=caution.discuss,
            ),
            sources=caution.sources,
        )
    )


def _too_soon(
    kb: KnowledgeBase, intake: Intake, option: Option, concern: Concern, result: Assessment
) -> bool:
    latest: dt.date | None = None
    language = kb.language
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
                say(
                    language,
                    "You had {option} on {date}: tell the {specialist} about it.",
                    option=option.label,
                    date=long_date(treatment.date, language),
                    specialist=concern.specialist or say(language, "provider"),
                ),
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
                say(
                    language,
                    "Your last {option} treatment was on {date}. Treatments must be at least"
                    " {days} days apart, so the next one is possible from {next}.",
                    option=option.label,
                    date=long_date(treatment.date, language),
                    days=interval.days,
                    next=long_date(possible, language),
                ),
                [interval],
            )
    return latest is not None


def labelled(kb: KnowledgeBase, option: Option, concern: str) -> bool:
    return any(use.labelled for _, use in uses_for(kb, option, concern))


__all__ = ["Assessment", "applies", "assess", "labelled", "uses_for"]
