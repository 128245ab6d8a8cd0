"""The questionnaires in English and Spanish: the same answers give the same intake or report
(the same IDs), so the same statuses and urgency; the Spanish questions, lists and retry
messages are all Spanish, the replies are understood in Spanish (sí, no, no sé), and the
English questions are word for word what they were."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import pytest
from tests.readability import EASE_GRADE_8, spanish_reading_ease
from tests.spanish_words import english_words

from toxfill.decide import decide
from toxfill.intake import parse_intake
from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.base import KnowledgeBase
from toxfill.questionnaire import TooManyTries, run_questionnaire, run_triage_questions
from toxfill.questionnaire.words import SPANISH as SPANISH_WORDS
from toxfill.questionnaire.words import replies, say
from toxfill.triage import parse_report, triage

ENGLISH = bundled_knowledge("en")
SPANISH = bundled_knowledge("es")
TODAY = dt.date(2026, 11, 23)
# The questionnaire's own English words, looked for beside tests/spanish_words.py's.
QUESTIONNAIRE_WORDS = frozenset(
    {
        *("type", "press", "please", "how", "which", "where", "sure", "skip", "old"),
        *("numbers", "none", "days", "ago"),
    }
)


@dataclass
class Transcript:
    """Everything a run said: the prompts asked and the lines told, in order."""

    answers: Iterable[str]
    prompts: list[str] = field(default_factory=list)
    told: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._next = iter(self.answers)

    def ask(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return next(self._next)

    def tell(self, text: str) -> None:
        self.told.append(text)

    def lines(self) -> list[str]:
        return self.prompts + self.told


def asked_for_intake(kb: KnowledgeBase, answers: list[str]) -> tuple[dict[str, Any], Transcript]:
    transcript = Transcript(answers)
    return run_questionnaire(kb, transcript.ask, transcript.tell, TODAY), transcript


def asked_for_report(kb: KnowledgeBase, answers: list[str]) -> tuple[dict[str, Any], Transcript]:
    transcript = Transcript(answers)
    return run_triage_questions(kb, transcript.ask, transcript.tell), transcript


def number(ids: Iterable[str], *chosen: str) -> str:
    """The list numbers of `chosen`, as a person types them: "3,5"."""
    order = list(ids)
    return ",".join(str(order.index(c) + 1) for c in chosen)


def injected(kb: KnowledgeBase) -> list[str]:
    return [o.id for o in kb.options.values() if o.administration.injected]


def weights(**chosen: int) -> list[str]:
    """One answer per preference, in the knowledge base's order: "" when not given."""
    return [str(chosen.get(p.replace("-", "_"), "")) for p in ENGLISH.preferences]


# Each decide case: the answers, the same in both languages (numbers, dates and Enter).
DECIDE_CASES = [
    pytest.param(
        [
            "45",
            number(ENGLISH.concerns, "glabellar-lines", "nasolabial-folds"),
            "",
            "",
            *weights(reversibility=3),
            "",
        ],
        id="adult_two_concerns_nothing_else",
    ),
    pytest.param(
        [
            "42",
            number(ENGLISH.concerns, "crows-feet", "nasolabial-folds"),
            number(ENGLISH.health_factors, "anticoagulant-or-antiplatelet"),
            "",
            *weights(longevity=2, reversibility=3),
            number(injected(ENGLISH), "botulinum-toxin"),
            "2026-10-01",
        ],
        id="blood_thinner_and_toxin_seven_weeks_ago",
    ),
    pytest.param(
        [
            "15",
            number(ENGLISH.concerns, "chronic-migraine", "lip-volume"),
            number(ENGLISH.health_factors, "neuromuscular-disorder", "pregnant"),
            "",
            *weights(low_yearly_cost=1, minimal_downtime=2),
            "",
        ],
        id="teenager_pregnant_with_a_nerve_and_muscle_disease",
    ),
    pytest.param(
        [
            "33",
            number(ENGLISH.concerns, "glabellar-lines", "lip-volume"),
            number(ENGLISH.health_factors, "breastfeeding"),
            number(ENGLISH.health_factors, "pregnant", "bleeding-disorder"),
            *weights(),
            "",
        ],
        id="breastfeeding_and_not_sure_about_pregnancy_or_bleeding",
    ),
]


