"""The decision aid's rules, one test each, naming the fact it relies on."""

from __future__ import annotations

from typing import Any

import pytest

from toxfill.compare import compare
from toxfill.decide import Decision, Harm, decide, health_questions, stated_rate
from toxfill.errors import InputError, UnknownIdError
from toxfill.intake import parse_intake
from toxfill.knowledge import KnowledgeBase
from toxfill.profile import describe

TODAY = "2026-11-23"


def run(kb: KnowledgeBase, **intake: Any) -> Decision:
    raw = {"age": 40, "today": TODAY, **intake}
    return decide(kb, parse_intake(kb, raw))


def test_every_option_gets_a_status_and_no_treatment_is_always_suitable(kb: KnowledgeBase) -> None:
    decision = run(kb, concerns=["glabellar-lines"])

    assert [o.option for o in decision.options] == list(kb.options)
    assert decision.option("no-treatment").status == "suitable"
    assert decision.option("no-treatment").reasons[0].kind == "without-treatment"


def test_a_first_line_use_without_caution_is_recommended(kb: KnowledgeBase) -> None:
    """TOX-IND-1 and SHR-MOA-1: toxin is approved for frown lines and relaxes the muscle."""
    decision = run(kb, concerns=["glabellar-lines"])

    assert decision.option("botulinum-toxin").status == "recommended"
    assert decision.per_concern["glabellar-lines"][0].option == "botulinum-toxin"


def test_an_option_without_an_approved_use_is_not_suitable(kb: KnowledgeBase) -> None:
    """FIL-PROD-9: no filler is approved for frown lines from muscle movement."""
    decision = run(kb, concerns=["glabellar-lines"])

    assert decision.option("ha-filler").status == "not-suitable"
    assert "ha-filler" not in [row.option for row in decision.per_concern["glabellar-lines"]]


def test_an_off_label_use_is_named_and_never_recommended(kb: KnowledgeBase) -> None:
    """TOX-IND-23: Jeuveau is approved for glabellar lines only."""
    decision = run(kb, concerns=["forehead-lines"])

    toxin = decision.option("botulinum-toxin")
    off_label = [r for r in toxin.reasons if r.kind == "off-label"]
    assert any("Jeuveau" in r.text for r in off_label)
    assert "jeuveau" not in decision.per_concern["forehead-lines"][0].products


def test_an_age_below_the_approved_population_is_not_suitable(kb: KnowledgeBase) -> None:
    """FIL-REG-2: fillers are approved for people over 21."""
    decision = run(kb, age=20, concerns=["lip-volume"])

    assert decision.option("ha-filler").status == "not-suitable"
    assert any(r.kind == "age" for r in decision.option("ha-filler").reasons)


def test_a_product_outside_its_age_range_is_excluded_not_the_class(kb: KnowledgeBase) -> None:
    """TOX-IND-17: Dysport's glabellar-lines approval is for adults under 65."""
    decision = run(kb, age=70, concerns=["glabellar-lines"])

    toxin = decision.option("botulinum-toxin")
    assert toxin.status == "recommended"
    assert [e.product for e in toxin.excluded_products] == ["dysport"]


def test_an_absolute_contraindication_is_not_suitable(kb: KnowledgeBase) -> None:
    """TOX-CI-2: infection at the injection site contraindicates every toxin."""
    decision = run(kb, concerns=["glabellar-lines"], health=["infection-at-site"])

    toxin = decision.option("botulinum-toxin")
    assert toxin.status == "not-suitable"
    assert any(r.kind == "contraindication" for r in toxin.reasons)
    assert toxin.discuss


def test_a_product_level_contraindication_excludes_the_product_not_the_class(
    kb: KnowledgeBase,
) -> None:
    """TOX-CI-3: Dysport may contain cow's milk protein."""
    decision = run(kb, concerns=["glabellar-lines"], health=["allergy-cow-milk-protein"])

    toxin = decision.option("botulinum-toxin")
    assert toxin.status == "recommended"
    [excluded] = toxin.excluded_products
    assert excluded.product == "dysport"
    assert "milk" in excluded.because.lower()
    assert "dysport" not in decision.per_concern["glabellar-lines"][0].products


