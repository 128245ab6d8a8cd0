"""The care plan in Spanish: every use the planner takes (each option and each product, alone,
and the studied combination, with the clinic's own prices or none) gives the same visits,
dates, intervals, costs, curves and sources in English and in Spanish, every number of its
notes kept, its words all Spanish; the calendar file says it in Spanish; and a plan catalogue
with a gap or an extra is refused on load, naming the file and the entry."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.calendars import raw_properties, read_calendar
from tests.core.catalogues import refusal

from toxfill.knowledge import BUNDLED_DATA, bundled_knowledge
from toxfill.knowledge.base import KnowledgeBase
from toxfill.plan import CarePlan, make_plan, parse_plan_request, plannable_uses, use_basis
from toxfill.plan.words import SPANISH as SPANISH_WORDS
from toxfill.plan.words import say
from toxfill.render.ics import plan_ics

ENGLISH = bundled_knowledge("en")
SPANISH = bundled_knowledge("es")
CATALOGUE = BUNDLED_DATA / "es" / "plan.yaml"
TODAY = dt.date(2026, 11, 30)
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def plan_texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """Every patient-facing text the planner takes from a base beyond the comparison's."""
    found: list[tuple[str, str]] = []
    for option in kb.options.values():
        for fact in ("course", "review"):
            if (claim := getattr(option, fact)) is not None:
                found.append((f"{option.id}.{fact}", claim.text))
        found += [(f"{option.id}.use", u.text) for u in option.uses if not u.labelled]
    for product in kb.products.values():
        for fact in ("duration", "retreatment_min"):
            if (claim := getattr(product, fact)) is not None:
                found.append((f"{product.id}.{fact}", claim.text))
        found += [(f"{product.id}.use", u.text) for u in product.uses if not u.labelled]
    return found


def test_every_text_of_the_plan_is_translated_and_keeps_its_numbers() -> None:
    english, spanish = plan_texts(ENGLISH), plan_texts(SPANISH)

    assert [where for where, _ in spanish] == [where for where, _ in english]
    assert not [w for (w, en), (_, es) in zip(english, spanish, strict=True) if en == es]
    assert not [
        w for (w, en), (_, es) in zip(english, spanish, strict=True) if numbers(en) != numbers(es)
    ]


def numbers(text: str) -> list[str]:
    return sorted(NUMBER.findall(text))


def cases() -> list[tuple[str, dict[str, Any]]]:
    """Every option and every product for each cosmetic use it may be planned for, the studied
    combination, and a plan with the clinic's own prices."""
    found = []
    for option, concern, _ in plannable_uses(ENGLISH):
        found.append((f"{option}:{concern}", {"option": option, "concern": concern}))
        for product in ENGLISH.products_of(option):
            basis = use_basis(ENGLISH, ENGLISH.options[option], ENGLISH.concerns[concern], product)
            if basis is not None:
                treatment = {"option": option, "concern": concern, "product": product.id}
                found.append((f"{product.id}:{concern}", treatment))
    return [(name, {"treatments": [treatment]}) for name, treatment in found] + [
        (
            "toxin+ha:glabellar-lines",
            {
                "treatments": [
                    {"option": "botulinum-toxin", "concern": "glabellar-lines"},
                    {"option": "ha-filler", "concern": "glabellar-lines"},
                ]
            },
        ),
        (
            "own-prices",
            {
                "treatments": [
                    {"option": "botulinum-toxin", "concern": "crows-feet"},
                    {"option": "pmma-filler", "concern": "nasolabial-folds"},
                ],
                "prices": {"botulinum-toxin": {"low_usd": 300, "high_usd": 500}},
            },
        ),
    ]


CASES = cases()


def plan(kb: KnowledgeBase, raw: dict[str, Any]) -> CarePlan:
    request = {"start": "2026-12-01", "horizon_months": 36, **raw}
    return make_plan(kb, parse_plan_request(kb, request, TODAY))


def answers(care_plan: CarePlan) -> Any:
    """What a plan decides, without its words: the same in every language."""
    return (
        care_plan.model_dump(exclude={"treatments", "notes", "language", "disclaimer"}),
        [
            (
                t.model_dump(exclude={"notes", "reading"}),
                [(n.sources, numbers(n.text)) for n in t.notes],
                numbers(t.reading),
            )
            for t in care_plan.treatments
        ],
        [(n.sources, numbers(n.text)) for n in care_plan.notes],
    )


@pytest.mark.parametrize(("name", "raw"), CASES, ids=[name for name, _ in CASES])
def test_every_plan_gives_the_same_visits_and_numbers_in_english_and_spanish(
    name: str, raw: dict[str, Any]
) -> None:
    english = plan(ENGLISH, raw)
    spanish = plan(SPANISH, raw)

    assert answers(spanish) == answers(english)
    assert (english.language, spanish.language) == ("en", "es")
    for en, es in zip(english.treatments, spanish.treatments, strict=True):
        assert [n.text for n in es.notes] != [n.text for n in en.notes] or not en.notes
        assert es.reading != en.reading


def test_the_plans_words_keep_their_placeholders_and_a_missing_one_is_an_error() -> None:
    for english, spanish in SPANISH_WORDS.items():
        assert sorted(re.findall(r"\{\w+\}", english)) == sorted(re.findall(r"\{\w+\}", spanish))
    with pytest.raises(LookupError, match=r"plan/words\.py"):
        say("es", "A sentence no one translated")


def test_the_calendar_says_each_visit_in_spanish() -> None:
    raw = {"treatments": [{"option": "botulinum-toxin", "concern": "forehead-lines"}]}
    spanish = plan(SPANISH, raw)
    english = plan(ENGLISH, raw)

    content = plan_ics(spanish, SPANISH)
    events = read_calendar(content).events
    assert raw_properties(content, "X-WR-CALNAME") == ["Plan de cuidado de toxfill"]
    assert len(events) == len(english.visits)
    assert [e.dtstart for e in events] == [v.date for v in english.visits]
    assert (
        str(events[0].summary)
        == 'toxfill: primera visita (Toxina botulínica ("Botox" y similares))'
    )
    assert "para líneas de la frente: primera vez" in str(events[0].description)
    assert str(events[1].summary).startswith("toxfill: visita de revisión")


# --- a broken catalogue is refused -----------------------------------------------------------


def drop_course(raw: dict[str, Any]) -> None:
    del raw["options"]["plla-filler"]["course"]


def extra_review(raw: dict[str, Any]) -> None:
    raw["options"]["ha-filler"] = {"review": "Una revisión que el inglés no tiene."}


def drop_off_label_use(raw: dict[str, Any]) -> None:
    del raw["products"]["jeuveau"]["uses"]["crows-feet"]


def extra_use(raw: dict[str, Any]) -> None:
    raw["products"]["botox"]["uses"] = {"glabellar-lines": "Un uso aprobado no lleva texto."}


def drop_product_minimum(raw: dict[str, Any]) -> None:
    del raw["products"]["letybo"]


@pytest.mark.parametrize(
    ("change", "entry"),
    [
        (drop_course, "options.plla-filler.course"),
        (extra_review, "options.ha-filler.review"),
        (drop_off_label_use, "products.jeuveau.uses.crows-feet"),
        (extra_use, "products.botox.uses.glabellar-lines"),
        (drop_product_minimum, "products.letybo.retreatment_min"),
    ],
)
def test_a_plan_catalogue_with_a_gap_or_an_extra_is_refused_naming_the_entry(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], entry: str
) -> None:
    refused = refusal("plan", tmp_path, change)

    assert refused.entry == entry
    assert refused.file == "data/es/plan.yaml"