def triage_answers(
    treatments: tuple[str, ...],
    zone: str | None,
    days: int,
    symptoms: tuple[str, ...],
    age: str = "",
    pregnant: Mapping[str, str] | None = None,
) -> Callable[[str], list[str]]:
    """The answers in a language: the same numbers, and yes, no or not sure in its words
    (`zone` None is "not sure", typed). Every case has the toxin among its treatments, so every
    zone is on the list."""

    def in_language(language: str) -> list[str]:
        where = number(ENGLISH.areas, zone) if zone else NOT_SURE[language]
        return [
            number(injected(ENGLISH), *treatments),
            where,
            str(days),
            number(ENGLISH.symptoms, *symptoms),
            age,
            (pregnant or {}).get(language, ""),
        ]

    return in_language


NOT_SURE = {"en": "not sure", "es": "no sé"}
YES = {"en": "y", "es": "sí"}
NO = {"en": "no", "es": "no"}
TRIAGE_CASES = [
    pytest.param(
        triage_answers(("botulinum-toxin", "ha-filler"), None, 2, ("bruising",)),
        "self-care",
        id="bruising_two_days_after_toxin_and_filler",
    ),
    pytest.param(
        triage_answers(
            ("botulinum-toxin",), "arms-and-legs", 9, ("eyelid-droop",), age="7", pregnant=NO
        ),
        "emergency",
        id="child_with_a_drooping_eyelid_after_toxin_for_spasticity",
    ),
    pytest.param(
        triage_answers(
            ("botulinum-toxin", "ha-filler"),
            "lips-and-mouth",
            0,
            ("difficulty-breathing", "swelling"),
            age="30",
            pregnant=YES,
        ),
        "emergency",
        id="trouble_breathing_the_same_day_pregnant",
    ),
    pytest.param(
        triage_answers(("botulinum-toxin", "ha-filler"), "mid-face", 1, ("skin-blanching",)),
        "emergency",
        id="pale_skin_after_filler_in_the_nose",
    ),
    pytest.param(
        triage_answers(("botulinum-toxin",), "upper-face", 12, ("brow-droop", "headache")),
        "routine",
        id="a_heavy_brow_and_a_headache_late",
    ),
]


def english_left(lines: list[str]) -> list[str]:
    """What in Spanish `lines` is English: a small English word, an English knowledge-base
    label or question, or a phrase of the questionnaire as the English has it."""
    text = "\n".join(lines)
    words = set(english_words(text, also=QUESTIONNAIRE_WORDS))
    labels = [
        *(c.label for c in ENGLISH.concerns.values()),
        *(f.question for f in ENGLISH.health_factors.values()),
        *(p.label for p in ENGLISH.preferences.values()),
        *(o.label for o in ENGLISH.options.values()),
        *(a.label for a in ENGLISH.areas.values()),
        *(s.description for s in ENGLISH.symptoms.values()),
    ]
    phrases = [
        part.strip()
        for english in SPANISH_WORDS
        for part in re.split(r"\{\w+\}", english)
        if len(part.strip()) >= 12
    ]
    return sorted(words) + [t for t in labels + phrases if len(t) >= 12 and t in text]


def statuses(kb: KnowledgeBase, intake: dict[str, Any]) -> list[tuple[str, str]]:
    document = decide(kb, parse_intake(kb, intake)).to_json()
    return [(o["option"], o["status"]) for o in document["options"]]


@pytest.mark.parametrize("answers", DECIDE_CASES)
def test_the_same_answers_give_the_same_intake_and_statuses(answers: list[str]) -> None:
    english, _ = asked_for_intake(ENGLISH, answers)
    spanish, _ = asked_for_intake(SPANISH, answers)

    assert spanish == english
    assert statuses(SPANISH, spanish) == statuses(ENGLISH, english)


@pytest.mark.parametrize(("answers", "urgency"), TRIAGE_CASES)
def test_the_same_answers_give_the_same_report_and_urgency(
    answers: Callable[[str], list[str]], urgency: str
) -> None:
    english, _ = asked_for_report(ENGLISH, answers("en"))
    spanish, _ = asked_for_report(SPANISH, answers("es"))

    assert spanish == english
    theirs = triage(ENGLISH, parse_report(ENGLISH, english)).to_json()
    ours = triage(SPANISH, parse_report(SPANISH, spanish)).to_json()
    assert ours["urgency"] == theirs["urgency"] == urgency