def test_a_warning_gives_caution_with_what_to_discuss(kb: KnowledgeBase) -> None:
    """TOX-WP-1: neuromuscular disorders raise the risk of serious effects."""
    decision = run(kb, concerns=["glabellar-lines"], health=["neuromuscular-disorder"])

    toxin = decision.option("botulinum-toxin")
    assert toxin.status == "caution"
    assert any(r.kind == "caution" for r in toxin.reasons)
    assert toxin.discuss[0].sources


def test_too_soon_after_a_toxin_is_not_suitable_until_a_stated_date(kb: KnowledgeBase) -> None:
    """TOX-RETX-5: Botox Cosmetic treatments at least 90 days apart."""
    decision = run(
        kb,
        concerns=["crows-feet"],
        recent_treatments=[{"option": "botulinum-toxin", "date": "2026-10-01"}],
    )

    toxin = decision.option("botulinum-toxin")
    assert toxin.status == "not-suitable"
    assert toxin.available_from is not None
    assert toxin.available_from.isoformat() == "2026-12-30"
    assert "30 December 2026" in next(r.text for r in toxin.reasons if r.kind == "too-soon")


def test_a_treatment_longer_ago_than_the_interval_does_not_block(kb: KnowledgeBase) -> None:
    """TOX-RETX-5: after 90 days a new treatment is possible."""
    decision = run(
        kb,
        concerns=["crows-feet"],
        recent_treatments=[{"option": "botulinum-toxin", "date": "2026-08-01"}],
    )

    assert decision.option("botulinum-toxin").status == "recommended"


def test_a_medical_concern_is_referred_naming_products_and_specialist(kb: KnowledgeBase) -> None:
    """TOX-IND-6: Botox is approved for overactive bladder in adults."""
    decision = run(kb, concerns=["overactive-bladder"])

    toxin = decision.option("botulinum-toxin")
    refer = next(r for r in toxin.reasons if r.kind == "refer")
    assert toxin.status == "refer"
    assert "Botox" in refer.text
    assert kb.concerns["overactive-bladder"].specialist in refer.text


def test_a_contraindication_for_one_use_leaves_the_others(kb: KnowledgeBase) -> None:
    """TOX-CI-4: a urinary tract infection contraindicates bladder injection only."""
    decision = run(
        kb, concerns=["overactive-bladder", "glabellar-lines"], health=["urinary-tract-infection"]
    )

    toxin = decision.option("botulinum-toxin")
    assert toxin.per_concern == {
        "overactive-bladder": "not-suitable",
        "glabellar-lines": "recommended",
    }
    assert toxin.status == "recommended"


def test_preferences_reorder_options_and_say_how(kb: KnowledgeBase) -> None:
    """FIL-VO-5: only hyaluronic acid filler can be dissolved."""
    plain = run(kb, concerns=["nasolabial-folds"])
    reversible = run(kb, concerns=["nasolabial-folds"], preferences={"reversibility": 3})

    order = [row.option for row in reversible.per_concern["nasolabial-folds"]]
    assert order[0] == "ha-filler"
    [effect] = reversible.preference_effects
    assert effect.preference == "reversibility"
    assert "Hyaluronic acid filler" in effect.text
    assert effect.sources
    assert plain.preference_effects == ()


def test_a_preference_never_lifts_an_option_past_a_caution(kb: KnowledgeBase) -> None:
    """FIL-CI-8: immunosuppression is a caution for hyaluronic acid filler (Juvéderm)."""
    decision = run(
        kb,
        concerns=["nasolabial-folds"],
        health=["immunosuppressed"],
        preferences={"reversibility": 3},
    )

    rows = decision.per_concern["nasolabial-folds"]
    ranks = [
        ("recommended", "suitable", "caution", "refer", "not-suitable").index(r.status)
        for r in rows
    ]
    assert ranks == sorted(ranks)


