"""The comparison in Spanish: every comparison the bundled options allow gives the same
answers in English and in Spanish (IDs, which values are the same, the sources, every
number), its words all Spanish; and a compare catalogue with a gap, an extra or a changed
'rare' is refused on load, naming the file and the entry."""

from __future__ import annotations

import itertools
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.core.catalogues import refusal

from toxfill.compare import Comparison, compare
from toxfill.compare.words import SPANISH as SPANISH_WORDS
from toxfill.compare.words import say
from toxfill.errors import KnowledgeError
from toxfill.knowledge import BUNDLED_DATA, bundled_knowledge
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.compare_catalogue import OPTION_FACTS
from toxfill.knowledge.translation import translated

ENGLISH = bundled_knowledge("en")
SPANISH = bundled_knowledge("es")
CATALOGUE = BUNDLED_DATA / "es" / "compare.yaml"
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")

COMBINATIONS = [
    combination
    for size in range(2, len(ENGLISH.options) + 1)
    for combination in itertools.combinations(ENGLISH.options, size)
]


def compare_texts(kb: KnowledgeBase) -> list[tuple[str, str]]:
    """Every patient-facing text the comparison takes from a base, by where it is."""
    found: list[tuple[str, str]] = []
    for option in kb.options.values():
        found.append((f"{option.id}.summary", option.summary))
        for fact in OPTION_FACTS:
            claim = getattr(option, fact)
            if claim is not None:
                found.append((f"{option.id}.{fact}", claim.text))
        for risk in option.risks:
            found += [(f"{option.id}.{risk.id}.label", risk.label)]
            found += [(f"{option.id}.{risk.id}.text", risk.text)]
            if risk.frequency is not None:
                found.append((f"{option.id}.{risk.id}.frequency", risk.frequency.text))
        found += [(f"{option.id}.caution", c.text) for c in option.cautions]
    found += [(f"health.{h.id}", h.label) for h in kb.health_factors.values()]
    found += [(f"cost.{c.option}", c.text) for c in kb.costs.values()]
    found += [(f"cost.{c.option}.unit", c.unit) for c in kb.costs.values()]
    found += [(f"combination.{c.id}", c.text) for c in kb.combinations.values()]
    found += [(f"wording.{c.id}", c.label_wording) for c in kb.concerns.values() if c.label_wording]
    return found


def numbers(text: str) -> list[str]:
    return sorted(NUMBER.findall(text))


def answers(comparison: Comparison) -> Any:
    """What a comparison decides, without its words: the same in every language."""
    return (
        comparison.knowledge_version,
        [o.option for o in comparison.options],
        [
            (
                row.attribute,
                row.same,
                row.matching,
                len(row.shared),
                {key: (cell.sources, numbers(cell.text)) for key, cell in row.cells.items()},
                row.sources,
            )
            for row in comparison.rows
        ],
        [
            (s.option, [(i.attribute, i.sources, numbers(i.text)) for i in s.items])
            for s in comparison.summaries
        ],
        [s.id for s in comparison.sources],
    )


@pytest.mark.parametrize("options", COMBINATIONS, ids=",".join)
def test_every_comparison_gives_the_same_answers_in_english_and_spanish(
    options: tuple[str, ...],
) -> None:
    english = compare(ENGLISH, list(options))
    spanish = compare(SPANISH, list(options))

    assert answers(spanish) == answers(english)
    assert (english.language, spanish.language) == ("en", "es")
    for en_row, es_row in zip(english.rows, spanish.rows, strict=True):
        for key, cell in es_row.cells.items():
            assert cell.text
            assert bool(cell.detail) == bool(en_row.cells[key].detail), (es_row.attribute, key)


def test_the_same_option_lists_the_same_in_both_languages_verdicts_and_all() -> None:
    # A row's verdict names the options that match, in the comparison's language.
    spanish = compare(SPANISH, ["botulinum-toxin", "ha-filler", "caha-filler"])
    verdicts = [spanish.verdict(row) for row in spanish.rows]

    assert "Igual" in verdicts
    assert any(
        v.startswith("Distinto; igual para Relleno de ácido hialurónico y") for v in verdicts
    )


