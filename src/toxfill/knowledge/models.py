"""The shapes of the knowledge base: frozen models, so a typo in a data file is an error."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

KebabId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")]
SourceId = Annotated[str, StringConstraints(pattern=r"^S-[A-Z0-9]+(-[A-Z0-9]+)*$")]
FactId = Annotated[str, StringConstraints(pattern=r"^[A-Z]+(-[A-Z0-9]+)+$")]
Text = Annotated[str, StringConstraints(min_length=1, strip_whitespace=True)]


class Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", defer_build=True)


class Source(Model):
    """A document a fact was read in.

    `url` is the primary document at its own publisher: the FDA label, the PMA or BLA record,
    the article by DOI or PubMed ID, the maker's or society's own page. `read_via` is the copy
    the text was actually read in when that was not the primary (a clinic page, a document
    site, a drug-information aggregator). When `url_confirmed` is false nobody has seen the
    primary document at `url`, so the source must carry an identifier to be found by.

    `no_primary_copy` says, in one sentence a reader can see, why the main link is not a
    primary document that was read there: a consumer article or a clinic's page cited for its
    own words, or a primary that was only ever read in a copy. Whether a link is primary depends
    on its publisher, so the knowledge base's source checks decide it and require the reason on
    every other source.
    """

    id: SourceId
    title: Text
    publisher: Text
    url: Text
    year: Annotated[str, StringConstraints(pattern=r"^(\d{4}([-–/]\d{2,4})?|n\.d\.|current)")]
    note: str = ""
    read_via: str = ""
    url_confirmed: bool = True
    # FDA application: "BLA 103000", "NDA 020000", "PMA P020012" or a supplement "PMA P110033/S053"
    application: Annotated[
        str, StringConstraints(pattern=r"^((BLA|NDA) \d{6}|PMA P\d{6}(/S\d{3})?|510\(k\) K\d{6})?$")
    ] = ""
    decision_date: Annotated[str, StringConstraints(pattern=r"^(\d{4}-\d{2}-\d{2})?$")] = ""
    setid: Annotated[
        str, StringConstraints(pattern=r"^([0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12})?$")
    ] = ""
    doi: Annotated[str, StringConstraints(pattern=r"^(10\.\d{4,9}/\S+)?$")] = ""
    pmid: Annotated[str, StringConstraints(pattern=r"^(\d{1,9})?$")] = ""
    # how to find a document that has none of the identifiers above, e.g. a journal page range
    reference: str = ""
    no_primary_copy: str = ""

    @model_validator(mode="after")
    def _cited_findably(self) -> Source:
        if self.read_via and self.read_via.strip() == self.url.strip():
            raise ValueError("read_via repeats url: leave it empty when the primary was read")
        if not self.url_confirmed and not self.identifiers:
            raise ValueError(
                "a source whose link is unconfirmed needs an identifier "
                "(application, setid, doi, pmid or reference)"
            )
        if self.decision_date and not self.application:
            raise ValueError("decision_date belongs to an FDA application: set application")
        return self

    @property
    def identifiers(self) -> str:
        """The document's identifiers in citation form, e.g. "BLA 103000; PMID 12859378"."""
        parts = [
            self.application + (f" (decision {self.decision_date})" if self.decision_date else ""),
            f"DailyMed setid {self.setid}" if self.setid else "",
            f"doi:{self.doi}" if self.doi else "",
            f"PMID {self.pmid}" if self.pmid else "",
            self.reference,
        ]
        return "; ".join(p for p in parts if p)


class Cited(Model):
    """A statement and the sources it was read in; `facts` are fact-sheet IDs (e.g. TOX-DUR-1)."""

    text: Text
    sources: tuple[SourceId, ...] = Field(min_length=1)
    facts: tuple[FactId, ...] = ()


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


# --- the face and body map (C6) ----------------------------------------------------------------


class Side(StrEnum):
    """The patient's own side: on a front view the patient's left is on the viewer's right."""

    LEFT = "left"
    RIGHT = "right"


class BodyMap(StrEnum):
    FACE = "face"  # the face, front view
    BODY = "body"  # the whole body, front view
    BODY_BACK = "body-back"  # the whole body, from behind


class MapPoint(Model):
    """Where a zone is drawn: x from the viewer's left, y from the top, each 0-100."""

    map: BodyMap
    x: float = Field(ge=0, le=100)
    y: float = Field(ge=0, le=100)


class VesselRisk(Cited):
    """Why filler here is more likely to block a blood vessel (FIL-RISK: sight loss, stroke)."""

    level: Literal["high"]


class Zone(Model):
    """A place on the face or body map where injections are charted.

    `area` is a concern area (upper-face, mid-face, bladder, ...), so a charted zone maps to the
    area triage knows; `concerns` are what is usually treated there, so a dose can be checked
    against the label dose for its concern when the zone names only one.
    """

    id: KebabId
    label: Text
    area: KebabId
    side: Side | None = None
    at: MapPoint
    concerns: tuple[KebabId, ...] = ()
    vessel_risk: VesselRisk | None = None

    @model_validator(mode="after")
    def _side_drawn_on_its_side(self) -> Zone:
        # On a front view the patient's left is on the viewer's right; from behind, on the left.
        if self.side is not None:
            left_is_right = self.at.map is not BodyMap.BODY_BACK
            on_right = self.at.x > 50
            if (self.side is Side.LEFT) != (on_right == left_is_right):
                raise ValueError(
                    f"a {self.side.value} zone is drawn on the wrong half of the "
                    f"{self.at.map.value} map (x={self.at.x:g})"
                )
        return self
