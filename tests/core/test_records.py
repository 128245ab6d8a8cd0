"""The clinic record rules (C6), each named with the fact or source it relies on.

No database: the rules read small frozen inputs, as the clinic app builds them from its rows.
The real knowledge base is used where a rule reads a label fact (Botox for frown lines is 20 U,
TOX-DOSE-1); the tiny one where a fact exists only there (a product's known GTIN).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import toxfill.records
from toxfill.errors import InputError, UnknownIdError
from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import UrgencyLevel
from toxfill.plan import PlannedTreatment, PlanRequest, make_plan
from toxfill.records import (
    PHOTO_CONSENT,
    Consent,
    DoseUnit,
    Finding,
    FindingKind,
    InjectionPoint,
    Licence,
    Lot,
    PatientFacts,
    Rule,
    SessionDraft,
    TreatedSession,
    check_consent,
    check_doses,
    check_gtin,
    check_health,
    check_interval,
    check_licence,
    check_lot,
    check_session,
    check_vessel_risk,
    consent_kinds,
    dose_unit,
    draw_down,
    plan_follow_ups,
    triage_event,
)

CLINIC_ZONE = "America/New_York"
DAY = dt.date(2026, 12, 1)
STARTS_AT = dt.datetime(2026, 12, 1, 10, 0, tzinfo=ZoneInfo(CLINIC_ZONE))
U, ML = DoseUnit.UNITS, DoseUnit.ML
VALID_LICENCE = Licence("RN", "RN-1001", "NY", expires_on=dt.date(2027, 12, 31))
ADULT = PatientFacts(birth_date=dt.date(1984, 3, 9))


def lot(product: str = "botox", number: str = "C1234", quantity: str = "100") -> Lot:
    return Lot(product, number, expires_on=dt.date(2027, 6, 30), quantity=Decimal(quantity))


def point(
    zone: str = "glabella",
    product: str = "botox",
    dose: str = "4",
    unit: DoseUnit = U,
    concern: str | None = None,
    from_lot: Lot | None = None,
) -> InjectionPoint:
    return InjectionPoint(zone, product, Decimal(dose), unit, from_lot or lot(product), concern)


def frown_lines(units_each: str = "4", product: str = "botox") -> tuple[InjectionPoint, ...]:
    """The label's five frown-line sites (TOX-DOSE-1: 4 U at each of 5 sites for Botox)."""
    return tuple(point("glabella", product, units_each) for _ in range(5))


def consent(kind: str, signed: dt.datetime = STARTS_AT - dt.timedelta(days=30)) -> Consent:
    return Consent(kind, "v3", signed_at=signed, signed_by="the patient")


CONSENTS = (consent("botulinum-toxin"), consent("ha-filler"), consent("caha-filler"))


def draft(
    points: tuple[InjectionPoint, ...] = frown_lines(),
    licence: Licence | None = VALID_LICENCE,
    consents: tuple[Consent, ...] = CONSENTS,
    patient: PatientFacts = ADULT,
    confirmed: frozenset[str] = frozenset(),
    reasons: dict[str, str] | None = None,
) -> SessionDraft:
    return SessionDraft(
        STARTS_AT, CLINIC_ZONE, patient, licence, consents, points, confirmed, reasons or {}
    )


def session(*points: InjectionPoint, day: dt.date = DAY) -> TreatedSession:
    return TreatedSession(day, points)


def keys(findings: tuple[Finding, ...]) -> list[str]:
    return [f.key for f in findings]


def only(findings: tuple[Finding, ...], rule: Rule) -> Finding:
    matching = [f for f in findings if f.rule is rule]
    assert len(matching) == 1, findings
    return matching[0]


def test_the_records_package_exports() -> None:
    # The clinic app builds these inputs and calls these rules: renaming one is deliberate.
    assert set(toxfill.records.__all__) == {
        "PHOTO_CONSENT",
        "SHORT_DATED_DAYS",
        "Consent",
        "DoseUnit",
        "Drawdown",
        "EscalationContact",
        "EventTriage",
        "Finding",
        "FindingKind",
        "FollowUpDue",
        "InjectionPoint",
        "Licence",
        "Lot",
        "PatientFacts",
        "Receipt",
        "Rule",
        "SessionCheck",
        "SessionDraft",
        "TreatedSession",
        "check_consent",
        "checked_contacts",
        "checked_protocol",
        "checked_out_of_hours",
        "checked_phone",
        "check_doses",
        "check_gtin",
        "check_health",
        "check_interval",
        "check_licence",
        "check_lot",
        "check_receipt",
        "check_session",
        "check_vessel_risk",
        "charted_unit",
        "checked_npi",
        "consent_kinds",
        "dose_unit",
        "draw_down",
        "npi_check_digit",
        "plan_follow_ups",
        "read_amount",
        "read_unit",
        "resolve",
        "tel_uri",
        "triage_event",
    }
    assert all(hasattr(toxfill.records, name) for name in toxfill.records.__all__)