def test_the_frown_line_study_is_shown_to_a_person_with_frown_lines(kb: KnowledgeBase) -> None:
    """SHR-COMB-1 treated frown lines: only that concern is named, not the cheeks."""
    decision = run(kb, concerns=["glabellar-lines", "cheek-volume"])

    [suggestion] = decision.combinations
    assert set(suggestion.options) == {"botulinum-toxin", "ha-filler"}
    assert suggestion.concerns == ("glabellar-lines",)
    assert suggestion.sources


def test_filler_in_the_frown_lines_is_named_off_label_and_a_high_risk_site(
    kb: KnowledgeBase,
) -> None:
    """FIL-PROD-9: no filler is approved for frown lines; FIL-RISK-3 and the published
    cases of sight loss (S-KATO-2022): the glabella is a site with the highest risk."""
    decision = run(kb, concerns=["glabellar-lines"])

    [suggestion] = decision.combinations
    assert [(p.option, p.concern) for p in suggestion.off_label] == [
        ("ha-filler", "glabellar-lines")
    ]
    assert "off-label" in suggestion.text
    assert "highest risk of filler blocking a blood vessel" in suggestion.text
    assert {"S-FDA-VO2015", "S-KATO-2022"} <= set(suggestion.sources)


def test_no_combination_is_shown_for_concerns_no_study_treated(kb: KnowledgeBase) -> None:
    """SHR-COMB-1 and SHR-COMB-2 studied frown lines and the area around the mouth only."""
    decision = run(kb, concerns=["crows-feet", "nasolabial-folds"])

    assert decision.combinations == ()


def test_the_lower_face_study_names_its_toxin_part_off_label(kb: KnowledgeBase) -> None:
    """SHR-COMB-2 (toxin with HA around the mouth); TOX-IND-1-4: no toxin label covers it."""
    decision = run(kb, concerns=["perioral-lines"])

    [suggestion] = decision.combinations
    assert [(p.option, p.concern) for p in suggestion.off_label] == [
        ("botulinum-toxin", "perioral-lines")
    ]


def test_no_combination_is_suggested_when_one_part_is_not_suitable(kb: KnowledgeBase) -> None:
    """TOX-CI-1: an allergy to botulinum toxin rules out the toxin part."""
    decision = run(
        kb, concerns=["glabellar-lines", "cheek-volume"], health=["allergy-botulinum-toxin"]
    )

    assert decision.combinations == ()


def test_every_reason_cites_a_known_source(kb: KnowledgeBase) -> None:
    decision = run(
        kb,
        concerns=["crows-feet", "nasolabial-folds", "chronic-migraine"],
        health=["anticoagulant-or-antiplatelet", "allergy-cow-milk-protein"],
        preferences={"longevity": 2, "low-yearly-cost": 1},
    )

    for option in decision.options:
        for reason in option.reasons:
            assert reason.sources
            assert set(reason.sources) <= set(kb.sources)
    assert {s.id for s in decision.sources} <= set(kb.sources)


def test_the_json_document_follows_the_contract(kb: KnowledgeBase) -> None:
    document = run(
        kb,
        concerns=["crows-feet", "nasolabial-folds"],
        health=["anticoagulant-or-antiplatelet"],
        preferences={"longevity": 2, "reversibility": 3},
        recent_treatments=[{"option": "botulinum-toxin", "date": "2026-10-01"}],
    ).to_json()

    assert document["schema"] == "toxfill.decision/1"
    first = document["options"][0]
    assert set(first) >= {"option", "status", "concerns", "fit", "reasons", "excluded_products"}
    assert set(first["reasons"][0]) >= {"text", "sources"}
    assert set(document["per_concern"]) == {"crows-feet", "nasolabial-folds"}
    assert set(document["per_concern"]["crows-feet"][0]) >= {"option", "status"}
    assert "licensed provider" in document["disclaimer"]


