"""The compared attributes: each option's value for each, and the row that says whether they
are the same (computed on a key, never on the words)."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from toxfill.compare.models import Cell, Row
from toxfill.compare.words import say
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import (
    Action,
    Caution,
    CautionLevel,
    Cited,
    Concern,
    ConcernKind,
    ConcernNature,
    DowntimeLevel,
    Option,
    Permanence,
    Reversal,
    Use,
)
from toxfill.wording import in_words, number, span, usd

# Which mechanism treats which kind of concern (SHR-MOA-1: toxins relax, fillers fill).
SUITED_ACTIONS: Mapping[ConcernNature, frozenset[Action]] = {
    ConcernNature.DYNAMIC_LINES: frozenset({Action.RELAXES_MUSCLE}),
    ConcernNature.FOLDS: frozenset({Action.ADDS_VOLUME}),
    ConcernNature.CONTOUR: frozenset({Action.ADDS_VOLUME}),
    ConcernNature.VOLUME_LOSS: frozenset({Action.ADDS_VOLUME, Action.STIMULATES_COLLAGEN}),
}


def approved_as(concern: Concern, language: str = "en") -> str:
    """A concern's label as an approval shows it: 'X (covered by "facial wrinkles and folds")'."""
    wording = concern.label_wording
    if not wording:
        return concern.label
    return say(
        language,
        "{label} (not named on any label; covered by “{wording}”)",
        label=concern.label,
        wording=wording,
    )


@dataclass(frozen=True)
class Value:
    """One option's value for an attribute: `key` is what sameness is computed on."""

    key: Hashable
    text: str
    detail: str = ""
    sources: tuple[str, ...] = ()
    items: tuple[str, ...] = ()  # list-valued attributes: item labels, for `shared`


@dataclass(frozen=True)
class Attribute:
    id: str
    label: str
    value: Callable[[KnowledgeBase, Option, Sequence[Option]], Value]


def _not_applicable(kb: KnowledgeBase) -> Value:
    return Value(key=None, text=say(kb.language, "Not applicable"))


def _cited(key: Hashable, text: str, claim: Cited | None) -> Value:
    if claim is None:
        return Value(key=key, text=text)
    return Value(key=key, text=text, detail=claim.text, sources=claim.sources)


