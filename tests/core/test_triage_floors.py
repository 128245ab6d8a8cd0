"""Issue 18: every symptom has a floor that holds whatever the treatment, several distant signs
of spread are an emergency, the explanation follows the mechanism, advice says each thing once,
and a visit's aftercare gives each sign one urgency that triage agrees with.

Held over the whole vocabulary, not by examples: a new case of the same class must pass too.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.errors import InputError, KnowledgeError
from toxfill.knowledge import bundled_knowledge, load_knowledge
from toxfill.knowledge.models import TriageMechanism, UrgencyLevel
from toxfill.triage import TriageResult, aftercare_for, parse_report, sheet_urgencies, triage
from toxfill.triage.aftercare import help_line
from toxfill.triage.engine import advice_opening
from toxfill.triage.places import places, places_for

KB = bundled_knowledge()
TREATMENTS = [o.id for o in KB.options.values() if o.administration.injected]
TOXIN = "botulinum-toxin"
SYMPTOMS = list(KB.symptoms)
DAYS = st.none() | st.integers(min_value=0, max_value=3650)
# Signs far from a limb, the neck, a gland or the bladder (TOX-BOX-2's list, less bladder signs
# after a bladder injection, where they are local).
DISTANT = ("eyelid-droop", "double-vision", "vision-change", "eyes-not-aligned")
SPREAD_ZONES = ("arms-and-legs", "arm-left", "leg-right", "neck", "parotid-right", "axilla-left")


def run(raw: dict[str, Any]) -> TriageResult:
    return triage(KB, parse_report(KB, raw))


@st.composite
def reports(draw: st.DrawFn, symptoms: tuple[str, ...]) -> dict[str, Any]:
    """`symptoms` after any treatments, any day (or unknown), age, pregnancy and fitting zone."""
    treatment = draw(st.sampled_from(TREATMENTS))
    others = draw(st.lists(st.sampled_from(TREATMENTS), max_size=2, unique=True))
    raw: dict[str, Any] = {
        "treatment": treatment,
        "other_treatments": [o for o in others if o != treatment],
        "days_since": draw(DAYS),
        "symptoms": list(symptoms),
    }
    zone = draw(st.none() | st.sampled_from(places_for(KB, [treatment, *others])))
    if zone is not None:
        raw["zone"] = zone
    age = draw(st.none() | st.integers(min_value=0, max_value=120))
    if age is not None:
        raw["age"] = age
    pregnant = draw(st.none() | st.booleans())
    if pregnant is not None:
        raw["pregnant"] = pregnant
    return raw


# --- 1. a floor for every symptom, whatever the treatment -----------------------------------------


def test_every_symptom_has_exactly_one_floor_in_the_knowledge_base() -> None:
    assert set(KB.floors) == set(KB.symptoms)
    for symptom, rule in KB.floors.items():
        assert not rule.conditional, symptom
        assert rule.sources


@settings(max_examples=1500, deadline=None)
@given(st.sampled_from(SYMPTOMS).flatmap(lambda s: st.tuples(st.just(s), reports((s,)))))
def test_no_symptom_falls_below_its_floor_after_any_treatment_day_age_or_zone(
    case: tuple[str, dict[str, Any]],
) -> None:
    symptom, raw = case

    result = run(raw)

    assert result.urgency.rank >= KB.floors[symptom].urgency.rank


@pytest.mark.parametrize("treatment", TREATMENTS)
@pytest.mark.parametrize("symptom", SYMPTOMS)
def test_each_symptom_alone_reaches_its_floor_after_each_treatment(
    treatment: str, symptom: str
) -> None:
    for days in (None, 0, 1, 30, 400):
        result = run({"treatment": treatment, "days_since": days, "symptoms": [symptom]})

        assert result.urgency.rank >= KB.floors[symptom].urgency.rank, (treatment, days)


@pytest.mark.parametrize("treatment", [t for t in TREATMENTS if t != TOXIN])
@pytest.mark.parametrize("symptom", ["urinary-retention", "loss-of-bladder-control"])
def test_bladder_red_flags_after_filler_are_urgent_not_routine(
    treatment: str, symptom: str
) -> None:
    """Floors cannot-empty-the-bladder (S-NIDDK-RETENTION) and new-loss-of-bladder-control
    (S-AJEM-CES): care the same day after any treatment, never "within a few days"."""
    result = run({"treatment": treatment, "days_since": 1, "symptoms": [symptom]})

    assert result.urgency is UrgencyLevel.URGENT
    assert result.aftercare_steps == ()
    assert any("emergency" in line.lower() for line in result.worse_if)


def _write(path: Path, data: Any) -> None:
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


def test_a_symptom_without_a_floor_fails_loading(kb_copy: Path) -> None:
    triage_file = kb_copy / "triage.yaml"
    data = yaml.safe_load(triage_file.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["id"] != "droop"]
    _write(triage_file, data)

    with pytest.raises(KnowledgeError, match="eyelid-droop: no floor"):
        load_knowledge(kb_copy)


def test_a_rule_below_its_symptoms_floor_fails_loading(kb_copy: Path) -> None:
    triage_file = kb_copy / "triage.yaml"
    data = yaml.safe_load(triage_file.read_text(encoding="utf-8"))
    data["rules"][1]["urgency"] = "self-care"  # toxin-eyelid-droop, under its routine floor
    data["rules"][1]["worse_if"] = []
    _write(triage_file, data)

    with pytest.raises(KnowledgeError, match="below its floor routine"):
        load_knowledge(kb_copy)


def test_aftercare_that_calls_a_sign_normal_where_a_rule_escalates_it_fails_loading(
    kb_copy: Path,
) -> None:
    triage_file = kb_copy / "triage.yaml"
    data = yaml.safe_load(triage_file.read_text(encoding="utf-8"))
    data["aftercare"][0]["normal"][0].update(symptoms=["eyelid-droop"], usually_resolves_days=3)
    _write(triage_file, data)

    with pytest.raises(KnowledgeError, match="calls eyelid-droop normal for 3 days"):
        load_knowledge(kb_copy)


# --- 2. input that contradicts itself is an error -------------------------------------------------


@pytest.mark.parametrize(
    ("change", "fields"),
    [
        pytest.param(
            {"treatment": TOXIN, "concern": "upper-limb-spasticity", "zone": "upper-face"},
            ("zone", "concern"),
            id="child_arm_toxin_reported_in_the_face",
        ),
        pytest.param(
            {"treatment": "ha-filler", "concern": "overactive-bladder"},
            ("concern", "treatment"),
            id="filler_for_a_bladder_concern",
        ),
        pytest.param(
            {"treatment": "ha-filler", "concern": "lip-volume", "zone": "bladder"},
            ("zone", "treatment"),
            id="lip_filler_in_the_bladder",
        ),
        pytest.param(
            {"treatment": "caha-filler", "zone": "arm-left"},
            ("zone", "treatment"),
            id="filler_in_a_charted_limb_zone",
        ),
    ],
)
def test_a_report_that_contradicts_itself_names_both_fields(
    change: dict[str, Any], fields: tuple[str, str]
) -> None:
    raw = {"days_since": 3, "age": 7, "symptoms": ["eyelid-droop"], **change}

    with pytest.raises(InputError) as caught:
        parse_report(KB, raw)

    assert caught.value.field == fields[0]
    assert fields[1] in caught.value.problem


def test_the_cli_refuses_a_contradiction_with_exit_2() -> None:
    report = {"treatment": "ha-filler", "zone": "bladder", "days_since": 1, "symptoms": ["fever"]}

    result = CliRunner().invoke(app, ["triage", "-"], input=json.dumps(report))

    assert result.exit_code == 2
    assert "zone" in result.output


def test_vocab_lists_exactly_the_places_triage_accepts() -> None:
    listed = [t.id for kind in ("areas", "zones") for t in KB.vocabulary()[kind]]

    assert listed == places(KB)
    for place in listed:
        report = parse_report(
            KB, {"treatment": TOXIN, "zone": place, "days_since": 1, "symptoms": ["fever"]}
        )
        assert report.zone == place
    with pytest.raises(InputError, match="zone"):
        parse_report(
            KB, {"treatment": TOXIN, "zone": "nose", "days_since": 1, "symptoms": ["fever"]}
        )


@pytest.mark.parametrize("zone", ["nasal-dorsum", "nasal-tip", "glabella", "mid-face"])
def test_pale_skin_after_nose_or_frown_filler_is_an_emergency_by_charting_zone(zone: str) -> None:
    """FIL-VO-1, FIL-RISK-3: the nose and glabella are where vessel blockage is most reported."""
    result = run(
        {"treatment": "ha-filler", "zone": zone, "days_since": 0, "symptoms": ["skin-blanching"]}
    )

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert "nose" in result.tell[0] or "glabella" in result.tell[0] or "cheeks" in result.tell[0]


# --- 3. several distant signs together ------------------------------------------------------------


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(SPREAD_ZONES),
    st.lists(st.sampled_from(DISTANT), min_size=2, max_size=3, unique=True),
    st.none() | st.integers(min_value=0, max_value=120),
    DAYS,
)
def test_two_distant_signs_after_toxin_in_a_limb_neck_or_gland_are_an_emergency(
    zone: str, signs: list[str], age: int | None, days: int | None
) -> None:
    """Rule toxin-spread-several-signs (TOX-BOX-1/2): the set of signs, not each alone."""
    raw: dict[str, Any] = {"treatment": TOXIN, "zone": zone, "days_since": days, "symptoms": signs}
    if age is not None:
        raw["age"] = age

    result = run(raw)

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert result.reasons[0].rule.startswith("toxin-spread")


def test_eyelid_droop_with_double_vision_after_bladder_toxin_is_an_emergency() -> None:
    """Rule toxin-spread-several-signs-after-bladder (TOX-BOX-2)."""
    result = run(
        {
            "treatment": TOXIN,
            "concern": "overactive-bladder",
            "days_since": 6,
            "age": 60,
            "symptoms": ["eyelid-droop", "double-vision"],
        }
    )

    assert result.urgency is UrgencyLevel.EMERGENCY


def test_a_glabellar_droop_with_a_brow_droop_stays_routine() -> None:
    """TOX-AE-11: a drooping lid and brow after frown-line toxin are a known local effect."""
    result = run(
        {
            "treatment": TOXIN,
            "concern": "glabellar-lines",
            "days_since": 5,
            "symptoms": ["eyelid-droop", "brow-droop"],
        }
    )

    assert result.urgency is UrgencyLevel.ROUTINE


# --- 4. the explanation follows the mechanism -----------------------------------------------------

ALLERGY_SIGNS = ("hives", "itching", "face-or-throat-swelling")


@pytest.mark.parametrize("days", [None, 0, 3, 20])
@pytest.mark.parametrize("symptom", ["difficulty-breathing", "difficulty-swallowing"])
def test_breathing_or_swallowing_after_toxin_is_explained_first_as_spread(
    symptom: str, days: int | None
) -> None:
    """TOX-BOX-1 (boxed warning) leads; the allergy reading (SHR-URG-5) still follows it."""
    result = run({"treatment": TOXIN, "days_since": days, "symptoms": [symptom]})

    assert result.urgency is UrgencyLevel.EMERGENCY
    assert result.reasons[0].rule == "toxin-spread-breathing-swallowing"
    assert any("allergic" in r.text for r in result.reasons[1:])
    assert "epinephrine" not in result.advice[0]
    assert result.tell[0].startswith('Say: "I had botulinum toxin')


@pytest.mark.parametrize("sign", ALLERGY_SIGNS)
def test_with_allergy_signs_the_allergy_explanation_leads_and_spread_follows(sign: str) -> None:
    """Rule allergic-reaction-pattern (SHR-URG-2) leads; TOX-BOX-1 is still said."""
    result = run({"treatment": TOXIN, "days_since": 1, "symptoms": ["difficulty-breathing", sign]})

    assert result.reasons[0].rule == "allergic-reaction-pattern"
    assert "epinephrine" in result.advice[0]
    assert "toxin-spread-breathing-swallowing" in {r.rule for r in result.reasons}


def test_every_urgent_spread_or_vessel_rule_has_a_say_script() -> None:
    """Urgent toxin-spread answers get the same "Say: ..." script as the emergency ones."""
    scripted = (TriageMechanism.TOXIN_SPREAD, TriageMechanism.VESSEL_BLOCKAGE)
    missing = [
        rule.id
        for rule in KB.triage_rules
        if rule.mechanism in scripted
        and rule.urgency.rank >= UrgencyLevel.URGENT.rank
        and not any(line.startswith("Say:") for line in rule.tell)
    ]
    assert missing == []


@settings(max_examples=600, deadline=None)
@given(
    st.lists(st.sampled_from(SYMPTOMS), min_size=1, max_size=4, unique=True).flatmap(
        lambda symptoms: reports(tuple(symptoms))
    )
)
def test_an_answer_says_each_kind_of_step_once_and_one_warning_line_per_urgency(
    raw: dict[str, Any],
) -> None:
    result = run(raw)

    openings = [advice_opening(line) for line in result.advice]
    assert len(openings) == len(set(openings)), result.advice
    actions = [line.split(" if ")[0] for line in result.worse_if]
    assert len(actions) == len(set(actions)), result.worse_if
    assert len(result.tell) == len(set(result.tell))


def test_an_urgent_answer_with_several_rules_says_contact_today_once() -> None:
    """toxin-spread-vision, toxin-loss-of-bladder-control and their floors each ask for care
    today and no driving (TOX-BOX-2, TOX-WP-10): said once each."""
    result = run(
        {
            "treatment": TOXIN,
            "concern": "crows-feet",
            "days_since": 4,
            "age": 30,
            "symptoms": ["double-vision", "vision-change", "loss-of-bladder-control"],
        }
    )
    joined = " ".join(result.advice).lower()

    assert result.urgency is UrgencyLevel.URGENT
    assert len({r.rule for r in result.reasons}) >= 3
    assert joined.count("do not drive") == 1
    assert joined.count("today") == 1
    assert len(result.worse_if) == 1
    assert result.tell[0].startswith('Say: "I had botulinum toxin')


# --- 5. one answer per symptom across a whole visit -----------------------------------------------


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(TREATMENTS, 2)))
def test_a_visits_sheet_gives_each_sign_the_highest_urgency_and_triage_agrees(
    first: str, second: str
) -> None:
    merged = sheet_urgencies(KB, [first, second])
    alone = (sheet_urgencies(KB, [first]), sheet_urgencies(KB, [second]))

    for symptom, urgency in merged.items():
        assert urgency == max((a[symptom] for a in alone), key=lambda u: u.rank)
        if urgency.rank < UrgencyLevel.ROUTINE.rank or symptom == "something-else":
            continue
        for days in (None, 0, 7, 60):
            raw = {
                "treatment": first,
                "other_treatments": [second],
                "zone": "upper-face",  # no zone-limited rule speaks here
                "age": 40,
                "days_since": days,
                "symptoms": [symptom],
            }
            assert run(raw).urgency is urgency, (symptom, days)


@pytest.mark.parametrize(("first", "second"), list(itertools.combinations(TREATMENTS, 2)))
def test_a_visits_sheet_lists_each_sign_once_where_it_holds_everywhere(
    first: str, second: str
) -> None:
    guide = aftercare_for(KB, [first, second])
    anywhere = [s for group in guide.help if not group.condition for s in group.symptoms]

    assert len(anywhere) == len(set(anywhere))
    assert guide.get_help == tuple(help_line(group, "en") for group in guide.help)


def test_skin_turning_pale_is_an_emergency_once_on_a_toxin_and_filler_sheet() -> None:
    """FIL-VO-1 (rule filler-vessel-skin) outranks the urgent floor unexpected-skin-or-pain."""
    guide = aftercare_for(KB, [TOXIN, "ha-filler"])
    places = [g.urgency for g in guide.help if "skin-blanching" in g.symptoms]

    assert places == [UrgencyLevel.EMERGENCY]


@pytest.mark.parametrize("option", list(KB.aftercare))
def test_what_aftercare_calls_normal_triage_does_not_escalate(option: str) -> None:
    for note in KB.aftercare[option].normal:
        for symptom in note.symptoms:
            for days in range((note.usually_resolves_days or 0) + 1):
                result = run({"treatment": option, "days_since": days, "symptoms": [symptom]})

                assert result.urgency is UrgencyLevel.SELF_CARE, (symptom, days)


def test_small_bumps_on_day_one_after_toxin_are_normal_in_triage_as_in_aftercare() -> None:
    """TOX-AE-1 (S-TAS-TOX): bumps where the needle went in settle within days."""
    result = run({"treatment": TOXIN, "days_since": 1, "symptoms": ["lumps"]})

    assert result.urgency is UrgencyLevel.SELF_CARE


def test_watch_notes_leave_how_fast_to_the_help_lists() -> None:
    """A watch note that said "today" for a sign another treatment makes an emergency would
    contradict a visit's merged sheet."""
    texts = [n.text.lower() for care in KB.aftercare.values() for n in care.watch]

    assert [t for t in texts if "same day" in t or "today" in t] == []


@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.sampled_from(SYMPTOMS), min_size=1, max_size=4, unique=True).flatmap(
        lambda symptoms: reports(tuple(symptoms))
    )
)
def test_the_quick_urgency_agrees_with_the_full_assessment(raw: dict[str, Any]) -> None:
    """warnings.py lists "what would make it worse" with assess_urgency: it must be assess's."""
    from toxfill.triage.engine import assess, assess_urgency, context_of

    context = context_of(KB, parse_report(KB, raw))

    for symptom in SYMPTOMS:
        widened = context._replace(reported=context.reported | {symptom})
        assert assess_urgency(widened, symptom) is assess(widened, symptom).urgency