# --- a licensed provider (the article: safe when given by a licensed provider) ----------------


@pytest.mark.parametrize(
    ("licence", "problem"),
    [
        pytest.param(None, "No licence is on record", id="no_licence"),
        pytest.param(
            Licence("MD", "MD-7", "NY", expires_on=DAY - dt.timedelta(days=1)),
            "expired on 2026-11-30",
            id="expired_the_day_before",
        ),
        pytest.param(
            Licence(
                "MD", "MD-7", "NY", expires_on=dt.date(2030, 1, 1), valid_from=DAY.replace(day=2)
            ),
            "valid only from 2026-12-02",
            id="not_yet_valid",
        ),
    ],
)
def test_it_blocks_a_session_without_a_licence_valid_that_day(
    kb: KnowledgeBase, licence: Licence | None, problem: str
) -> None:
    finding = only(check_licence(kb, licence, DAY), Rule.LICENCE_VALID)

    assert finding.kind is FindingKind.ERROR
    assert problem in finding.text
    # The options' cited provider rule: a licensed provider, in a medical setting.
    assert set(kb.options["botulinum-toxin"].provider.sources) <= set(finding.sources)


def test_it_accepts_a_licence_on_its_last_valid_day(kb: KnowledgeBase) -> None:
    licence = Licence("NP", "NP-3", "NY", expires_on=DAY, valid_from=DAY)

    assert check_licence(kb, licence, DAY) == ()


# --- signed consent -----------------------------------------------------------------------


def test_consent_kinds_are_each_treatment_and_photos(kb: KnowledgeBase) -> None:
    kinds = consent_kinds(kb)

    assert kinds[-1] == PHOTO_CONSENT
    assert "botulinum-toxin" in kinds
    assert "ha-filler" in kinds
    assert "no-treatment" not in kinds


def test_it_blocks_a_treatment_without_its_signed_consent(kb: KnowledgeBase) -> None:
    given_only_toxin_consent = (consent("botulinum-toxin"),)

    findings = check_consent(
        kb, given_only_toxin_consent, ["botulinum-toxin", "ha-filler"], STARTS_AT
    )

    assert keys(findings) == ["consent-signed:ha-filler"]
    assert findings[0].kind is FindingKind.ERROR


@pytest.mark.parametrize(
    ("signed", "withdrawn", "problem"),
    [
        pytest.param(STARTS_AT + dt.timedelta(minutes=5), None, "signed after", id="signed_late"),
        pytest.param(
            STARTS_AT - dt.timedelta(days=9),
            STARTS_AT - dt.timedelta(days=1),
            "withdrawn",
            id="withdrawn",
        ),
    ],
)
def test_it_blocks_a_consent_not_in_force_when_the_session_starts(
    kb: KnowledgeBase, signed: dt.datetime, withdrawn: dt.datetime | None, problem: str
) -> None:
    given = (Consent("botulinum-toxin", "v3", signed, "the patient", withdrawn_at=withdrawn),)

    finding = only(check_consent(kb, given, ["botulinum-toxin"], STARTS_AT), Rule.CONSENT_SIGNED)

    assert problem in finding.text


def test_a_consent_withdrawn_after_the_session_covered_it(kb: KnowledgeBase) -> None:
    later = Consent(
        "ha-filler",
        "v3",
        STARTS_AT - dt.timedelta(days=2),
        "the patient",
        STARTS_AT + dt.timedelta(days=3),
    )

    assert check_consent(kb, (later,), ["ha-filler"], STARTS_AT) == ()


def test_it_names_the_consent_kinds_for_an_unknown_one(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError, match="photo"):
        check_consent(kb, (), ["photos"], STARTS_AT)


def test_a_consent_time_must_be_an_instant() -> None:
    with pytest.raises(InputError, match="time zone"):
        Consent("photo", "v1", dt.datetime(2026, 1, 1, 9, 0), "the patient")


# --- lots ---------------------------------------------------------------------------------


def test_it_blocks_a_lot_of_another_product(kb: KnowledgeBase) -> None:
    dysport_lot = lot("dysport", "D-77")

    finding = only(check_lot(kb, dysport_lot, "botox", DAY), Rule.LOT_PRODUCT)

    assert finding.kind is FindingKind.ERROR
    assert "Lot D-77 is a lot of Dysport, not of Botox" in finding.text


def test_it_blocks_a_lot_expired_before_the_session_day(kb: KnowledgeBase) -> None:
    expired = Lot("botox", "C1", expires_on=DAY - dt.timedelta(days=1), quantity=Decimal(100))

    finding = only(check_lot(kb, expired, "botox", DAY), Rule.LOT_UNEXPIRED)

    assert "expired on 2026-11-30" in finding.text


