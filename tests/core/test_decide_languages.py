"""The same decision in English and Spanish: every decide case of the suite (the hand-worked
cases, the intakes the rule tests use, and the generated intakes of the property tests) gets the
same statuses, products, dates, cautions, trade-offs and sources in both languages; only the
words differ, and none of the Spanish words is left in English. A decide catalogue with a gap
or an extra is refused on load, naming the file and the entry."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from tests.core import (
    test_decide,
    test_decide_class_cautions,
    test_decide_not_sure,
    test_decide_properties,
    test_decide_refer_summary,
    test_decide_trade_offs,
)
from tests.core.catalogues import refusal
from tests.core.test_decide_cases import CASES

from toxfill.decide import Decision, decide, stated_rate
from toxfill.decide.words import SPANISH as SPANISH_WORDS
from toxfill.decide.words import say
from toxfill.intake import Intake, parse_intake
from toxfill.knowledge import BUNDLED_DATA, bundled_knowledge
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.translation import translated

ENGLISH = bundled_knowledge("en")
SPANISH = bundled_knowledge("es")
CATALOGUE = BUNDLED_DATA / "es" / "decide.yaml"


def decide_texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """(where, text) for the knowledge base's words the decision aid shows beyond the
    comparison's: the health questions, the preferences, the concerns' meanings and
    specialists, what to talk over, and life without treatment."""
    found: list[tuple[str, str]] = []
    for key, factor in kb.health_factors.items():
        found += [(f"{key}.question", factor.question), (f"{key}.description", factor.description)]
    for key, preference in kb.preferences.items():
        found.append((f"{key}.label", preference.label))
        found.append((f"{key}.description", preference.description))
    for key, concern in kb.concerns.items():
        found.append((f"{key}.description", concern.description))
        if concern.specialist:
            found.append((f"{key}.specialist", concern.specialist))
    for key, option in kb.options.items():
        found += [(f"{key}.discuss[{n}]", c.discuss) for n, c in enumerate(option.cautions)]
        if option.without_treatment:
            found.append((f"{key}.without_treatment", option.without_treatment.text))
    return found


def both(intake: Intake) -> tuple[Decision, Decision]:
    return decide(ENGLISH, intake), decide(SPANISH, intake)


def same_answers(english: Decision, spanish: Decision) -> None:
    """Everything but the words is the same."""
    assert (english.language, spanish.language) == ("en", "es")

    def facts(d: Decision) -> dict[str, Any]:
        return {
            "options": [
                (
                    o.option,
                    o.status,
                    o.concerns,
                    o.fit,
                    o.available_from,
                    o.per_concern,
                    [(r.kind, r.concern, r.sources) for r in o.reasons],
                    [(e.product, e.concern, e.sources) for e in o.excluded_products],
                    [q.sources for q in o.discuss],
                    [r.sources for r in o.benefits],
                    [
                        (h.risk, h.serious, h.sources, h.rate and (h.rate.count, h.rate.out_of))
                        for h in o.harms
                    ],
                )
                for o in d.options
            ],
            "per_concern": d.per_concern,
            "effects": [(e.preference, e.weight, e.sources) for e in d.preference_effects],
            "combinations": [
                (c.options, c.concerns, c.off_label, c.sources) for c in d.combinations
            ],
            "questions": [q.sources for q in d.questions],
            "trade_offs": [
                (t.concern, t.option, t.alternative, t.gains, t.costs, t.sources)
                for t in d.trade_offs
            ],
            "sources": [s.id for s in d.sources],
            "intake": d.intake,
        }

    assert facts(spanish) == facts(english)
    left = [en for en, es in zip(texts(english), texts(spanish), strict=True) if en == es]
    assert not left, f"left in English: {left}"


def texts(d: Decision) -> list[str]:
    """The sentences the decision aid writes around the knowledge base's words."""
    found = []
    for o in d.options:
        found += [r.text for r in o.reasons] + [q.text for q in o.discuss]
        found += [e.because for e in o.excluded_products]
        found += [h.how_rare for h in o.harms] + [h.rate.in_words for h in o.harms if h.rate]
    found += [e.text for e in d.preference_effects] + [e.label for e in d.preference_effects]
    found += [c.text for c in d.combinations] + [q.text for q in d.questions]
    found += [t.text for t in d.trade_offs] + [d.disclaimer]
    return found


@pytest.mark.parametrize(("raw", "expected"), CASES)
def test_every_hand_worked_case_gets_the_same_decision_in_both_languages(
    raw: dict[str, Any], expected: dict[str, Any]
) -> None:
    english, spanish = both(parse_intake(ENGLISH, raw))

    same_answers(english, spanish)
    for key, status in expected.items():
        if "/" not in key and ":" not in key:
            assert spanish.option(key).status == status