@pytest.mark.parametrize(
    ("intake", "field", "message"),
    [
        pytest.param({"age": 200}, "age", "from 0 to 120", id="age_out_of_range"),
        pytest.param({"age": "forty"}, "age", "whole number", id="age_not_a_number"),
        pytest.param({"concerns": []}, "concerns", "at least one concern", id="no_concern"),
        pytest.param({"today": "2026-02-30"}, "today", "real date", id="impossible_date"),
        pytest.param({"today": 20261123}, "today", "YYYY-MM-DD", id="date_as_number"),
        pytest.param(
            {"preferences": {"longevity": 5}}, "preferences.longevity", "0, 1, 2 or 3", id="weight"
        ),
        pytest.param({"colour": "red"}, "colour", "not a known field", id="unknown_field"),
        pytest.param(
            {"recent_treatments": [{"option": "botulinum-toxin", "date": "2027-01-01"}]},
            "recent_treatments[0].date",
            "after today",
            id="future_treatment",
        ),
        pytest.param(
            {
                "recent_treatments": [
                    {"option": "ha-filler", "date": "2026-01-01", "product": "botox"}
                ]
            },
            "recent_treatments[0].product",
            "not ha-filler",
            id="product_of_another_option",
        ),
    ],
)
def test_bad_input_names_the_field(
    kb: KnowledgeBase, intake: dict[str, Any], field: str, message: str
) -> None:
    raw = {"age": 40, "concerns": ["crows-feet"], "today": TODAY, **intake}

    with pytest.raises(InputError) as caught:
        parse_intake(kb, raw)

    assert caught.value.field == field
    assert message in caught.value.problem


@pytest.mark.parametrize(
    ("intake", "field", "nearest"),
    [
        pytest.param({"concerns": ["crow-feet"]}, "concerns[0]", "crows-feet", id="concern"),
        pytest.param({"health": ["pregnancy"]}, "health[0]", "pregnant", id="health"),
        pytest.param(
            {"preferences": {"longevty": 1}}, "preferences.longevty", "longevity", id="preference"
        ),
    ],
)
def test_an_unknown_id_names_the_nearest_valid_ids(
    kb: KnowledgeBase, intake: dict[str, Any], field: str, nearest: str
) -> None:
    raw = {"age": 40, "concerns": ["crows-feet"], "today": TODAY, **intake}

    with pytest.raises(UnknownIdError) as caught:
        parse_intake(kb, raw)

    assert caught.value.field == field
    assert caught.value.nearest[0] == nearest


def test_repeated_ids_are_counted_once(kb: KnowledgeBase) -> None:
    intake = parse_intake(kb, {"age": 40, "concerns": ["crows-feet", "crows-feet"], "today": TODAY})

    assert intake.concerns == ("crows-feet",)


def test_a_decision_carries_its_best_cosmetic_options_to_the_planner(kb: KnowledgeBase) -> None:
    decision = run(kb, concerns=["glabellar-lines", "overactive-bladder", "lip-volume"], age=20)

    # Lip filler is not approved at 20 (FIL-REG-2) and the bladder goes to a specialist.
    from toxfill.decide import plan_treatments

    assert plan_treatments(decision) == ["botulinum-toxin:glabellar-lines"]


def test_the_warning_signs_question_cites_both_boxed_warnings(kb: KnowledgeBase) -> None:
    """FIL-VO-1 (filler in a blood vessel) and TOX-BOX-1 (distant spread of toxin)."""
    decision = run(kb, concerns=["crows-feet"])

    question = next(q for q in decision.questions if "warning signs" in q.text)
    assert {"S-FDA-VO2015", "S-BX-OFDA"} <= set(question.sources)