def test_a_lot_is_usable_through_its_expiry_date(kb: KnowledgeBase) -> None:
    # GS1 AI 17 is the last day of use, not the first day it is expired.
    expiring_today = Lot("botox", "C1", expires_on=DAY, quantity=Decimal(100))

    assert check_lot(kb, expiring_today, "botox", DAY) == ()


def test_it_blocks_an_injection_without_its_lot(kb: KnowledgeBase) -> None:
    finding = only(check_lot(kb, None, "botox", DAY, "points[0].lot"), Rule.LOT_RECORDED)

    assert finding.field == "points[0].lot"
    assert "recall" in finding.text


def test_using_a_lot_draws_down_its_quantity() -> None:
    drawn = draw_down(lot(quantity="100"), Decimal("20"))

    assert (drawn.before, drawn.used, drawn.after) == (100, 20, 80)
    assert drawn.findings == ()


def test_it_never_draws_a_lot_below_zero() -> None:
    drawn = draw_down(lot(quantity="10"), Decimal("10.5"))

    assert drawn.after is None
    assert drawn.findings[0].rule is Rule.LOT_QUANTITY
    assert drawn.findings[0].blocks


@pytest.mark.parametrize("used", ["0", "-1"])
def test_it_draws_only_a_positive_amount(used: str) -> None:
    with pytest.raises(InputError, match="more than zero"):
        draw_down(lot(), Decimal(used))


def test_a_lot_quantity_is_never_below_zero_or_a_float() -> None:
    with pytest.raises(InputError, match="below zero"):
        lot(quantity="-1")
    with pytest.raises(InputError, match="never a float"):
        Lot("botox", "C1", DAY, 10.0)  # type: ignore[arg-type]


# --- a label's GTIN against the product -----------------------------------------------------

GS1_EXAMPLE_GTIN = "09506000134352"  # the tiny knowledge base gives it to Restylane Lyft


def test_it_accepts_a_gtin_known_for_the_product(tiny_kb: KnowledgeBase) -> None:
    assert check_gtin(tiny_kb, "restylane-lyft", "9506000134352") == ()


def test_it_refuses_a_gtin_of_another_product(tiny_kb: KnowledgeBase) -> None:
    finding = only(check_gtin(tiny_kb, "botox", GS1_EXAMPLE_GTIN), Rule.GTIN_PRODUCT)

    assert finding.kind is FindingKind.ERROR
    assert "a GTIN of Restylane Lyft" in finding.text
    assert finding.sources == ("S-FILLER-PAGE",)  # the source that gives it to Restylane Lyft


def test_a_gtin_no_product_lists_is_unknown_not_wrong(tiny_kb: KnowledgeBase) -> None:
    # given Restylane Lyft, whose one GTIN the tiny knowledge base lists
    # when a label with a GTIN no product lists is scanned for it
    finding = only(check_gtin(tiny_kb, "restylane-lyft", "00012345600012"), Rule.GTIN_PRODUCT)

    # then it is a warning saying the GTIN is unknown, with the source of the known ones
    assert finding.kind is FindingKind.WARNING
    assert "GTIN 00012345600012 is unknown" in finding.text
    assert "09506000134352" in finding.text
    assert finding.sources == ("S-FILLER-PAGE",)


def test_it_records_an_unverified_gtin_when_the_product_has_none_known(kb: KnowledgeBase) -> None:
    # No real product's GTIN was confirmed in a primary source, so none is in the data.
    finding = only(check_gtin(kb, "botox", GS1_EXAMPLE_GTIN), Rule.GTIN_PRODUCT)

    assert finding.kind is FindingKind.WARNING
    assert "recorded with the lot" in finding.text


def test_a_gtin_with_a_wrong_check_digit_is_a_misread(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="check digit"):
        check_gtin(kb, "botox", "09506000134353")


# --- doses: positive, in the product's unit, within the label ---------------------------------


def test_units_are_fixed_by_the_product(kb: KnowledgeBase) -> None:
    assert dose_unit(kb, "botox") is U
    assert dose_unit(kb, "juvederm-voluma") is ML
    assert dose_unit(kb, "sculptra") is ML


def test_the_label_dose_for_frown_lines_passes(kb: KnowledgeBase) -> None:
    # TOX-DOSE-1: Botox Cosmetic for frown lines, 4 U into each of 5 sites, 20 U in all.
    assert check_doses(kb, session(*frown_lines("4"))) == ()


