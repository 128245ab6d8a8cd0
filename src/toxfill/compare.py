"""C2: compare two or more options attribute by attribute; same or different is computed."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from pydantic import Field

from toxfill.errors import InputError, is_id, shown
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
    Source,
    Use,
)
from toxfill.results import Result
from toxfill.wording import in_words, number, span, usd

SCHEMA = "toxfill.comparison/1"

# Which mechanism treats which kind of concern (SHR-MOA-1: toxins relax, fillers fill).
SUITED_ACTIONS: Mapping[ConcernNature, frozenset[Action]] = {
    ConcernNature.DYNAMIC_LINES: frozenset({Action.RELAXES_MUSCLE}),
    ConcernNature.FOLDS: frozenset({Action.ADDS_VOLUME}),
    ConcernNature.CONTOUR: frozenset({Action.ADDS_VOLUME}),
    ConcernNature.VOLUME_LOSS: frozenset({Action.ADDS_VOLUME, Action.STIMULATES_COLLAGEN}),
}


def approved_as(concern: Concern) -> str:
    """A concern's label as an approval shows it: 'X (covered by "facial wrinkles and folds")'."""
    wording = concern.label_wording
    return (
        f"{concern.label} (not named on any label; covered by “{wording}”)"
        if wording
        else (concern.label)
    )


class Cell(Result):
    text: str = Field(description="The value in a few words.")
    detail: str = Field(default="", description="The cited statement behind the value.")
    sources: tuple[str, ...] = ()


class Row(Result):
    attribute: str = Field(description="A stable attribute ID, e.g. 'duration'.")
    label: str
    same: bool = Field(description="True when every option has the same value (computed).")
    values: dict[str, str]
    sources: tuple[str, ...]
    cells: dict[str, Cell]
    shared: tuple[str, ...] = Field(
        default=(), description="For list values: the items every option has in common."
    )
    matching: tuple[tuple[str, ...], ...] = Field(
        default=(),
        description="When not all are the same: groups of two or more options that match.",
    )


class ComparedOption(Result):
    option: str
    label: str
    summary: str


class SummaryItem(Result):
    attribute: str = Field(description="A stable ID, e.g. 'lasts'.")
    label: str
    text: str = Field(description="The answer in a few plain words.")
    sources: tuple[str, ...] = ()


class OptionSummary(Result):
    """The six things most people ask first, in plain words (issue: answers before detail)."""

    option: str
    label: str
    items: tuple[SummaryItem, ...]


class Comparison(Result):
    schema_: Literal["toxfill.comparison/1"] = Field(default="toxfill.comparison/1", alias="schema")
    knowledge_version: str
    options: tuple[ComparedOption, ...]
    rows: tuple[Row, ...]
    summaries: tuple[OptionSummary, ...] = Field(
        default=(), description="Per option: how long it lasts, downtime, undo, cost, uses, risk."
    )
    sources: tuple[Source, ...] = Field(description="Every source cited in the rows.")
    disclaimer: str

    def verdict(self, row: Row) -> str:
        """In words: same, different, or which of the options match and what they share."""
        if row.same:
            return "Same"
        labels = {o.option: o.label for o in self.options}
        parts = ["Different"]
        if row.matching:
            groups = "; ".join(" and ".join(labels[o] for o in group) for group in row.matching)
            parts.append(f"same for {groups}")
        if row.shared:
            parts.append(f"in common: {', '.join(row.shared)}")
        return "; ".join(parts)


def compare(kb: KnowledgeBase, option_ids: Sequence[str]) -> Comparison:
    """Compare the options named by `option_ids` (two or more, no repeats)."""
    if len(option_ids) < 2:
        raise InputError("options", "name at least two options to compare")
    if len(option_ids) > len(kb.options):
        raise InputError("options", f"name at most {len(kb.options)} options, each once")
    repeated = sorted({o for o in option_ids if list(option_ids).count(o) > 1})
    if repeated:
        named = ", ".join(o if is_id(o) else shown(o) for o in repeated)
        raise InputError("options", f"each option once, please; repeated: {named}")
    options = [kb.option(option_id, "options") for option_id in option_ids]
    rows = tuple(_row(kb, options, attribute) for attribute in ATTRIBUTES)
    summaries = tuple(summarise(kb, option) for option in options)
    # The rows' sources first, then the cards' (sources_for keeps each once, in this order).
    cited = [
        *(s for row in rows for s in row.sources),
        *(s for summary in summaries for item in summary.items for s in item.sources),
    ]
    return Comparison(
        knowledge_version=kb.version,
        options=tuple(
            ComparedOption(option=o.id, label=o.label, summary=o.summary) for o in options
        ),
        rows=rows,
        summaries=summaries,
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
    )