def test_each_option_considered_lists_its_serious_risks_with_how_rare_they_are(
    kb: KnowledgeBase,
) -> None:
    """FIL-RISK-1, FIL-RISK-9 (vessel blockage: low chance, as low as 0.001%) and TOX-BOX-1,
    TOX-BOX-3 (distant spread: reports, no rate): harms beside benefits (IPDAS)."""
    decision = run(kb, concerns=["glabellar-lines", "nasolabial-folds"])

    filler = {h.risk: h for h in decision.option("ha-filler").harms}
    toxin = {h.risk: h for h in decision.option("botulinum-toxin").harms}
    assert "0.001%" in filler["vascular-occlusion"].how_rare
    assert "S-FAULK-2022" in filler["vascular-occlusion"].sources
    assert "no rate" in toxin["distant-spread"].how_rare
    assert toxin["allergic-reaction"].serious
    assert "common-side-effects" in toxin
    assert decision.option("ha-filler").benefits


def test_every_serious_risk_in_the_knowledge_base_says_how_rare_it_is(kb: KnowledgeBase) -> None:
    for option in kb.options.values():
        for risk in option.risks:
            if risk.serious:
                assert risk.frequency is not None, f"{option.id} {risk.id}"
                assert risk.frequency.sources


def test_marionette_lines_are_covered_by_the_label_wording_not_a_named_approval(
    kb: KnowledgeBase,
) -> None:
    """FIL-PROD-5, FIL-PROD-9: the labels say 'facial wrinkles and folds'; none names them."""
    decision = run(kb, concerns=["marionette-lines"])

    [approved] = [r for r in decision.option("ha-filler").reasons if r.kind == "approved"]
    assert "facial wrinkles and folds" in approved.text
    assert not approved.text.startswith("Approved for")


def test_marionette_lines_show_as_covered_in_compare_and_show(kb: KnowledgeBase) -> None:
    """FIL-PROD-5, FIL-PROD-9: wherever approvals are shown, the label wording, not a name."""
    comparison = compare(kb, ["ha-filler", "caha-filler"])
    profile = describe(kb, "ha-filler")

    [row] = [r for r in comparison.rows if r.attribute == "cosmetic-uses"]
    assert "covered by “facial wrinkles and folds”" in row.cells["ha-filler"].text
    marionette = [u for u in profile.uses if u.concern == "marionette-lines" and u.labelled]
    assert marionette
    assert {u.covered_by for u in marionette} == {"facial wrinkles and folds"}


# --- risk pictures: only the figures the sources state ---------------------------------------


def harm(decision: Decision, option: str, risk: str) -> Harm:
    return next(h for h in decision.option(option).harms if h.risk == risk)


def test_a_drooping_eyelid_in_2_of_100_is_drawn_out_of_100(kb: KnowledgeBase) -> None:
    """TOX-AE-3: a drooping eyelid in about 2 in 100 people treated for frown lines."""
    rate = harm(run(kb, concerns=["glabellar-lines"]), "botulinum-toxin", "eyelid-brow-droop").rate

    assert rate is not None
    assert (rate.count, rate.out_of, rate.figure) == (2, 100, "2 in 100")
    assert "2 in 100 people treated for frown lines" in rate.statement


def test_a_rate_under_1_in_100_is_drawn_out_of_10000(kb: KnowledgeBase) -> None:
    """FIL-RISK-7: complaints of lumps after 0.11% of PMMA syringes."""
    rate = harm(run(kb, concerns=["nasolabial-folds"]), "pmma-filler", "nodules").rate

    assert rate is not None
    assert (rate.count, rate.out_of, rate.figure) == (11, 10000, "0.11%")