@pytest.mark.parametrize("answers", DECIDE_CASES)
def test_the_spanish_decision_questions_have_no_english(answers: list[str]) -> None:
    _, transcript = asked_for_intake(SPANISH, answers)

    assert transcript.prompts[0] == "¿Cuántos años tiene?"
    assert english_left(transcript.lines()) == []


@pytest.mark.parametrize(("answers", "urgency"), TRIAGE_CASES)
def test_the_spanish_triage_questions_have_no_english(
    answers: Callable[[str], list[str]], urgency: str
) -> None:
    _, transcript = asked_for_report(SPANISH, answers("es"))

    assert "accidente cerebrovascular" in transcript.told[0]
    assert english_left(transcript.lines()) == []


def test_a_bad_answer_is_asked_again_in_spanish() -> None:
    answers = ["viejo", "45", "99", "1", "x", "", "", "9", "", "", "", "", "", "", "1"]
    answers += ["2026-13-01", "2030-01-01", "2026-10-01"]

    intake, transcript = asked_for_intake(SPANISH, answers)

    assert intake["age"] == 45
    assert transcript.prompts[:2] == ["¿Cuántos años tiene?"] * 2
    assert "  Escriba la edad en años enteros, de 0 a 120." in transcript.told
    assert f"  Use números del 1 al {len(SPANISH.concerns)} (no 99)." in transcript.told
    assert "  Escriba 0, 1, 2 o 3." in transcript.told
    assert "  Escriba la fecha como AAAA-MM-DD, por ejemplo 2026-10-01." in transcript.told
    assert "  Esa fecha todavía no llega. Escriba la fecha en que se lo pusieron." in (
        transcript.told
    )
    assert english_left(transcript.lines()) == []


@pytest.mark.parametrize("english_yes", ["y", "yes", "maybe"])
def test_a_yes_no_question_takes_no_english_yes_in_spanish(english_yes: str) -> None:
    answers = ["1", "", "3", "1", "", english_yes, "s"]

    report, transcript = asked_for_report(SPANISH, answers)

    assert report["pregnant"] is True
    assert transcript.prompts.count(transcript.prompts[-1]) == 2
    assert "  Escriba s (sí) o n (no), u oprima Enter para no contestar." in transcript.told


@pytest.mark.parametrize(
    ("answer", "pregnant"),
    [
        *[(yes, True) for yes in ("sí", "Sí", "si", "SI", "s", "sí.")],
        *[(no, False) for no in ("no", "No", "n", "no.")],
        *[
            (unsure, None)
            for unsure in ("no sé", "No sé.", "no se", "no lo sé", "", "no estoy segura")
        ],
    ],
)
def test_spanish_replies_are_understood(answer: str, pregnant: bool | None) -> None:
    report, _ = asked_for_report(SPANISH, ["1", "no sé", "3", "1", "", answer])

    assert report.get("pregnant") is pregnant
    assert "zone" not in report


def test_the_spanish_words_read_at_about_grade_8_or_easier() -> None:
    sentences = [text.strip().rstrip(".") + "." for text in SPANISH_WORDS.values()]

    assert spanish_reading_ease(" ".join(sentences)) >= EASE_GRADE_8


def test_too_many_bad_answers_stop_the_questions_in_spanish() -> None:
    with pytest.raises(TooManyTries, match=r"^ninguna respuesta sirvió para: ¿Cuántos años"):
        asked_for_intake(SPANISH, ["viejo"] * 5)


def test_a_phrase_with_no_spanish_twin_is_an_error_naming_the_table() -> None:
    with pytest.raises(LookupError, match=r"questionnaire/words\.py"):
        say("es", "How tall are you?")


def test_a_language_with_no_replies_is_an_error_naming_the_table() -> None:
    with pytest.raises(LookupError, match=r"no fr replies in toxfill/questionnaire/words\.py"):
        replies("fr")


