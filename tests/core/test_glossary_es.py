"""The Spanish triage text uses the glossary's words (docs/glossary-es.yaml): wherever the
English names a clinical concept, its Spanish twin names it as the Spanish source does."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from tests.core.test_compare_languages import compare_texts
from tests.core.test_decide_languages import decide_texts
from tests.core.test_plan_languages import plan_texts
from tests.core.test_translation import ENGLISH, SPANISH, patient_texts

from toxfill.compare.words import SPANISH as SPANISH_COMPARE_WORDS
from toxfill.danger_signs import DANGER_SIGNS, danger_signs_in
from toxfill.decide.words import SPANISH as SPANISH_DECIDE_WORDS
from toxfill.plan.words import SPANISH as SPANISH_PLAN_WORDS
from toxfill.questionnaire.words import SPANISH as SPANISH_QUESTIONNAIRE_WORDS
from toxfill.render.consultation_words import SPANISH as SPANISH_SUMMARY_WORDS
from toxfill.triage.phrases import ENGLISH as ENGLISH_PHRASES
from toxfill.triage.phrases import SPANISH as SPANISH_PHRASES

GLOSSARY = Path(__file__).resolve().parents[2] / "docs" / "glossary-es.yaml"
TERMS: list[dict[str, Any]] = yaml.safe_load(GLOSSARY.read_text(encoding="utf-8"))["terms"]


def pairs() -> list[tuple[str, str, str]]:
    """(where, English, Spanish) for every patient-facing triage, comparison, plan and decision
    text of the core, and the questionnaires': the knowledge base's and the words the core
    writes around them."""
    found = [
        (where, en, es)
        for (where, en), (_, es) in zip(patient_texts(ENGLISH), patient_texts(SPANISH), strict=True)
    ]
    for en_sign, es_sign in zip(DANGER_SIGNS, danger_signs_in("es"), strict=True):
        found.append((f"danger.{en_sign.id}", en_sign.question, es_sign.question))
        found.append((f"danger.{en_sign.id}.looks", en_sign.looks_like, es_sign.looks_like))
    for level, en in ENGLISH_PHRASES.headline.items():
        found.append((f"headline.{level}", en, SPANISH_PHRASES.headline[level]))
    found += [
        (where, en, es)
        for (where, en), (_, es) in zip(compare_texts(ENGLISH), compare_texts(SPANISH), strict=True)
    ]
    found += [
        (where, en, es)
        for (where, en), (_, es) in zip(plan_texts(ENGLISH), plan_texts(SPANISH), strict=True)
    ]
    found += [(f"compare.{en}", en, es) for en, es in SPANISH_COMPARE_WORDS.items()]
    found += [(f"plan.{en}", en, es) for en, es in SPANISH_PLAN_WORDS.items()]
    found += [
        (where, en, es)
        for (where, en), (_, es) in zip(decide_texts(ENGLISH), decide_texts(SPANISH), strict=True)
    ]
    found += [(f"decide.{en}", en, es) for en, es in SPANISH_DECIDE_WORDS.items()]
    found += [(f"summary.{en}", en, es) for en, es in SPANISH_SUMMARY_WORDS.items()]
    found += [(f"questionnaire.{en}", en, es) for en, es in SPANISH_QUESTIONNAIRE_WORDS.items()]
    return found


@pytest.mark.parametrize("term", TERMS, ids=[t["concept"] for t in TERMS])
def test_the_spanish_names_each_concept_as_its_source_does(term: dict[str, Any]) -> None:
    english = [re.compile(pattern, re.IGNORECASE) for pattern in term["en"]]
    spanish = [word.lower() for word in term["es"]]
    checked, missing = 0, []
    for where, en, es in pairs():
        if any(pattern.search(en) for pattern in english):
            checked += 1
            if not any(word in es.lower() for word in spanish):
                missing.append(f"{where}: {es}")

    assert checked, f"no English text names {term['concept']!r}: the entry checks nothing"
    assert not missing, missing


@pytest.mark.parametrize("term", TERMS, ids=[t["concept"] for t in TERMS])
def test_each_term_names_a_real_source_and_how_it_words_it(term: dict[str, Any]) -> None:
    source = term["source"]

    assert source["url"].startswith("https://")
    assert source["publisher"]
    assert source["title"]
    assert any(word.lower() in term["seen"].lower() for word in term["es"])