def test_a_total_above_the_label_dose_needs_a_written_reason(kb: KnowledgeBase) -> None:
    finding = only(check_doses(kb, session(*frown_lines("5"))), Rule.DOSE_LABEL)

    assert finding.kind is FindingKind.OVERRIDE
    assert finding.key == "dose-label:botox:glabellar-lines"
    assert "25 U charted, outside the label dose of 20 U" in finding.text
    assert "S-BXC-DM" in finding.sources


@pytest.mark.parametrize(
    ("charted", "rule"),
    [
        pytest.param(point(dose="0"), Rule.DOSE_POSITIVE, id="zero_dose"),
        pytest.param(point(dose="-4"), Rule.DOSE_POSITIVE, id="negative_dose"),
        pytest.param(point(dose="0.1", unit=ML), Rule.DOSE_UNIT, id="toxin_in_ml"),
        pytest.param(
            point("cheek-left", "juvederm-voluma", "1", U, "cheek-volume"),
            Rule.DOSE_UNIT,
            id="filler_in_units",
        ),
    ],
)
def test_it_blocks_a_dose_that_is_not_positive_or_not_in_the_products_unit(
    kb: KnowledgeBase, charted: InjectionPoint, rule: Rule
) -> None:
    finding = only(check_doses(kb, session(charted)), rule)

    assert finding.kind is FindingKind.ERROR


def test_a_dose_with_no_label_reference_is_shown_unchecked(kb: KnowledgeBase) -> None:
    cheek = point("cheek-left", "juvederm-voluma", "1", ML, "cheek-volume")

    finding = only(check_doses(kb, session(cheek)), Rule.DOSE_LABEL)

    assert finding.kind is FindingKind.WARNING
    assert "was not checked" in finding.text


def test_a_zone_with_several_concerns_asks_which_one(kb: KnowledgeBase) -> None:
    # The front of the neck is treated for neck bands and for cervical dystonia.
    finding = only(check_doses(kb, session(point("neck", dose="26"))), Rule.DOSE_LABEL)

    assert finding.kind is FindingKind.WARNING
    assert "Name what" in finding.text
    assert finding.field.endswith(".concern")  # answered by the point's concern


def test_it_checks_a_named_concern_in_any_zone(kb: KnowledgeBase) -> None:
    # TOX-DOSE-5: Botox for neck bands, 26 to 36 U.
    assert check_doses(kb, session(point("neck", dose="31", concern="platysma-bands"))) == ()


def test_a_dose_must_be_a_decimal() -> None:
    with pytest.raises(InputError, match="never a float"):
        InjectionPoint("glabella", "botox", 4.0, U)  # type: ignore[arg-type]


# --- cumulative ceilings over the patient's history ------------------------------------------


def test_botox_above_400_units_in_90_days_is_blocked(kb: KnowledgeBase) -> None:
    # TOX-DOSE-6: no more than 400 U of Botox in a 3-month interval, across uses.
    earlier = session(
        point("neck", dose="390", concern="cervical-dystonia"), day=DAY - dt.timedelta(days=89)
    )

    finding = only(check_doses(kb, session(*frown_lines()), [earlier]), Rule.DOSE_CUMULATIVE)

    assert finding.kind is FindingKind.ERROR
    assert "410 U in the 90 days to 2026-12-01" in finding.text
    assert "S-BXC-2019-RMC" in finding.sources


def test_botox_given_90_days_ago_is_outside_the_ceilings_window(kb: KnowledgeBase) -> None:
    earlier = session(
        point("neck", dose="390", concern="cervical-dystonia"), day=DAY - dt.timedelta(days=90)
    )

    assert check_doses(kb, session(*frown_lines()), [earlier]) == ()


def test_units_of_another_toxin_never_count_towards_botoxs_ceiling(kb: KnowledgeBase) -> None:
    # TOX-UNIT-1: units of one toxin product are not units of another.
    earlier = session(
        point("neck", "dysport", "500", concern="cervical-dystonia"),
        day=DAY - dt.timedelta(days=30),
    )

    assert not [
        f
        for f in check_doses(kb, session(*frown_lines()), [earlier])
        if f.key.startswith("dose-cumulative:botox")
    ]


def test_xeomin_above_400_units_in_one_session_is_blocked(kb: KnowledgeBase) -> None:
    # TOX-DOSE-10: at most 400 U of Xeomin for any use in a treatment session.
    given = session(
        point("neck", "xeomin", "250", concern="cervical-dystonia"),
        point("arm-left", "xeomin", "151", concern="upper-limb-spasticity"),
    )

    finding = only(check_doses(kb, given), Rule.DOSE_CUMULATIVE)

    assert "401 U in this session" in finding.text