def test_a_risk_whose_rate_is_not_known_gets_no_picture(kb: KnowledgeBase) -> None:
    """FIL-RISK-1: one estimate is quoted, but the true rate of vessel blockage is not known;
    TOX-BOX-1: the labels give no rate for the toxin spreading."""
    decision = run(kb, concerns=["nasolabial-folds", "glabellar-lines"])

    assert harm(decision, "ha-filler", "vascular-occlusion").rate is None
    assert harm(decision, "botulinum-toxin", "distant-spread").rate is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("It happened in about 2 in 100 people.", (2, 100), id="n_in_100"),
        pytest.param("Seen after 0.9% of treatments.", (90, 10000), id="percent_under_1"),
        pytest.param("About 1 in 50,000.", None, id="too_rare_to_draw"),
        pytest.param("Rare, but how rare is not known: 47% of cases were fat.", None, id="unknown"),
        pytest.param("Rare. No rate was found in the sources.", None, id="no_rate"),
        pytest.param("Common.", None, id="no_figure"),
    ],
)
def test_a_stated_rate_is_only_what_the_text_gives(
    text: str, expected: tuple[int, int] | None
) -> None:
    rate = stated_rate(text)

    assert (None if rate is None else (rate.count, rate.out_of)) == expected


def test_every_drawn_figure_appears_in_its_cited_statement(kb: KnowledgeBase) -> None:
    decision = run(kb, concerns=list(kb.concerns)[:16])

    drawn = [h.rate for o in decision.options for h in o.harms if h.rate]
    assert drawn
    for rate in drawn:
        assert rate.figure in rate.statement


# --- not sure: uncertain is not safe ---------------------------------------------------------


def test_not_sure_about_pregnancy_holds_toxin_back_until_it_is_settled(kb: KnowledgeBase) -> None:
    """TOX-CI pregnancy: toxin is not given in pregnancy; not sure is never better than yes."""
    sure_no = run(kb, concerns=["glabellar-lines"])
    unsure = run(kb, concerns=["glabellar-lines"], health_unsure=["pregnant"])

    assert sure_no.option("botulinum-toxin").status == "recommended"
    toxin = unsure.option("botulinum-toxin")
    assert toxin.status == "not-suitable"
    assert any(r.kind == "unsure" and "until you find out" in r.text for r in toxin.reasons)
    assert any("I am not sure about this" in q.text for q in toxin.discuss)
    assert unsure.per_concern["glabellar-lines"][0].cautions == ("pregnant",)


def test_not_sure_about_a_warning_holds_toxin_at_caution(kb: KnowledgeBase) -> None:
    """A relative caution answered "not sure" is a caution to settle first, as a yes is."""
    yes = run(kb, concerns=["glabellar-lines"], health=["anticoagulant-or-antiplatelet"])
    unsure = run(kb, concerns=["glabellar-lines"], health_unsure=["anticoagulant-or-antiplatelet"])

    toxin = unsure.option("botulinum-toxin")
    assert yes.option("botulinum-toxin").status == "caution"
    assert toxin.status == "caution"
    assert any(r.kind == "unsure" and "Find out before treatment" in r.text for r in toxin.reasons)


def test_not_sure_never_rules_in_what_yes_rules_out(kb: KnowledgeBase) -> None:
    yes = run(kb, concerns=["glabellar-lines"], health=["allergy-botulinum-toxin"])
    unsure = run(kb, concerns=["glabellar-lines"], health_unsure=["allergy-botulinum-toxin"])

    assert yes.option("botulinum-toxin").status == "not-suitable"
    assert unsure.option("botulinum-toxin").status == "not-suitable"


def test_yes_and_not_sure_to_the_same_question_is_an_error(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="both yes and not sure"):
        run(kb, concerns=["glabellar-lines"], health=["pregnant"], health_unsure=["pregnant"])


def test_only_health_questions_that_can_change_a_status_are_asked(kb: KnowledgeBase) -> None:
    """Bladder questions matter for the bladder use only (TOX cautions scoped to that use)."""
    face = health_questions(kb, ["glabellar-lines"])
    bladder = health_questions(kb, ["overactive-bladder"])

    assert "urinary-retention" not in face
    assert "urinary-retention" in bladder
    assert "pregnant" in face
    assert health_questions(kb, []) == []