def _origin(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    return _cited(o.origin.kind, o.origin.text, o.origin)


def _mechanism(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    return _cited(o.mechanism.action, o.mechanism.text, o.mechanism)


_REGULATION_TEXT = {
    "biologic-drug": "A prescription medicine (biologic drug)",
    "medical-device": "A prescription medical device (implant)",
    "surgical-procedure": "A surgical procedure, not an approved product",
    "none": "Nothing to regulate",
}


def _regulation(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    r = o.regulatory
    text = say(kb.language, _REGULATION_TEXT[r.category])
    return _cited((r.category, r.prescription_only), text, r)


def _labelled_uses(kb: KnowledgeBase, option: Option) -> list[tuple[Use, str]]:
    """Every labelled use of a class, with the product it belongs to ('' for class-level)."""
    uses = [(use, "") for use in option.uses]
    uses += [(use, p.label) for p in kb.products_of(option.id) for use in p.uses]
    return [(use, product) for use, product in uses if use.labelled]


def _uses_of_kind(kind: ConcernKind) -> Callable[[KnowledgeBase, Option, Sequence[Option]], Value]:
    def value(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
        by_concern: dict[str, list[str]] = {}
        sources: list[str] = []
        for use, product in _labelled_uses(kb, o):
            if kb.concerns[use.concern].kind is not kind:
                continue
            by_concern.setdefault(use.concern, [])
            if product and product not in by_concern[use.concern]:
                by_concern[use.concern].append(product)
            sources += use.sources
        if not by_concern:
            return Value(key=frozenset(), text=say(kb.language, f"No approved {kind.value} uses"))
        concerns = [c for c in kb.concerns if c in by_concern]  # vocabulary order
        labels = tuple(approved_as(kb.concerns[c], kb.language) for c in concerns)
        detail = "; ".join(
            approved_as(kb.concerns[c], kb.language)
            + (f" ({', '.join(by_concern[c])})" if by_concern[c] else "")
            for c in concerns
        )
        return Value(
            key=frozenset(concerns),
            text=", ".join(labels),
            detail=detail,
            sources=_ordered_unique(sources),
            items=labels,
        )

    return value


def _administration(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    a = o.administration
    if not a.injected:
        return Value(key=(False, False), text=say(kb.language, "No injection"))
    where = "at the treatment area" if a.at_target_area else "away from the treatment area"
    text = say(kb.language, f"Injected {where}")
    return Value(key=(True, a.at_target_area), text=text, sources=a.sources)


_DEPTH_TEXT = {"into-muscle": "Into the muscle", "under-the-skin": "Under the skin"}


def _depth(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    a = o.administration
    if not a.injected:
        return _not_applicable(kb)
    return _cited(a.depth, say(kb.language, _DEPTH_TEXT.get(a.depth, a.depth)), a)


def _onset(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    if o.onset is None:
        if o.kind == "none":
            return _not_applicable(kb)
        return Value(key="unknown", text=say(kb.language, "No figure found"))
    low, high = o.onset.low, o.onset.high
    language = kb.language
    if high == 0:
        text = say(language, "Right away")
    elif low == 0:
        text = say(language, "Right away, or within {days}", days=span(high, high, "day", language))
    else:
        text = span(low, high, "day", language)
    return _cited((low, high), text, o.onset)


def _duration(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    if o.duration is None:
        if o.reversibility.permanence is Permanence.NOT_APPLICABLE:
            return _not_applicable(kb)
        return _cited("unknown", say(kb.language, "No reliable figure found"), o.duration_note)
    d = o.duration
    return _cited((d.low, d.high), span(d.low, d.high, "month", kb.language), d)


_PERMANENCE_TEXT = {
    "temporary": "Temporary: the effect wears off",
    "permanent": "Permanent: does not wear off",
}


def _temporary(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    r = o.reversibility
    if r.permanence is Permanence.NOT_APPLICABLE:
        return _not_applicable(kb)
    return _cited(r.permanence, say(kb.language, _PERMANENCE_TEXT[r.permanence]), r)


def _routine_visits(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    permanence = o.reversibility.permanence
    if permanence is Permanence.NOT_APPLICABLE:
        return Value(key=False, text=say(kb.language, "No visits"))
    claim = o.duration or o.reversibility
    if permanence is Permanence.TEMPORARY:
        return _cited(True, say(kb.language, "Yes: repeat treatments keep the result"), claim)
    return _cited(False, say(kb.language, "No repeat treatments needed to keep the result"), claim)


def _visits_per_year(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    if o.reversibility.permanence is not Permanence.TEMPORARY:
        return Value(key=0, text=say(kb.language, "None to maintain the result"))
    language = kb.language
    if o.duration is None:
        text = say(language, "Unknown: no reliable duration figure")
        return _cited("unknown", text, o.duration_note)
    low, high = o.duration.low, o.duration.high
    fewest, most = 12 / high, 12 / low
    key = (round(fewest, 1), round(most, 1))
    if most < 1:
        months = number(low) if low == high else f"{number(low)}–{number(high)}"
        text = say(language, "About one every {months} months", months=months)
    else:
        text = say(language, "About {visits} a year", visits=span(fewest, most, "visit", language))
    return Value(
        key=key,
        text=text,
        detail=say(
            language,
            "Worked out from how long the effect lasts: {claim}",
            claim=o.duration.text,
        ),
        sources=o.duration.sources,
    )


_DOWNTIME_TEXT = {
    DowntimeLevel.MINIMAL: "Little or none: most people go back to everyday things right away",
    DowntimeLevel.DAYS: "A few days",
    DowntimeLevel.WEEKS: "A few weeks",
}


def _downtime(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    if o.downtime is None:
        if not o.administration.injected:
            return Value(key="none", text=say(kb.language, "None"))
        return Value(key="unknown", text=say(kb.language, "No reliable figure found"))
    return _cited(o.downtime.level, say(kb.language, _DOWNTIME_TEXT[o.downtime.level]), o.downtime)


def _retreatment(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    r = o.retreatment_min
    if r is None:
        return Value(key=None, text=say(kb.language, "No minimum set by a label"))
    return _cited(r.days, say(kb.language, "At least {days} days apart", days=r.days), r)


_REVERSAL_TEXT = {
    "wears-off": "Cannot be undone; wears off with time",
    "dissolvable-with-enzyme": "Can be dissolved with an enzyme (hyaluronidase)",
    "hard-to-remove": "Hard or impossible to remove",
}


def _reversibility(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    r = o.reversibility
    if r.reversal is Reversal.NOT_APPLICABLE:
        return _not_applicable(kb)
    return _cited(r.reversal, say(kb.language, _REVERSAL_TEXT[r.reversal]), r)


def _provider(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    p = o.provider
    if not p.licensed_provider:
        return Value(key=False, text=say(kb.language, "No provider needed"))
    return _cited(True, say(kb.language, "A licensed health care provider"), p)


def _setting(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    p = o.provider
    if not p.medical_setting:
        return Value(key=False, text=say(kb.language, "Not applicable"))
    return _cited(True, say(kb.language, "A medical setting (never a spa, party or home)"), p)


def _side_effects(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    s = o.side_effects
    if s is None:
        return Value(key=frozenset(), text=say(kb.language, "None"))
    labels = tuple(kb.symptoms[symptom].label for symptom in s.symptoms)
    return Value(
        key=frozenset(s.symptoms),
        text=", ".join(labels),
        detail=s.text,
        sources=s.sources,
        items=labels,
    )


def _risks(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    if not o.risks:
        return Value(key=frozenset(), text=say(kb.language, "None"))
    labels = tuple(r.label for r in o.risks)
    return Value(
        key=frozenset(r.id for r in o.risks),
        text=", ".join(labels),
        detail=" ".join(r.text for r in o.risks),
        sources=_ordered_unique(s for r in o.risks for s in r.sources),
        items=labels,
    )


def _cautions_at(
    levels: frozenset[CautionLevel],
) -> Callable[[KnowledgeBase, Option, Sequence[Option]], Value]:
    def value(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
        chosen = [c for c in o.cautions if c.level in levels]
        if not chosen:
            return Value(key=frozenset(), text=say(kb.language, "None listed"))
        labels: list[str] = []
        for caution in chosen:
            label = kb.health_factors[caution.health].label
            labels.append(f"{label} ({scope})" if (scope := _caution_scope(kb, caution)) else label)
        unique_labels = _ordered_unique(labels)
        return Value(
            key=frozenset((c.health, c.products, c.uses, c.use_kind) for c in chosen),
            text="; ".join(unique_labels),
            detail=" ".join(_ordered_unique(c.text for c in chosen)),
            sources=_ordered_unique(s for c in chosen for s in c.sources),
            items=unique_labels,
        )

    return value


def _caution_scope(kb: KnowledgeBase, caution: Caution) -> str:
    """Where a caution applies when not to the whole class, e.g. 'Dysport only'."""
    language = kb.language
    parts = []
    if caution.products:
        products = in_words([kb.products[p].label for p in caution.products], language)
        parts.append(say(language, "{products} only", products=products))
    if caution.uses:
        uses = in_words([kb.concerns[c].label.lower() for c in caution.uses], language)
        parts.append(say(language, "for {uses}", uses=uses))
    if caution.use_kind is not None:
        parts.append(say(language, f"{caution.use_kind.value} uses only"))
    return ", ".join(parts)


def _cost(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    cost = kb.costs.get(o.id)
    if cost is None:
        return Value(key="unknown", text=say(kb.language, "No reliable figure found"))
    amount = usd(cost.low_usd, cost.high_usd)
    text = "$0" if cost.high_usd == 0 else f"{amount} {cost.unit} ({cost.year})"
    return _cited((cost.low_usd, cost.high_usd, cost.unit), text, cost)


def _products(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    products = kb.products_of(o.id)
    if not products:
        return Value(key=frozenset(), text=say(kb.language, "None"))
    labels = tuple(p.label for p in products)
    sources = _ordered_unique(s for p in products if p.approval for s in p.approval.sources)
    return Value(
        key=frozenset(p.id for p in products),
        text=", ".join(labels),
        sources=sources,
        items=labels,
    )


def _combined_use(kb: KnowledgeBase, o: Option, compared: Sequence[Option]) -> Value:
    others = {c.id for c in compared} - {o.id}
    found = [c for c in kb.combinations.values() if o.id in c.options and others & set(c.options)]
    if not found:
        text = say(kb.language, "No studied combination with the others here")
        return Value(key=frozenset(), text=text)
    partners = _ordered_unique(
        kb.options[p].label for c in found for p in c.options if p != o.id and p in others
    )
    details = []
    for combination in found:
        detail = combination.text
        effect = combination.duration_effect
        if effect is not None:
            alone = kb.options[effect.alone_option].label
            detail += " " + say(
                kb.language,
                "In that study the result lasted about {combined} weeks combined, against"
                " {alone_weeks} weeks with {alone} alone.",
                combined=number(effect.combined_weeks),
                alone_weeks=number(effect.alone_weeks),
                alone=alone,
            )
        details.append(detail)
    return Value(
        key=frozenset(c.id for c in found),
        text=say(kb.language, "Can be combined with {partners}", partners=", ".join(partners)),
        detail=" ".join(details),
        sources=_ordered_unique(s for c in found for s in c.sources),
    )


ATTRIBUTES: tuple[Attribute, ...] = (
    Attribute("origin", "What it is made from", _origin),
    Attribute("mechanism", "How it works", _mechanism),
    Attribute("regulation", "What kind of product", _regulation),
    Attribute("cosmetic-uses", "Approved cosmetic uses", _uses_of_kind(ConcernKind.COSMETIC)),
    Attribute("medical-uses", "Approved medical uses", _uses_of_kind(ConcernKind.MEDICAL)),
    Attribute("administration", "How it is given", _administration),
    Attribute("injection-depth", "Where it goes", _depth),
    Attribute("onset", "When you see the effect", _onset),
    Attribute("duration", "How long the effect lasts", _duration),
    Attribute("temporary", "Temporary or permanent", _temporary),
    Attribute("routine-visits", "Needs routine visits to keep the result", _routine_visits),
    Attribute("visits-per-year", "Maintenance visits per year", _visits_per_year),
    Attribute("retreatment-interval", "Shortest time between treatments", _retreatment),
    Attribute("downtime", "Time off afterwards (downtime)", _downtime),
    Attribute("reversibility", "Can it be undone", _reversibility),
    Attribute("provider", "Who should give it", _provider),
    Attribute("setting", "Where it should be given", _setting),
    Attribute("common-side-effects", "Common side effects", _side_effects),
    Attribute("serious-risks", "Serious risks (rare)", _risks),
    Attribute(
        "contraindications",
        "Do not use if (contraindications)",
        _cautions_at(frozenset({CautionLevel.ABSOLUTE})),
    ),
    Attribute(
        "cautions",
        "Talk it over first if (warnings)",
        _cautions_at(frozenset({CautionLevel.RELATIVE, CautionLevel.WARNING})),
    ),
    Attribute("cost", "Typical cost", _cost),
    Attribute("products", "Products", _products),
    Attribute("combined-use", "Combined use", _combined_use),
)


# The detail rows in groups a person can jump to (a heading each, folded by default).
ATTRIBUTE_GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("what-it-is", "What it is", ("origin", "mechanism", "regulation", "products")),
    ("uses", "What it is approved for", ("cosmetic-uses", "medical-uses")),
    (
        "results",
        "Results and repeat visits",
        (
            "onset",
            "duration",
            "temporary",
            "routine-visits",
            "visits-per-year",
            "retreatment-interval",
        ),
    ),
    (
        "having-it",
        "Having it done and undoing it",
        ("administration", "injection-depth", "provider", "setting", "downtime", "reversibility"),
    ),
    (
        "risks",
        "Side effects, risks and who should not have it",
        ("common-side-effects", "serious-risks", "contraindications", "cautions"),
    ),
    ("cost", "Cost and using them together", ("cost", "combined-use")),
)


def _row(kb: KnowledgeBase, options: Sequence[Option], attribute: Attribute) -> Row:
    values = {o.id: attribute.value(kb, o, options) for o in options}
    same = len({v.key for v in values.values()}) == 1
    shared: tuple[str, ...] = ()
    item_lists = [v.items for v in values.values()]
    if all(item_lists) and not same:
        common = set.intersection(*(set(items) for items in item_lists))
        shared = tuple(item for item in item_lists[0] if item in common)
    groups: dict[Hashable, list[str]] = {}
    for option_id, value in values.items():
        groups.setdefault(value.key, []).append(option_id)
    matching = () if same else tuple(tuple(g) for g in groups.values() if len(g) > 1)
    return Row(
        attribute=attribute.id,
        label=say(kb.language, attribute.label),
        same=same,
        values={option_id: v.text for option_id, v in values.items()},
        sources=_ordered_unique(s for v in values.values() for s in v.sources),
        cells={
            option_id: Cell(text=v.text, detail=v.detail, sources=v.sources)
            for option_id, v in values.items()
        },
        shared=shared,
        matching=matching,
    )


def _ordered_unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))