def test_a_label_without_a_ceiling_figure_says_to_weigh_other_toxins(kb: KnowledgeBase) -> None:
    # The Jeuveau label names no figure, but says to consider other toxins given (S-JEU-DRUGS).
    earlier = session(*frown_lines(), day=DAY - dt.timedelta(days=200))

    finding = only(
        check_doses(kb, session(*frown_lines(product="jeuveau")), [earlier]), Rule.DOSE_CUMULATIVE
    )

    assert finding.kind is FindingKind.WARNING
    assert "other botulinum toxin products" in finding.text


# --- the minimum interval between toxin sessions --------------------------------------------


def test_a_toxin_session_sooner_than_90_days_needs_a_written_reason(kb: KnowledgeBase) -> None:
    # TOX-RETX-5: Botox Cosmetic treatments at least 90 days apart.
    earlier = session(*frown_lines(), day=DAY - dt.timedelta(days=61))

    finding = only(
        check_interval(kb, session(*frown_lines()), [earlier]), Rule.RETREATMENT_INTERVAL
    )

    assert finding.kind is FindingKind.OVERRIDE
    assert "2026-10-01, 61 days before this one; the label's minimum is 90 days" in finding.text
    assert "S-BXC-HCP" in finding.sources


@pytest.mark.parametrize(
    "earlier",
    [
        pytest.param(session(*frown_lines(), day=DAY - dt.timedelta(days=90)), id="90_days_ago"),
        pytest.param(
            session(
                point("cheek-left", "juvederm-voluma", "1", ML, "cheek-volume"),
                day=DAY - dt.timedelta(days=10),
            ),
            id="filler_only",
        ),
    ],
)
def test_it_asks_no_reason_when_the_interval_holds(
    kb: KnowledgeBase, earlier: TreatedSession
) -> None:
    assert check_interval(kb, session(*frown_lines()), [earlier]) == ()


def test_the_interval_runs_from_the_last_toxin_of_any_product(kb: KnowledgeBase) -> None:
    dysport_before = session(*frown_lines("10", "dysport"), day=DAY - dt.timedelta(days=30))

    finding = only(
        check_interval(kb, session(*frown_lines()), [dysport_before]), Rule.RETREATMENT_INTERVAL
    )

    assert finding.kind is FindingKind.OVERRIDE


def test_a_medical_use_is_told_the_last_toxin_but_asks_no_reason(kb: KnowledgeBase) -> None:
    # The labels' 90 days are for cosmetic uses (use_kind: cosmetic); the specialist decides.
    bladder = point("bladder", dose="100", concern="overactive-bladder")
    earlier = session(*frown_lines(), day=DAY - dt.timedelta(days=30))

    finding = only(check_interval(kb, session(bladder), [earlier]), Rule.RETREATMENT_INTERVAL)

    assert finding.kind is FindingKind.WARNING
    assert "for cosmetic uses" in finding.text


def test_a_written_reason_lets_an_early_session_be_saved(kb: KnowledgeBase) -> None:
    earlier = session(*frown_lines(), day=DAY - dt.timedelta(days=61))
    reason = "Touch-up agreed at the review: asymmetry of the left brow."

    check = check_session(kb, draft(reasons={"retreatment-interval": reason}), [earlier])

    assert check.can_save
    assert only(check.findings, Rule.RETREATMENT_INTERVAL).resolution == reason


def test_a_blank_reason_is_no_reason(kb: KnowledgeBase) -> None:
    earlier = session(*frown_lines(), day=DAY - dt.timedelta(days=61))

    check = check_session(kb, draft(reasons={"retreatment-interval": "   "}), [earlier])

    assert not check.can_save


# --- filler into a high-risk zone ------------------------------------------------------------


def test_ha_filler_in_a_high_risk_zone_asks_to_confirm_hyaluronidase(kb: KnowledgeBase) -> None:
    # FIL-RISK-3 (S-FDA-VO2015): the nose is a site of more frequent vessel blockage; HA filler
    # can be dissolved with hyaluronidase (its cited reversibility).
    nose = point("nasal-dorsum", "juvederm-voluma", "0.2", ML, "cheek-volume")

    finding = only(check_vessel_risk(kb, session(nose)), Rule.HYALURONIDASE_AT_HAND)

    assert finding.kind is FindingKind.CONFIRM
    assert "hyaluronidase is at hand" in finding.text
    assert "S-FDA-VO2015" in finding.sources


def test_confirming_hyaluronidase_lets_the_session_be_saved(kb: KnowledgeBase) -> None:
    nose = point("nasal-dorsum", "juvederm-voluma", "0.2", ML, "cheek-volume")

    unconfirmed = check_session(kb, draft(points=(nose,)))
    confirmed = check_session(
        kb, draft(points=(nose,), confirmed=frozenset({"hyaluronidase-at-hand"}))
    )

    assert [f.key for f in unconfirmed.blocking] == ["hyaluronidase-at-hand"]
    assert confirmed.can_save


