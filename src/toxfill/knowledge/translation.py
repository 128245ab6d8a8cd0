"""The knowledge base in another language: the same facts, IDs, urgencies and sources, with the
patient-facing words put in place from a catalogue keyed by stable ID (data/<language>/*.yaml).

One file per part (triage.yaml, compare.yaml, plan.yaml, decide.yaml), each naming the parts
it translates (`translated: [triage]`). For such a part every English text must have its
translation and every translation its English twin, line for line: a missing, extra or
misplaced line, an unknown ID, or a "what to tell them" line whose {placeholders} differ from
the English is refused on load, naming the file and the entry (catalogue.py). So a Spanish
page can never fall back to English in silence, nor say a thing the English does not.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.catalogue import PARTS as PARTS
from toxfill.knowledge.catalogue import Catalogue, read_catalogue
from toxfill.knowledge.compare_catalogue import CompareCatalogue
from toxfill.knowledge.decide_catalogue import DecideCatalogue
from toxfill.knowledge.models import Aftercare, Cited, TriageRule
from toxfill.knowledge.plan_catalogue import PlanCatalogue

ENGLISH = "en"
LANGUAGES: Mapping[str, str] = {"en": "English", "es": "Español"}
AFTERCARE_SECTIONS = ("steps", "normal", "avoid", "watch", "before")
PLACEHOLDER = re.compile(r"\{(\w+)\}")


def check_language(language: str, field: str = "lang") -> str:
    """`language` when toxfill speaks it; else InputError naming the field and the choices."""
    if language not in LANGUAGES:
        choices = ", ".join(f"{code} ({name})" for code, name in LANGUAGES.items())
        raise InputError(field, f"'{language}' is not a language toxfill speaks: use {choices}")
    return language


def translated(kb: KnowledgeBase, language: str, data_dir: Path) -> KnowledgeBase:
    """`kb` with its patient-facing words in `language` (English: `kb` itself)."""
    check_language(language)
    if language == ENGLISH:
        return kb
    path = data_dir / language / "triage.yaml"
    kb = _Overlay(kb, language, path, read_catalogue(path)).apply()
    path = data_dir / language / "compare.yaml"
    kb = CompareCatalogue(kb, language, path, read_catalogue(path)).apply()
    path = data_dir / language / "plan.yaml"
    kb = PlanCatalogue(kb, language, path, read_catalogue(path)).apply()
    path = data_dir / language / "decide.yaml"
    return DecideCatalogue(kb, language, path, read_catalogue(path)).apply()


class _Overlay(Catalogue):
    """The triage catalogue checked against the English base and laid over it."""

    def __init__(self, kb: KnowledgeBase, language: str, path: Path, raw: Any) -> None:
        super().__init__(kb, language, path, raw, "triage")
        self.advice_kinds: dict[str, str] = {}

    def apply(self) -> KnowledgeBase:
        kb = self.kb
        meta = self.raw.get("meta") or {}
        return dataclasses.replace(
            kb,
            meta=kb.meta.model_copy(
                update={
                    key: self.text(f"meta.{key}", getattr(kb.meta, key), meta)
                    for key in ("disclaimer", "update_policy", "funding")
                }
            ),
            # TOX-UNIT-1, wherever a patient's record shows toxin units (the passport).
            units_warning=kb.units_warning.model_copy(
                update={"text": self.text("units_warning", kb.units_warning.text, self.raw)}
            ),
            options={i: self._option(i, o) for i, o in kb.options.items()},
            symptoms=self.by_id("symptoms", kb.symptoms, self._symptom),
            areas=self.by_id("areas", kb.areas, self._label),
            zones=self.by_id("zones", kb.zones, self._label),
            concerns=self.by_id("concerns", kb.concerns, self._label),
            triage_rules=tuple(self.by_id("rules", kb.rules_by_id, self._rule).values()),
            expected_reactions=tuple(
                e.model_copy(
                    update={
                        "text": self.text(
                            f"expected.{e.option}", e.text, self.section("expected"), e.option
                        )
                    }
                )
                for e in kb.expected_reactions
            ),
            aftercare=self.by_id("aftercare", kb.aftercare, self._aftercare),
            language=self.language,
            advice_kinds=self.advice_kinds,
        )

    # --- the parts ---------------------------------------------------------------------------

    def _option(self, key: str, option: Any) -> Any:
        given = self.section("options")
        for extra in sorted(set(given) - set(self.kb.options)):
            self.fail(f"options.{extra}", "no such ID in the English options")
        words = given.get(key) or {}
        update: dict[str, Any] = {
            "label": self.text(f"options.{key}.label", option.label, words, "label")
        }
        if option.side_effects is not None:
            effects = self.text(
                f"options.{key}.side_effects", option.side_effects.text, words, "side_effects"
            )
            update["side_effects"] = option.side_effects.model_copy(update={"text": effects})
        return option.model_copy(update=update)

    def _symptom(self, symptom: Any, words: Any, entry: str) -> Any:
        return self.worded(symptom, words, entry, "label", "description")

    def _label(self, term: Any, words: Any, entry: str) -> Any:
        if words is None and not self.complete:
            return term
        if not isinstance(words, str) or not words.strip():
            self.fail(entry, "needs its label in this language")
        return term.model_copy(update={"label": words})

    def _rule(self, rule: TriageRule, words: Any, entry: str) -> TriageRule:
        words = words or {}
        advice = self.lines(f"{entry}.advice", rule.advice, words.get("advice"))
        for english, line in zip(rule.advice, advice, strict=True):
            self.advice_kinds[line] = advice_opening(english)
        parts = words.get("advice_for") or [None] * len(rule.advice_for)
        if len(parts) != len(rule.advice_for):
            self.fail(
                f"{entry}.advice_for",
                f"has {len(parts)} parts; the English has {len(rule.advice_for)}",
            )
        advice_for = []
        for index, (part, lines) in enumerate(zip(rule.advice_for, parts, strict=True)):
            said = self.lines(f"{entry}.advice_for[{index}]", part.advice, lines)
            for english, line in zip(part.advice, said, strict=True):
                self.advice_kinds[line] = advice_opening(english)
            advice_for.append(part.model_copy(update={"advice": said}))
        tell = self.lines(f"{entry}.tell", rule.tell, words.get("tell"))
        for index, (english, line) in enumerate(zip(rule.tell, tell, strict=True)):
            if set(PLACEHOLDER.findall(english)) != set(PLACEHOLDER.findall(line)):
                self.fail(
                    f"{entry}.tell[{index}]", "must name the same {placeholders} as the English"
                )
        worse = self.lines(
            f"{entry}.worse_if", [w.when for w in rule.worse_if], words.get("worse_if")
        )
        return rule.model_copy(
            update={
                "text": self.text(f"{entry}.text", rule.text, words, "text"),
                "advice": advice,
                "advice_for": tuple(advice_for),
                "tell": tell,
                "worse_if": tuple(
                    w.model_copy(update={"when": when})
                    for w, when in zip(rule.worse_if, worse, strict=True)
                ),
            }
        )

    def _aftercare(self, care: Aftercare, words: Any, entry: str) -> Aftercare:
        words = words or {}
        update = {}
        for section in AFTERCARE_SECTIONS:
            notes: Sequence[Cited] = getattr(care, section)
            said = self.lines(f"{entry}.{section}", [n.text for n in notes], words.get(section))
            update[section] = tuple(
                n.model_copy(update={"text": text}) for n, text in zip(notes, said, strict=True)
            )
        return care.model_copy(update=update)


def advice_opening(line: str) -> str:
    """The first three words of an advice line, lowercased: the kind of step it asks."""
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in line.lower()).split()
    return " ".join(words[:3])