# --- English: the questions as they were, word for word ----------------------------------------

ENGLISH_DECIDE_SCRIPT = ["old", "45", "99", "1,5", "x", "", "", "0", "9", "0", "3", "0", "0", "0"]
ENGLISH_DECIDE_SCRIPT += ["1", "2026-13-01", "2030-01-01", "2026-10-01"]
ENGLISH_DECIDE_PROMPTS = [
    "How old are you?",
    "How old are you?",
    "Type the numbers, separated by commas (for example 3,5)",
    "Type the numbers, separated by commas (for example 3,5)",
    "Type the numbers that apply, or press Enter if none do",
    "Type the numbers that apply, or press Enter if none do",
    "Are you not sure about any of them? Type their numbers, or press Enter if you are sure "
    "about all of them",
    "Lasts a long time [0-3]",
    "Few trips to the clinic [0-3]",
    "Few trips to the clinic [0-3]",
    "Can be undone [0-3]",
    "Low cost for the year [0-3]",
    "Low cost each visit [0-3]",
    "Back to your day right away [0-3]",
    "Type its number, or press Enter for none",
    "When was it? (YYYY-MM-DD)",
    "When was it? (YYYY-MM-DD)",
    "When was it? (YYYY-MM-DD)",
]
ENGLISH_DECIDE_TOLD = [
    "A few questions about you. Your answers stay on this computer. This informs a "
    "conversation with a licensed provider; it does not replace one.\n",
    "  Please type your age as a whole number from 0 to 120.",
    "\nWhat would you like to treat?",
    "  Cosmetic:",
    "  Medical:",
    f"  Please use numbers from 1 to {len(ENGLISH.concerns)} (not 99).",
    "\nDo any of these apply to you?",
    f"  Please use numbers from 1 to {len(ENGLISH.health_factors)} (not x).",
    "\nHow much does each of these matter to you? 0 = not at all, 3 = a lot.",
    "  Please type 0, 1, 2 or 3.",
    "\nHave you had one of these treatments in the last 6 months?",
    "  Please type the date as YYYY-MM-DD, for example 2026-10-01.",
    "  That date is in the future; please type the date it was given.",
]
ENGLISH_TRIAGE_SCRIPT = ["1", "12", "abc", "9", "10", "7", "maybe", "n"]
ENGLISH_TRIAGE_PROMPTS = [
    "Type the numbers, separated by commas",
    "Type its number, or press Enter if you are not sure",
    "How many days ago was it? (0 = today)",
    "How many days ago was it? (0 = today)",
    "Type the numbers, separated by commas",
    "\nHow old is the person treated? (Enter to skip)",
    "Pregnant now? (y/n, Enter to skip)",
    "Pregnant now? (y/n, Enter to skip)",
]
ENGLISH_TRIAGE_TOLD = [
    "If you have trouble breathing or swallowing, changes in your vision, or signs of a "
    "stroke, stop and call emergency services now.\n",
    "Which treatments did you have at that visit?",
    "\nWhere on your body was it injected?",
    "  Please type a whole number of days, 0 or more.",
    "\nWhat do you notice? Choose all that apply.",
    "  Please type y or n, or press Enter to skip.",
]


def own_lines(told: list[str]) -> list[str]:
    """The lines the questionnaire writes itself: not the knowledge base's numbered items."""
    return [line for line in told if not re.match(r"^ +\d+\. ", line)]


def test_the_english_decision_questions_are_as_they_were() -> None:
    intake, transcript = asked_for_intake(ENGLISH, ENGLISH_DECIDE_SCRIPT)

    assert transcript.prompts == ENGLISH_DECIDE_PROMPTS
    assert own_lines(transcript.told) == ENGLISH_DECIDE_TOLD
    assert intake["recent_treatments"] == [{"option": "botulinum-toxin", "date": "2026-10-01"}]


def test_the_english_triage_questions_are_as_they_were() -> None:
    report, transcript = asked_for_report(ENGLISH, ENGLISH_TRIAGE_SCRIPT)

    assert transcript.prompts == ENGLISH_TRIAGE_PROMPTS
    assert own_lines(transcript.told) == ENGLISH_TRIAGE_TOLD
    assert report["pregnant"] is False