def test_every_text_of_the_comparison_is_translated_and_keeps_its_numbers() -> None:
    english = compare_texts(ENGLISH)
    spanish = compare_texts(SPANISH)

    assert [where for where, _ in spanish] == [where for where, _ in english]
    same = [where for (where, en), (_, es) in zip(english, spanish, strict=True) if en == es]
    assert not same, same
    changed = [
        where
        for (where, en), (_, es) in zip(english, spanish, strict=True)
        if numbers(en) != numbers(es)
    ]
    assert not changed, changed


def test_the_words_the_comparison_writes_keep_their_placeholders() -> None:
    for english, spanish in SPANISH_WORDS.items():
        assert sorted(re.findall(r"\{\w+\}", english)) == sorted(re.findall(r"\{\w+\}", spanish))


def test_a_phrase_without_its_spanish_is_an_error_not_english() -> None:
    with pytest.raises(LookupError, match=r"compare/words\.py"):
        say("es", "A phrase no one translated")


def test_the_summary_says_rare_in_spanish_exactly_where_the_english_does() -> None:
    options = list(ENGLISH.options)
    english = compare(ENGLISH, options).summaries
    spanish = compare(SPANISH, options).summaries
    for en, es in zip(english, spanish, strict=True):
        en_risk, es_risk = en.items[-1].text, es.items[-1].text
        assert en_risk.endswith("Rare.") == es_risk.endswith("Es raro."), (en_risk, es_risk)


# --- a broken catalogue is refused -----------------------------------------------------------


def drop_summary(raw: dict[str, Any]) -> None:
    del raw["options"]["ha-filler"]["summary"]


def extra_option(raw: dict[str, Any]) -> None:
    raw["options"]["silicone"] = {"summary": "Texto sin su gemelo en inglés."}


def extra_fact(raw: dict[str, Any]) -> None:
    raw["options"]["no-treatment"]["duration"] = "Un dato que el inglés no tiene."


def drop_caution(raw: dict[str, Any]) -> None:
    raw["options"]["caha-filler"]["cautions"].pop()


def drop_risk_label(raw: dict[str, Any]) -> None:
    del raw["options"]["botulinum-toxin"]["risks"]["dry-eye"]["label"]


def extra_risk(raw: dict[str, Any]) -> None:
    raw["options"]["ha-filler"]["risks"]["melting"] = {"label": "Algo", "text": "Algo más."}


def rare_lost(raw: dict[str, Any]) -> None:
    risk = raw["options"]["ha-filler"]["risks"]["vascular-occlusion"]
    risk["frequency"] = risk["frequency"].replace("Es raro.", "Pasa poco.")


def drop_health_factor(raw: dict[str, Any]) -> None:
    del raw["health_factors"]["pregnant"]


def empty_cost_unit(raw: dict[str, Any]) -> None:
    raw["costs"]["ha-filler"]["unit"] = " "


def drop_combination(raw: dict[str, Any]) -> None:
    del raw["combinations"]["toxin-plus-ha-lower-face"]


def unknown_part(raw: dict[str, Any]) -> None:
    raw["translated"] = ["compare", "plans"]


@pytest.mark.parametrize(
    ("change", "entry"),
    [
        (drop_summary, "options.ha-filler.summary"),
        (extra_option, "options.silicone"),
        (extra_fact, "options.no-treatment.duration"),
        (drop_caution, "options.caha-filler.cautions"),
        (drop_risk_label, "options.botulinum-toxin.risks.dry-eye.label"),
        (extra_risk, "options.ha-filler.risks.melting"),
        (rare_lost, "options.ha-filler.risks.vascular-occlusion.frequency"),
        (drop_health_factor, "health_factors.pregnant"),
        (empty_cost_unit, "costs.ha-filler.unit"),
        (drop_combination, "combinations.toxin-plus-ha-lower-face"),
        (unknown_part, "translated"),
    ],
)
def test_a_compare_catalogue_with_a_gap_or_an_extra_is_refused_naming_the_entry(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], entry: str
) -> None:
    refused = refusal("compare", tmp_path, change)

    assert refused.entry == entry
    assert refused.file == "data/es/compare.yaml"


def test_the_compare_catalogue_is_required(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA / "es", data / "es")
    (data / "es" / "compare.yaml").unlink()

    with pytest.raises(KnowledgeError) as raised:
        translated(ENGLISH, "es", data)
    assert raised.value.file == "data/es/compare.yaml"
