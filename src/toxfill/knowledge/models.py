"""The shapes of the knowledge base: frozen models, so a typo in a data file is an error.

The vocabulary, treatment options and dosing are here; triage and the body map have modules of
their own (triage_models, body_map), whose shapes this module also names."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StringConstraints, model_validator

from toxfill.knowledge.body_map import BodyMap, MapPoint, Side, VesselRisk, Zone
from toxfill.knowledge.model_base import Cited, FactId, KebabId, Model, Source, SourceId, Text
from toxfill.knowledge.triage_models import (
    Aftercare,
    ExpectedReaction,
    NormalReaction,
    OptionAdvice,
    StaffActions,
    TriageMechanism,
    TriageRule,
    UrgencyLevel,
    WorseIf,
)

# --- vocabulary -------------------------------------------------------------------------


class Term(Model):
    id: KebabId
    label: Text
    description: Text


class ConcernKind(StrEnum):
    COSMETIC = "cosmetic"
    MEDICAL = "medical"


class ConcernNature(StrEnum):
    DYNAMIC_LINES = "dynamic-lines"  # lines made by muscle movement
    FOLDS = "folds"  # lines and folds at rest
    VOLUME_LOSS = "volume-loss"
    CONTOUR = "contour"
    SCARS = "scars"
    MEDICAL = "medical"


class Concern(Term):
    kind: ConcernKind
    nature: ConcernNature
    area: KebabId  # a body zone for the questionnaire picture: upper-face, mid-face, ...
    specialist: str = ""  # medical concerns: the kind of doctor who treats it
    # Named on no label, but covered by the labels' general wording, e.g. "facial wrinkles and
    # folds": wherever approvals are shown, it appears as covered by that wording.
    label_wording: str = ""

    @model_validator(mode="after")
    def _medical_names_specialist(self) -> Concern:
        if self.kind is ConcernKind.MEDICAL and not self.specialist:
            raise ValueError("a medical concern must name its specialist")
        return self


class HealthFactor(Term):
    question: Text  # how the questionnaire asks it, in plain words


class Preference(Term):
    pass


class Symptom(Term):
    pass


# --- treatment options ------------------------------------------------------------------


class OptionKind(StrEnum):
    TOXIN = "toxin"
    FILLER = "filler"
    PROCEDURE = "procedure"
    NONE = "none"


class Area(Term):
    """A part of the face or body that concerns and charting zones belong to (eye-area,
    bladder, ...); `treated_with` are the kinds of treatment injected there, so a report of
    lip filler in the bladder is refused instead of guessed at."""

    treated_with: tuple[OptionKind, ...] = Field(min_length=1)
    within: KebabId | None = None  # a wider area that holds it, e.g. mid-face in whole-face
    sources: tuple[SourceId, ...] = Field(min_length=1)


class OriginKind(StrEnum):
    BACTERIAL_TOXIN = "bacterial-toxin"
    SUGAR_IN_BODY = "sugar-found-in-body"
    MINERAL = "mineral"
    SYNTHETIC_ABSORBABLE = "synthetic-absorbable-polymer"
    SYNTHETIC_PERMANENT = "synthetic-permanent-beads"
    OWN_FAT = "own-fat"
    NOTHING = "nothing"


class Action(StrEnum):
    RELAXES_MUSCLE = "relaxes-muscle"
    ADDS_VOLUME = "adds-volume"
    STIMULATES_COLLAGEN = "stimulates-collagen"
    NONE = "none"


class Regulation(StrEnum):
    BIOLOGIC_DRUG = "biologic-drug"
    MEDICAL_DEVICE = "medical-device"
    SURGICAL_PROCEDURE = "surgical-procedure"
    NONE = "none"


class Depth(StrEnum):
    INTO_MUSCLE = "into-muscle"
    UNDER_SKIN = "under-the-skin"
    NONE = "none"


class Permanence(StrEnum):
    TEMPORARY = "temporary"
    PERMANENT = "permanent"
    NOT_APPLICABLE = "not-applicable"


class Reversal(StrEnum):
    WEARS_OFF = "wears-off"
    ENZYME = "dissolvable-with-enzyme"
    HARD_TO_REMOVE = "hard-to-remove"
    NOT_APPLICABLE = "not-applicable"


class DowntimeLevel(StrEnum):
    """How long before everyday activities, in words the sources use."""

    MINIMAL = "minimal"  # back to everyday activities right after the visit
    DAYS = "days"
    WEEKS = "weeks"


class CautionLevel(StrEnum):
    """How a health factor bears on an option, strongest first."""

    ABSOLUTE = "absolute"  # contraindicated: do not treat
    RELATIVE = "relative"  # relative contraindication: only after weighing it with a provider
    WARNING = "warning"  # a label warning or precaution to discuss


class Origin(Cited):
    kind: OriginKind


class Mechanism(Cited):
    action: Action


class Regulatory(Cited):
    category: Regulation
    prescription_only: bool


class Administration(Cited):
    injected: bool
    at_target_area: bool
    depth: Depth


class _CitedRange(Cited):
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> _CitedRange:
        if self.low > self.high:
            raise ValueError(f"low ({self.low}) is above high ({self.high})")
        return self


class DaysRange(_CitedRange):
    low: int = Field(ge=0)
    high: int = Field(ge=0)


class MonthsRange(_CitedRange):
    low: float = Field(gt=0)
    high: float = Field(gt=0)


class MinimumInterval(Cited):
    days: int = Field(gt=0)
    use_kind: ConcernKind | None = None  # the labels set it for these uses only


class Reversibility(Cited):
    permanence: Permanence
    reversal: Reversal


class Downtime(Cited):
    level: DowntimeLevel


class ProviderRule(Cited):
    licensed_provider: bool
    medical_setting: bool


class SideEffects(Cited):
    symptoms: tuple[KebabId, ...] = Field(min_length=1)  # symptom IDs
    usually_resolves_days: int | None = Field(default=None, gt=0)


class Risk(Cited):
    id: KebabId
    label: Text
    symptoms: tuple[KebabId, ...] = ()  # the warning signs, as symptom IDs
    serious: bool = False  # can kill or leave lasting harm: shown beside every benefit (IPDAS)
    frequency: Cited | None = None  # how rare it is, in the sources' own figures or words


class OptionGroup(StrEnum):
    """A group of options that a caution can be stated for as a whole, e.g. every filler."""

    FILLERS = "fillers"  # every option of kind filler
    PERMANENT_FILLERS = "permanent-fillers"  # fillers whose result is permanent

    def includes(self, option: Option) -> bool:
        """True when `option` belongs to the group."""
        if option.kind is not OptionKind.FILLER:
            return False
        permanent = option.reversibility.permanence is Permanence.PERMANENT
        return self is OptionGroup.FILLERS or permanent


class Caution(Cited):
    """A contraindication or warning tied to a health factor; `products` narrows it to those.

    `holds_for` marks a caution that holds for a whole group of options (every filler, say):
    each member states it in its own words, for all its products and uses, and loading fails
    when a member lacks it, so no member of the group comes out better than `caution` for it.
    """

    health: KebabId
    level: CautionLevel
    products: tuple[KebabId, ...] = ()  # empty: the whole class
    uses: tuple[KebabId, ...] = ()  # empty: every use; else only these concerns (e.g. bladder)
    use_kind: ConcernKind | None = None  # only cosmetic or only medical uses
    discuss: Text  # what to talk over with the provider, in plain words
    holds_for: OptionGroup | None = None

    @model_validator(mode="after")
    def _group_caution_is_whole(self) -> Caution:
        if self.holds_for is not None and (self.products or self.uses or self.use_kind):
            raise ValueError(
                f"a caution that holds for every option of '{self.holds_for}' cannot be narrowed "
                "to products or uses"
            )
        return self


class Use(Cited):
    """A use for a concern; `labelled: false` records a known off-label or unapproved use."""

    concern: KebabId
    labelled: bool = True
    min_age: int = Field(default=18, ge=0, le=120)
    max_age: int | None = Field(default=None, ge=0, le=120)

    @model_validator(mode="after")
    def _ages_ordered(self) -> Use:
        if self.max_age is not None and self.max_age < self.min_age:
            raise ValueError(f"max_age ({self.max_age}) is below min_age ({self.min_age})")
        return self


class Product(Model):
    id: KebabId
    option: KebabId
    label: Text
    generic_name: str = ""
    maker: str = ""
    family: str = ""  # filler brand family, e.g. Juvéderm
    approval: Cited | None = None
    contents: Cited | None = None
    uses: tuple[Use, ...] = ()
    retreatment_min: MinimumInterval | None = None
    duration: MonthsRange | None = None
    # GS1 GTINs (14 digits) printed on the product's packs, from a primary source such as the
    # FDA's GUDID; empty when none was confirmed, and then any valid GTIN is accepted.
    gtins: tuple[Annotated[str, StringConstraints(pattern=r"^\d{14}$")], ...] = ()
    gtins_source: Cited | None = None


class Course(Cited):
    """A first course of several sessions before maintenance (e.g. poly-L-lactic acid)."""

    sessions: int = Field(ge=2, le=6)
    weeks_apart: int = Field(ge=1, le=26)  # the shortest spacing the sources give


class Review(Cited):
    """A check-up visit after a first treatment, where sources advise one."""

    after_days: int = Field(ge=1, le=90)


class Option(Model):
    id: KebabId
    label: Text
    kind: OptionKind
    summary: Text  # one plain sentence
    origin: Origin
    mechanism: Mechanism
    regulatory: Regulatory
    administration: Administration
    onset: DaysRange | None = None
    duration: MonthsRange | None = None
    duration_note: Cited | None = None  # e.g. where no duration figure was found
    retreatment_min: MinimumInterval | None = None
    reversibility: Reversibility
    provider: ProviderRule
    downtime: Downtime | None = None
    side_effects: SideEffects | None = None
    risks: tuple[Risk, ...] = ()
    cautions: tuple[Caution, ...] = ()
    uses: tuple[Use, ...] = ()  # class-level uses (product-level ones live on products)
    without_treatment: Cited | None = None  # `no-treatment` only: what to expect
    course: Course | None = None
    review: Review | None = None


class Cost(Cited):
    option: KebabId
    low_usd: int = Field(ge=0)
    high_usd: int = Field(ge=0)
    year: int = Field(ge=1990, le=2100)
    unit: Text  # what one price buys, e.g. "per treatment area" or "per syringe"

    @model_validator(mode="after")
    def _ordered(self) -> Cost:
        if self.low_usd > self.high_usd:
            raise ValueError(f"low_usd ({self.low_usd}) is above high_usd ({self.high_usd})")
        return self


class DurationEffect(Model):
    combined_weeks: float = Field(gt=0)
    alone_weeks: float = Field(gt=0)
    alone_option: KebabId  # the option whose effect alone was measured


class Combination(Cited):
    id: KebabId
    options: tuple[KebabId, ...] = Field(min_length=2)
    concerns: tuple[KebabId, ...] = ()
    duration_effect: DurationEffect | None = None


# --- dosing (C7): reference for providers, never a dose for a person ----------------------


class Reconstitution(Cited):
    """How one vial size of a toxin product is mixed, per its label."""

    product: KebabId
    vial_units: int = Field(gt=0)
    diluent: Text  # e.g. "preservative-free 0.9% sodium chloride"
    diluent_ml_min: float = Field(gt=0)
    diluent_ml_max: float = Field(gt=0)
    use_within_hours: int | None = Field(default=None, gt=0)  # None: the label text was not read
    storage: Text  # how to keep it once mixed, e.g. "in a refrigerator at 2–8 °C"

    @model_validator(mode="after")
    def _ordered(self) -> Reconstitution:
        if self.diluent_ml_min > self.diluent_ml_max:
            raise ValueError("diluent_ml_min is above diluent_ml_max")
        return self


class DoseReference(Cited):
    """A label dose for one use of one product: reference for providers only."""

    product: KebabId
    concern: KebabId
    units_low: float = Field(gt=0)
    units_high: float = Field(gt=0)
    injection_sites: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> DoseReference:
        if self.units_low > self.units_high:
            raise ValueError("units_low is above units_high")
        return self


class CumulativeDoseLimit(Cited):
    """A label's ceiling on the total units of one toxin product across uses, for providers.

    `units` is None where the label asks to weigh the cumulative dose but names no figure;
    `within_days` is None where the ceiling is per treatment session.
    """

    product: KebabId
    scope: Text  # whom and which uses it covers, e.g. "adults, one or more uses together"
    units: int | None = Field(default=None, gt=0)
    within_days: int | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _period_needs_units(self) -> CumulativeDoseLimit:
        if self.units is None and self.within_days is not None:
            raise ValueError("within_days is set but units is not: a period needs a ceiling")
        return self


__all__ = [
    "Action",
    "Administration",
    "Aftercare",
    "Area",
    "BodyMap",
    "Caution",
    "CautionLevel",
    "Cited",
    "Combination",
    "Concern",
    "ConcernKind",
    "ConcernNature",
    "Cost",
    "Course",
    "CumulativeDoseLimit",
    "DaysRange",
    "Depth",
    "DoseReference",
    "Downtime",
    "DowntimeLevel",
    "DurationEffect",
    "ExpectedReaction",
    "FactId",
    "HealthFactor",
    "KebabId",
    "MapPoint",
    "Mechanism",
    "MinimumInterval",
    "Model",
    "MonthsRange",
    "NormalReaction",
    "Option",
    "OptionAdvice",
    "OptionGroup",
    "OptionKind",
    "Origin",
    "OriginKind",
    "Permanence",
    "Preference",
    "Product",
    "ProviderRule",
    "Reconstitution",
    "Regulation",
    "Regulatory",
    "Reversal",
    "Reversibility",
    "Review",
    "Risk",
    "Side",
    "SideEffects",
    "Source",
    "SourceId",
    "StaffActions",
    "Symptom",
    "Term",
    "Text",
    "TriageMechanism",
    "TriageRule",
    "UrgencyLevel",
    "Use",
    "VesselRisk",
    "WorseIf",
    "Zone",
    "_CitedRange",
]