def test_a_filler_no_enzyme_dissolves_shows_the_vessel_warning(kb: KnowledgeBase) -> None:
    glabella = point("glabella", "radiesse", "0.3", ML, "nasolabial-folds")

    finding = only(check_vessel_risk(kb, session(glabella)), Rule.VESSEL_RISK)

    assert finding.kind is FindingKind.WARNING
    assert "No enzyme dissolves calcium hydroxylapatite filler" in finding.text


@pytest.mark.parametrize(
    "charted",
    [
        pytest.param(
            point("cheek-left", "juvederm-voluma", "1", ML, "cheek-volume"),
            id="filler_in_the_cheek",
        ),
        pytest.param(point("glabella", "botox", "4"), id="toxin_in_the_glabella"),
    ],
)
def test_no_vessel_finding_outside_filler_in_a_high_risk_zone(
    kb: KnowledgeBase, charted: InjectionPoint
) -> None:
    assert check_vessel_risk(kb, session(charted)) == ()


# --- health factors against the products used ------------------------------------------------


def test_a_label_contraindication_needs_a_written_reason(kb: KnowledgeBase) -> None:
    # TOX-CI-3: Dysport may contain cow's milk protein; the allergy contraindicates it.
    allergic = PatientFacts(ADULT.birth_date, ("allergy-cow-milk-protein",))

    finding = only(
        check_health(kb, allergic, session(*frown_lines("10", "dysport"))), Rule.HEALTH_CAUTION
    )

    assert finding.kind is FindingKind.OVERRIDE
    assert finding.key == "health-caution:allergy-cow-milk-protein:dysport"


def test_a_product_level_caution_spares_the_other_products(kb: KnowledgeBase) -> None:
    allergic = PatientFacts(ADULT.birth_date, ("allergy-cow-milk-protein",))

    assert check_health(kb, allergic, session(*frown_lines())) == ()


def test_a_warning_is_shown_and_does_not_block(kb: KnowledgeBase) -> None:
    on_aspirin = PatientFacts(ADULT.birth_date, ("anticoagulant-or-antiplatelet",))
    cheek = point("cheek-left", "juvederm-voluma", "1", ML, "cheek-volume")

    finding = only(check_health(kb, on_aspirin, session(cheek)), Rule.HEALTH_CAUTION)

    assert finding.kind is FindingKind.WARNING
    assert not finding.blocks


def test_pregnancy_weighs_differently_for_cosmetic_and_medical_toxin(kb: KnowledgeBase) -> None:
    pregnant = PatientFacts(ADULT.birth_date, ("pregnant",))
    bladder = point("bladder", dose="100", concern="overactive-bladder")

    cosmetic = only(check_health(kb, pregnant, session(*frown_lines())), Rule.HEALTH_CAUTION)
    medical = only(check_health(kb, pregnant, session(bladder)), Rule.HEALTH_CAUTION)

    assert cosmetic.kind is FindingKind.OVERRIDE
    assert medical.kind is FindingKind.WARNING


def test_it_names_the_health_factors_for_an_unknown_one(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError, match="pregnant"):
        check_health(kb, PatientFacts(ADULT.birth_date, ("pregnent",)), session(*frown_lines()))


# --- the whole session -----------------------------------------------------------------------


def test_a_sound_session_can_be_saved_and_draws_down_its_lots(kb: KnowledgeBase) -> None:
    check = check_session(kb, draft())

    assert check.can_save, check.findings
    assert [(d.lot_number, d.used, d.after) for d in check.drawdowns] == [("C1234", 20, 80)]


def test_one_problem_of_many_points_is_said_once(kb: KnowledgeBase) -> None:
    expired = Lot("botox", "OLD", expires_on=DAY - dt.timedelta(days=1), quantity=Decimal(100))
    points = tuple(point(from_lot=expired) for _ in range(5))

    check = check_session(kb, draft(points=points))

    assert keys(check.blocking) == ["lot-unexpired:botox:OLD"]


def test_a_confirmation_never_clears_an_error(kb: KnowledgeBase) -> None:
    check = check_session(kb, draft(licence=None, confirmed=frozenset({"licence-valid"})))

    assert keys(check.blocking) == ["licence-valid"]


def test_a_lot_too_small_for_the_session_blocks_it(kb: KnowledgeBase) -> None:
    small = lot(quantity="12")

    check = check_session(kb, draft(points=tuple(point(from_lot=small) for _ in range(5))))

    assert keys(check.blocking) == ["lot-quantity:botox:C1234"]
    assert check.drawdowns[0].after is None