def recorded_intakes() -> list[Intake]:
    """The intakes the rule tests decide: each test that needs only the knowledge base is run
    once with `decide` recording what it is given."""
    seen: list[Intake] = []

    def recording(kb: KnowledgeBase, intake: Intake) -> Decision:
        seen.append(intake)
        return decide(kb, intake)

    modules: list[ModuleType] = [
        test_decide,
        test_decide_trade_offs,
        test_decide_refer_summary,
        test_decide_class_cautions,
    ]
    for module in modules:
        original = module.decide
        module.decide = recording  # type: ignore[attr-defined]
        try:
            for name, test in inspect.getmembers(module, inspect.isfunction):
                if name.startswith("test_") and _takes_only_kb(test):
                    test(*([ENGLISH] if inspect.signature(test).parameters else []))
        finally:
            module.decide = original  # type: ignore[attr-defined]
    # Sorted: some rule tests walk sets, whose order differs from one process to the next.
    return [i for _, i in sorted({i.model_dump_json(): i for i in seen}.items())]


def _takes_only_kb(test: Callable[..., Any]) -> bool:
    """A plain test of the knowledge base; not a property test, whose examples are random (the
    property tests' own intakes are generated below)."""
    if hasattr(test, "hypothesis"):
        return False
    return set(inspect.signature(test).parameters) <= {"kb"}


RECORDED = recorded_intakes()


def test_the_rule_tests_decide_many_intakes() -> None:
    assert len(RECORDED) >= 30


@pytest.mark.parametrize("intake", RECORDED, ids=[f"intake{n}" for n in range(len(RECORDED))])
def test_every_intake_of_the_rule_tests_gets_the_same_decision_in_both_languages(
    intake: Intake,
) -> None:
    same_answers(*both(intake))


@settings(max_examples=60, deadline=None)
@given(test_decide_properties.intakes)
def test_generated_intakes_get_the_same_decision_in_both_languages(raw: dict[str, Any]) -> None:
    same_answers(*both(parse_intake(ENGLISH, raw)))


@settings(max_examples=60, deadline=None)
@given(test_decide_not_sure.intakes)
def test_generated_not_sure_answers_get_the_same_decision_in_both_languages(
    raw: dict[str, Any],
) -> None:
    unsure = [f for f in raw["health_unsure"] if f not in raw["health"]]  # a yes wins
    same_answers(*both(parse_intake(ENGLISH, {**raw, "health_unsure": unsure})))


def test_every_health_question_preference_and_caution_is_asked_in_spanish() -> None:
    for key, factor in ENGLISH.health_factors.items():
        spanish = SPANISH.health_factors[key]
        assert spanish.question != factor.question
        assert spanish.question.startswith("¿")
        assert spanish.description != factor.description
    for key, preference in ENGLISH.preferences.items():
        assert SPANISH.preferences[key].label != preference.label
        assert SPANISH.preferences[key].description != preference.description
    for key, option in ENGLISH.options.items():
        for english, spanish in zip(option.cautions, SPANISH.options[key].cautions, strict=True):
            assert (spanish.health, spanish.level, spanish.products, spanish.sources) == (
                english.health,
                english.level,
                english.products,
                english.sources,
            )
            assert spanish.discuss != english.discuss


def test_a_rate_is_the_same_figure_read_from_either_language() -> None:
    for key, option in ENGLISH.options.items():
        for english, spanish in zip(option.risks, SPANISH.options[key].risks, strict=True):
            if english.frequency and spanish.frequency:
                en = stated_rate(english.frequency.text)
                es = stated_rate(spanish.frequency.text, "es")
                assert (en and (en.count, en.out_of)) == (es and (es.count, es.out_of)), english.id


def test_every_spanish_sentence_keeps_the_placeholders_of_its_english_twin() -> None:
    for english, spanish in SPANISH_WORDS.items():
        assert sorted(_names(english)) == sorted(_names(spanish)), english


def _names(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def test_an_english_phrase_without_spanish_words_is_an_error_not_english() -> None:
    with pytest.raises(LookupError, match=r"decide/words\.py"):
        say("es", "A sentence nobody translated.")


def _load(data: Path) -> KnowledgeBase:
    return translated(ENGLISH, "es", data)


@pytest.mark.parametrize(
    ("change", "entry"),
    [
        (lambda raw: raw["health_factors"]["pregnant"].pop("question"), "health_factors.pregnant"),
        (lambda raw: raw["preferences"].pop("longevity"), "preferences.longevity"),
        (lambda raw: raw["specialists"].pop("strabismus"), "specialists.strabismus"),
        (lambda raw: raw["options"]["ha-filler"]["discuss"].pop(), "options.ha-filler.discuss"),
        (lambda raw: raw["health_factors"].update({"made-up": {}}), "health_factors.made-up"),
        (
            lambda raw: raw["options"]["no-treatment"].pop("without_treatment"),
            "options.no-treatment.without_treatment",
        ),
    ],
    ids=["question", "preference", "specialist", "discuss", "extra", "without-treatment"],
)
def test_a_gap_or_an_extra_in_the_decide_catalogue_is_refused_naming_file_and_entry(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], entry: str
) -> None:
    refused = refusal("decide", tmp_path, change)

    assert "es/decide.yaml" in str(refused)
    assert entry in str(refused)


def test_the_bundled_decide_catalogue_loads() -> None:
    assert "decide" in yaml.safe_load(CATALOGUE.read_text(encoding="utf-8"))["translated"]
    assert _load(BUNDLED_DATA).language == "es"