# --- attributes -------------------------------------------------------------------------


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


NOT_APPLICABLE = Value(key=None, text="Not applicable")


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
    return _cited((r.category, r.prescription_only), _REGULATION_TEXT[r.category], r)


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
            return Value(key=frozenset(), text=f"No approved {kind.value} uses")
        concerns = [c for c in kb.concerns if c in by_concern]  # vocabulary order
        labels = tuple(approved_as(kb.concerns[c]) for c in concerns)
        detail = "; ".join(
            approved_as(kb.concerns[c])
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
        return Value(key=(False, False), text="No injection")
    where = "at the treatment area" if a.at_target_area else "away from the treatment area"
    return Value(key=(True, a.at_target_area), text=f"Injected {where}", sources=a.sources)


_DEPTH_TEXT = {"into-muscle": "Into the muscle", "under-the-skin": "Under the skin"}


def _depth(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    a = o.administration
    if not a.injected:
        return NOT_APPLICABLE
    return _cited(a.depth, _DEPTH_TEXT.get(a.depth, a.depth), a)


def _onset(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    if o.onset is None:
        return NOT_APPLICABLE if o.kind == "none" else Value(key="unknown", text="No figure found")
    low, high = o.onset.low, o.onset.high
    if high == 0:
        text = "Right away"
    elif low == 0:
        text = f"Right away, or within {span(high, high, 'day')}"
    else:
        text = span(low, high, "day")
    return _cited((low, high), text, o.onset)


def _duration(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    if o.duration is None:
        if o.reversibility.permanence is Permanence.NOT_APPLICABLE:
            return NOT_APPLICABLE
        return _cited("unknown", "No reliable figure found", o.duration_note)
    d = o.duration
    return _cited((d.low, d.high), span(d.low, d.high, "month"), d)


_PERMANENCE_TEXT = {
    "temporary": "Temporary: the effect wears off",
    "permanent": "Permanent: does not wear off",
}


def _temporary(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    r = o.reversibility
    if r.permanence is Permanence.NOT_APPLICABLE:
        return NOT_APPLICABLE
    return _cited(r.permanence, _PERMANENCE_TEXT[r.permanence], r)


def _routine_visits(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    permanence = o.reversibility.permanence
    if permanence is Permanence.NOT_APPLICABLE:
        return Value(key=False, text="No visits")
    claim = o.duration or o.reversibility
    if permanence is Permanence.TEMPORARY:
        return _cited(True, "Yes: repeat treatments keep the result", claim)
    return _cited(False, "No repeat treatments needed to keep the result", claim)


def _visits_per_year(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    if o.reversibility.permanence is not Permanence.TEMPORARY:
        return Value(key=0, text="None to maintain the result")
    if o.duration is None:
        return _cited("unknown", "Unknown: no reliable duration figure", o.duration_note)
    fewest, most = 12 / o.duration.high, 12 / o.duration.low
    key = (round(fewest, 1), round(most, 1))
    if most < 1:
        text = f"About one every {number(o.duration.low)}–{number(o.duration.high)} months"
        if o.duration.low == o.duration.high:
            text = f"About one every {number(o.duration.low)} months"
    else:
        text = f"About {span(fewest, most, 'visit')} a year"
    return Value(
        key=key,
        text=text,
        detail=f"Worked out from how long the effect lasts: {o.duration.text}",
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
            return Value(key="none", text="None")
        return Value(key="unknown", text="No reliable figure found")
    return _cited(o.downtime.level, _DOWNTIME_TEXT[o.downtime.level], o.downtime)


def _retreatment(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    r = o.retreatment_min
    if r is None:
        return Value(key=None, text="No minimum set by a label")
    return _cited(r.days, f"At least {r.days} days apart", r)


_REVERSAL_TEXT = {
    "wears-off": "Cannot be undone; wears off with time",
    "dissolvable-with-enzyme": "Can be dissolved with an enzyme (hyaluronidase)",
    "hard-to-remove": "Hard or impossible to remove",
}


def _reversibility(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    r = o.reversibility
    if r.reversal is Reversal.NOT_APPLICABLE:
        return NOT_APPLICABLE
    return _cited(r.reversal, _REVERSAL_TEXT[r.reversal], r)


def _provider(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    p = o.provider
    if not p.licensed_provider:
        return Value(key=False, text="No provider needed")
    return _cited(True, "A licensed health care provider", p)


def _setting(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    p = o.provider
    if not p.medical_setting:
        return Value(key=False, text="Not applicable")
    return _cited(True, "A medical setting (never a spa, party or home)", p)


def _side_effects(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    s = o.side_effects
    if s is None:
        return Value(key=frozenset(), text="None")
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
        return Value(key=frozenset(), text="None")
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
            return Value(key=frozenset(), text="None listed")
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
    parts = []
    if caution.products:
        parts.append(in_words([kb.products[p].label for p in caution.products]) + " only")
    if caution.uses:
        parts.append("for " + in_words([kb.concerns[c].label.lower() for c in caution.uses]))
    if caution.use_kind is not None:
        parts.append(f"{caution.use_kind.value} uses only")
    return ", ".join(parts)


def _cost(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    cost = kb.costs.get(o.id)
    if cost is None:
        return Value(key="unknown", text="No reliable figure found")
    amount = usd(cost.low_usd, cost.high_usd)
    text = "$0" if cost.high_usd == 0 else f"{amount} {cost.unit} ({cost.year})"
    return _cited((cost.low_usd, cost.high_usd, cost.unit), text, cost)


def _products(kb: KnowledgeBase, o: Option, _: Sequence[Option]) -> Value:
    products = kb.products_of(o.id)
    if not products:
        return Value(key=frozenset(), text="None")
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
        return Value(key=frozenset(), text="No studied combination with the others here")
    partners = _ordered_unique(
        kb.options[p].label for c in found for p in c.options if p != o.id and p in others
    )
    details = []
    for combination in found:
        detail = combination.text
        effect = combination.duration_effect
        if effect is not None:
            alone = kb.options[effect.alone_option].label
            detail += (
                f" In that study the result lasted about {number(effect.combined_weeks)} weeks"
                f" combined, against {number(effect.alone_weeks)} weeks with {alone} alone."
            )
        details.append(detail)
    return Value(
        key=frozenset(c.id for c in found),
        text=f"Can be combined with {', '.join(partners)}",
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
        label=attribute.label,
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


# --- the summary card --------------------------------------------------------------------

SUMMARY_LABELS: Mapping[str, str] = {
    "lasts": "How long it lasts",
    "downtime": "Time off after",
    "undo": "Can it be undone?",
    "cost": "Typical cost",
    "approved-for": "Approved for",
    "main-risk": "Main serious risk",
}
_SHORT_DOWNTIME = {
    DowntimeLevel.MINIMAL: "Little or none",
    DowntimeLevel.DAYS: "A few days",
    DowntimeLevel.WEEKS: "A few weeks",
}
_SHORT_UNDO = {
    Reversal.WEARS_OFF: "No. It wears off with time.",
    Reversal.ENZYME: "Yes. An enzyme can dissolve it.",
    Reversal.HARD_TO_REMOVE: "No. It is hard or impossible to remove.",
}


def summarise(kb: KnowledgeBase, option: Option) -> OptionSummary:
    """An option's summary card, each answer short, plain and cited."""
    items = [
        _summary_lasts(option),
        _summary_downtime(option),
        _summary_undo(option),
        _summary_cost(kb, option),
        _summary_uses(kb, option),
        _summary_risk(option),
    ]
    return OptionSummary(option=option.id, label=option.label, items=tuple(items))


def _item(attribute: str, text: str, sources: Iterable[str] = ()) -> SummaryItem:
    return SummaryItem(
        attribute=attribute,
        label=SUMMARY_LABELS[attribute],
        text=text,
        sources=_ordered_unique(sources),
    )


def _summary_lasts(option: Option) -> SummaryItem:
    r = option.reversibility
    if r.permanence is Permanence.NOT_APPLICABLE:
        return _item("lasts", "Nothing to wear off.")
    if r.permanence is Permanence.PERMANENT:
        return _item("lasts", "For good. It does not wear off.", r.sources)
    if option.duration is None:
        note = option.duration_note
        return _item("lasts", "Not known. Sources do not agree.", note.sources if note else ())
    d = option.duration
    return _item("lasts", f"About {span(d.low, d.high, 'month')}.", d.sources)


def _summary_downtime(option: Option) -> SummaryItem:
    if option.downtime is None:
        return _item("downtime", "None." if not option.administration.injected else "Not known.")
    return _item("downtime", f"{_SHORT_DOWNTIME[option.downtime.level]}.", option.downtime.sources)


def _summary_undo(option: Option) -> SummaryItem:
    r = option.reversibility
    if r.reversal is Reversal.NOT_APPLICABLE:
        return _item("undo", "Nothing to undo.")
    return _item("undo", _SHORT_UNDO[r.reversal], r.sources)


def _summary_cost(kb: KnowledgeBase, option: Option) -> SummaryItem:
    cost = kb.costs.get(option.id)
    if cost is None:
        return _item("cost", "Not known. Ask the clinic.")
    if cost.high_usd == 0:
        return _item("cost", "Nothing.", cost.sources)
    return _item(
        "cost",
        f"About {usd(cost.low_usd, cost.high_usd)} each time (US average, {cost.year}).",
        cost.sources,
    )


def _summary_uses(kb: KnowledgeBase, option: Option) -> SummaryItem:
    if option.kind == "none":
        return _item("approved-for", "Not needed. It is always a choice.")
    concerns: dict[ConcernKind, list[str]] = {kind: [] for kind in ConcernKind}
    sources: list[str] = []
    for use, _ in _labelled_uses(kb, option):
        concern = kb.concerns[use.concern]
        if concern.id not in concerns[concern.kind]:
            concerns[concern.kind].append(concern.id)
        sources += use.sources
    cosmetic = [c for c in kb.concerns if c in concerns[ConcernKind.COSMETIC]]
    medical = concerns[ConcernKind.MEDICAL]
    if not cosmetic and not medical:
        return _item(
            "approved-for", "Nothing. It is not an approved product.", option.regulatory.sources
        )
    parts = []
    if cosmetic:
        first = kb.concerns[cosmetic[0]].label.split(" (")[0]
        more = len(cosmetic) - 1
        parts.append(f"{first}{f' and {more} other uses' if more else ''}.")
    if medical:
        parts.append(f"Also {len(medical)} medical use{'s' if len(medical) > 1 else ''}.")
    return _item("approved-for", " ".join(parts), sources)


def _summary_risk(option: Option) -> SummaryItem:
    serious = [r for r in option.risks if r.serious]
    if not serious:
        return _item("main-risk", "None from treatment.")
    risk = serious[0]
    frequency = risk.frequency
    if frequency is None:
        return _item("main-risk", f"{risk.label}. How often is not known.", risk.sources)
    # The sources' own word for it: 'Rare' only where they say so.
    how_often = "Rare." if frequency.text.startswith("Rare") else "How often is not known."
    return _item("main-risk", f"{risk.label}. {how_often}", (*risk.sources, *frequency.sources))


# --- small helpers ----------------------------------------------------------------------


def _ordered_unique(items: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


__all__ = [
    "ATTRIBUTES",
    "ATTRIBUTE_GROUPS",
    "SCHEMA",
    "Cell",
    "Comparison",
    "OptionSummary",
    "Row",
    "SummaryItem",
    "compare",
    "summarise",
]