def test_the_session_day_is_the_clinics_local_date(kb: KnowledgeBase) -> None:
    late_evening = dt.datetime(2026, 12, 1, 23, 30, tzinfo=ZoneInfo(CLINIC_ZONE))
    as_utc = late_evening.astimezone(dt.UTC)

    charted = SessionDraft(as_utc, CLINIC_ZONE, ADULT, VALID_LICENCE, CONSENTS, frown_lines())

    assert as_utc.date() == dt.date(2026, 12, 2)
    assert charted.day == DAY


def test_a_session_needs_an_instant_and_a_real_time_zone() -> None:
    with pytest.raises(InputError, match="time zone"):
        SessionDraft(dt.datetime(2026, 12, 1, 10), CLINIC_ZONE, ADULT, None, (), ())
    with pytest.raises(InputError, match="unknown time zone"):
        SessionDraft(STARTS_AT, "Mars/Olympus", ADULT, None, (), ())


# --- follow-ups from the planner ------------------------------------------------------------


def test_a_first_toxin_session_gets_the_planners_review_and_next_treatment(
    kb: KnowledgeBase,
) -> None:
    plan = make_plan(
        kb,
        PlanRequest(
            start=DAY,
            horizon_months=12,
            treatments=(
                PlannedTreatment(
                    option="botulinum-toxin", concern="glabellar-lines", product="botox"
                ),
            ),
        ),
    )

    follow_ups = plan_follow_ups(kb, session(*frown_lines()))

    assert [(f.purpose, f.due_on) for f in follow_ups] == [
        (v.purpose, v.date) for v in plan.visits[1:3]
    ]
    review, maintenance = follow_ups
    # The 2-week check-up after a first toxin treatment (the option's cited review, 14 days).
    assert review.due_on == DAY + dt.timedelta(days=14)
    # Never sooner than the label's 90 days (TOX-RETX-5).
    assert maintenance.due_on >= DAY + dt.timedelta(days=90)
    assert maintenance.sources


def test_a_returning_toxin_patient_gets_no_first_time_review(kb: KnowledgeBase) -> None:
    earlier = session(*frown_lines(), day=DAY - dt.timedelta(days=120))

    follow_ups = plan_follow_ups(kb, session(*frown_lines()), [earlier])

    assert [f.purpose for f in follow_ups] == ["maintenance"]


@pytest.mark.parametrize(
    ("sessions_before", "purpose", "days"),
    [
        pytest.param(0, "course", 21, id="first_of_three"),
        pytest.param(1, "course", 21, id="second_of_three"),
        pytest.param(2, "maintenance", None, id="course_complete"),
    ],
)
def test_sculptra_follows_its_course_then_maintenance(
    kb: KnowledgeBase, sessions_before: int, purpose: str, days: int | None
) -> None:
    # The PLLA course: three sessions about 3 weeks apart (the option's cited course).
    cheek = point("cheek-left", "sculptra", "5", ML, "cheek-volume")
    history = [
        session(cheek, day=DAY - dt.timedelta(weeks=3 * (n + 1))) for n in range(sessions_before)
    ]

    (follow_up,) = plan_follow_ups(kb, session(cheek), history)

    assert follow_up.purpose == purpose
    if days is not None:
        assert follow_up.due_on == DAY + dt.timedelta(days=days)
    else:
        assert follow_up.due_on > DAY + dt.timedelta(days=365)


@pytest.mark.parametrize(
    "charted",
    [
        pytest.param(
            point("bladder", dose="100", concern="overactive-bladder"),
            id="medical_use_is_the_specialists",
        ),
        pytest.param(point("nasolabial-fold-left", "bellafill", "1", ML), id="permanent_filler"),
    ],
)
def test_no_follow_up_where_the_planner_plans_none(
    kb: KnowledgeBase, charted: InjectionPoint
) -> None:
    assert plan_follow_ups(kb, session(charted)) == ()


# --- adverse events, triaged on entry -------------------------------------------------------


def test_vision_change_after_filler_near_the_nose_is_flagged_an_emergency(
    kb: KnowledgeBase,
) -> None:
    nose = point("nasal-dorsum", "juvederm-voluma", "0.2", ML, "cheek-volume")
    with_toxin = session(nose, *frown_lines())

    event = triage_event(kb, with_toxin, ADULT, DAY, ["vision-change"])

    assert event.emergency
    assert event.urgency is UrgencyLevel.EMERGENCY
    assert event.results[0].report.treatment == "ha-filler"
    assert event.results[0].report.other_treatments == ("botulinum-toxin",)
    assert only(event.findings, Rule.ADVERSE_EVENT_EMERGENCY).sources


def test_bruising_the_next_day_is_not_an_emergency(kb: KnowledgeBase) -> None:
    event = triage_event(
        kb, session(*frown_lines()), ADULT, DAY + dt.timedelta(days=1), ["bruising"]
    )

    assert not event.emergency
    assert event.findings == ()
    assert event.results[0].report.days_since == 1
    assert event.results[0].report.age == 42


