"""The shapes of triage (C5): urgency levels, the rules that set them, and what is normal
after a treatment."""

from __future__ import annotations

from enum import StrEnum

from pydantic import Field, model_validator

from toxfill.knowledge.model_base import Cited, KebabId, Model, Text

# --- triage (C5) ----------------------------------------------------------------------------


class UrgencyLevel(StrEnum):
    """Lowest to highest; the order is meaningful."""

    SELF_CARE = "self-care"
    ROUTINE = "routine"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _URGENCY_RANKS[self]


# Asked for on every rule a triage weighs: a lookup, not a walk of the enum.
_URGENCY_RANKS = {level: index for index, level in enumerate(UrgencyLevel)}


class OptionAdvice(Model):
    """Advice that holds only after some treatments, e.g. hyaluronidase for hyaluronic acid."""

    options: tuple[KebabId, ...] = Field(min_length=1)
    advice: tuple[Text, ...] = Field(min_length=1)


class TriageMechanism(StrEnum):
    """Why a sign is dangerous: it decides which explanation and script lead an answer."""

    VESSEL_BLOCKAGE = "vessel-blockage"  # filler in a blood vessel (FIL-VO-1)
    TOXIN_SPREAD = "toxin-spread"  # the boxed warning (TOX-BOX-1)
    ALLERGY = "allergy"
    STROKE = "stroke"
    INFECTION = "infection"
    LOCAL = "local"  # an effect at or near the injection
    GENERAL = "general"  # a sign that needs care whatever its cause


class WorseIf(Model):
    """A sign, beyond the vocabulary's symptoms, that would make an answer more urgent."""

    when: Text  # e.g. "you cannot pass any urine for several hours"
    urgency: UrgencyLevel


class TriageRule(Cited):
    """Symptoms after a treatment that need at least `urgency`; `text` says why.

    A rule applies to a reported symptom in `symptoms` (or to any symptom, with
    `any_symptom`), and only when every condition it names holds: at least `at_least` of its
    `symptoms` reported, one of `with_any` reported too (symptoms that together mean more than
    either alone), one of `options` given, the zone in `zones`, at least `from_day` days since,
    the person `max_age` or younger, pregnant (when `pregnant`). An unknown zone or day never
    rules a rule out, nor an unknown age where the zone is known: the safer reading wins.

    A rule with no condition at all is its symptoms' floor: the least urgency they have after
    any treatment. Every symptom has exactly one floor (the loader checks it).
    `tell` lines may name {treatment}, {product}, {where} and {when} from the report.
    """

    id: KebabId
    symptoms: tuple[KebabId, ...] = ()
    any_symptom: bool = False
    at_least: int = Field(default=1, ge=1)
    with_any: tuple[KebabId, ...] = ()
    options: tuple[KebabId, ...] = ()  # empty: after any treatment
    zones: tuple[KebabId, ...] = ()  # empty: any treated area; else areas, e.g. bladder
    from_day: int = Field(default=0, ge=0)
    max_age: int | None = Field(default=None, ge=0, le=120)
    pregnant: bool = False
    mechanism: TriageMechanism
    urgency: UrgencyLevel
    advice: tuple[Text, ...] = Field(min_length=1)  # the action first, then what else to do
    advice_for: tuple[OptionAdvice, ...] = ()  # more advice after particular treatments
    tell: tuple[Text, ...] = ()  # what to tell the emergency team or provider
    worse_if: tuple[WorseIf, ...] = ()  # signs outside the vocabulary that raise the urgency

    @model_validator(mode="after")
    def _names_its_symptoms(self) -> TriageRule:
        if bool(self.symptoms) == self.any_symptom:
            raise ValueError("name the symptoms, or set any_symptom, not both")
        if self.at_least > max(len(self.symptoms), 1):
            raise ValueError(f"at_least ({self.at_least}) is more than the symptoms named")
        if self.at_least > 1 and self.with_any:
            raise ValueError("a rule counts its symptoms (at_least) or pairs them (with_any)")
        for line in self.worse_if:
            if line.urgency.rank <= self.urgency.rank:
                raise ValueError(f"worse_if '{line.when}' is not more urgent than the rule")
        return self

    @property
    def pattern(self) -> bool:
        """True when it needs several symptoms together."""
        return bool(self.with_any) or self.at_least > 1

    @property
    def conditional(self) -> bool:
        """True when it needs more than its symptom: a pattern, a treatment, a zone, a day,
        an age or a pregnancy. A rule that is not conditional is a floor."""
        return (
            self.pattern
            or bool(self.options or self.zones or self.from_day or self.max_age is not None)
            or (self.pregnant or self.any_symptom)
        )

    @property
    def specificity(self) -> int:
        """How closely the rule fits a report: a pattern of signs most, a floor least. Among
        rules of one urgency, the most specific explains first."""
        if self.pattern:
            return 2
        return 1 if self.conditional else 0


class StaffActions(Cited):
    """What the clinic's team does for a sign of one mechanism, beside the patient's advice:
    `text` names the situation, `actions` are the steps in order, in clinical words. With
    `options`, only after those treatments (e.g. hyaluronidase after hyaluronic acid)."""

    mechanism: TriageMechanism
    options: tuple[KebabId, ...] = ()  # empty: after any treatment
    actions: tuple[Text, ...] = Field(min_length=1)


class NormalReaction(Cited):
    """An aftercare note on what is normal; when it names `symptoms`, triage holds them as
    expected (self-care) for `usually_resolves_days`, so the two never disagree."""

    symptoms: tuple[KebabId, ...] = ()
    usually_resolves_days: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _days_with_symptoms(self) -> NormalReaction:
        if bool(self.symptoms) != (self.usually_resolves_days is not None):
            raise ValueError("name the symptoms and usually_resolves_days together")
        return self


class ExpectedReaction(Cited):
    """A mild reaction expected for a short while after a treatment, beyond its side effects."""

    option: KebabId
    symptoms: tuple[KebabId, ...] = Field(min_length=1)
    usually_resolves_days: int = Field(gt=0)


class Aftercare(Model):
    """What is normal after a treatment, what to avoid, what to watch for, and what to do
    before the next one, each cited."""

    option: KebabId
    steps: tuple[Cited, ...] = ()  # what to do at home, concretely: cold pack, how long, when
    normal: tuple[NormalReaction, ...] = Field(min_length=1)
    avoid: tuple[Cited, ...] = ()
    watch: tuple[Cited, ...] = ()  # signs to watch for, shown with every result
    before: tuple[Cited, ...] = ()  # before the next treatment, not after this one