def test_the_treated_area_reaches_triage(kb: KnowledgeBase) -> None:
    # TOX-CI-5: painful urination after toxin into the bladder is urgent (an infection).
    bladder = point("bladder", dose="100", concern="overactive-bladder")

    event = triage_event(
        kb, session(bladder), ADULT, DAY + dt.timedelta(days=3), ["painful-urination"]
    )

    assert event.results[0].report.zone == "bladder"
    assert event.urgency is UrgencyLevel.URGENT


def test_a_charted_zone_reaches_triage_as_the_zone_itself(kb: KnowledgeBase) -> None:
    # FIL-VO-1, FIL-RISK-3: the nose is where filler blocks a vessel most often.
    nose = point("nasal-tip", "juvederm-voluma", "0.1", ML)

    event = triage_event(kb, session(nose), ADULT, DAY, ["skin-blanching"])

    assert event.results[0].report.zone == "nasal-tip"
    assert event.urgency is UrgencyLevel.EMERGENCY


@pytest.mark.parametrize(
    ("zone", "concern"),
    [
        pytest.param("neck", None, id="filler_charted_in_the_neck"),
        pytest.param("jawline-right", "platysma-bands", id="concern_outside_its_area"),
    ],
)
def test_an_unexpected_charted_place_never_stops_an_event_being_triaged(
    kb: KnowledgeBase, zone: str, concern: str | None
) -> None:
    """A record is what was done: what triage's vocabulary does not expect is left out and read
    the safer way (FIL-VO-1: vision change after filler is an emergency wherever it was)."""
    charted = point(zone, "juvederm-voluma", "0.2", ML, concern)

    event = triage_event(kb, session(charted), ADULT, DAY, ["vision-change"])

    assert event.urgency is UrgencyLevel.EMERGENCY


def test_a_recorded_pregnancy_reaches_triage(kb: KnowledgeBase) -> None:
    pregnant = PatientFacts(ADULT.birth_date, ("pregnant",))

    event = triage_event(kb, session(*frown_lines()), pregnant, DAY, ["headache"])

    assert event.results[0].report.pregnant is True


def test_an_event_cannot_start_before_its_session(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="before the session"):
        triage_event(kb, session(*frown_lines()), ADULT, DAY - dt.timedelta(days=1), ["bruising"])


def test_an_unknown_symptom_names_the_nearest(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError, match="bruising"):
        triage_event(kb, session(*frown_lines()), ADULT, DAY, ["bruised"])


# --- properties -----------------------------------------------------------------------------

AMOUNTS = st.decimals(min_value=Decimal("0.01"), max_value=Decimal(500), places=2)


@given(start=AMOUNTS, draws=st.lists(AMOUNTS, max_size=30))
def test_a_lots_quantity_never_goes_negative_over_any_draws(
    start: Decimal, draws: list[Decimal]
) -> None:
    quantity = start
    for amount in draws:
        drawn = draw_down(Lot("botox", "C1", DAY, quantity), amount)
        if drawn.after is None:
            assert amount > quantity
            assert all(f.blocks for f in drawn.findings)
        else:
            assert drawn.after == quantity - amount
            quantity = drawn.after
        assert quantity >= 0


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(dose=st.decimals(min_value=Decimal("-50"), max_value=Decimal(100), places=2))
def test_a_dose_outside_the_label_is_never_accepted_silently(
    kb: KnowledgeBase, dose: Decimal
) -> None:
    # TOX-DOSE-5: Botox for neck bands, 26 to 36 U.
    charted = InjectionPoint("neck", "botox", dose, U, lot(), "platysma-bands")

    findings = check_doses(kb, session(charted))

    if Decimal(26) <= dose <= Decimal(36):
        assert findings == ()
    else:
        assert any(f.blocks for f in findings)


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    earlier=st.lists(
        st.tuples(st.integers(min_value=0, max_value=200), st.integers(min_value=1, max_value=300)),
        max_size=6,
    )
)
def test_botox_over_400_units_in_any_90_days_is_always_blocked(
    kb: KnowledgeBase, earlier: list[tuple[int, int]]
) -> None:
    # TOX-DOSE-6: 400 U in 3 months, across uses.
    history = [
        session(
            point("neck", dose=str(units), concern="cervical-dystonia"),
            day=DAY - dt.timedelta(days=ago),
        )
        for ago, units in earlier
    ]
    in_window = 20 + sum(units for ago, units in earlier if ago < 90)

    findings = check_doses(kb, session(*frown_lines()), history)

    blocked = any(f.key.startswith("dose-cumulative:botox") and f.blocks for f in findings)
    assert blocked == (in_window > 400)
