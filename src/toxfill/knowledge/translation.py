"""The knowledge base in another language: the same facts, IDs, urgencies and sources, with the
patient-facing words put in place from a catalogue keyed by stable ID (data/<language>/*.yaml).

A catalogue names the parts it translates (`translated: [triage]`). For such a part every
English text must have its translation and every translation its English twin, line for line:
a missing, extra or misplaced line, an unknown ID, or a "what to tell them" line whose
{placeholders} differ from the English is refused on load, naming the file and the entry. So
a Spanish page can never fall back to English in silence, nor say a thing the English does not.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from toxfill.errors import InputError, KnowledgeError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Aftercare, Cited, TriageRule

ENGLISH = "en"
LANGUAGES: Mapping[str, str] = {"en": "English", "es": "Español"}
PARTS = frozenset({"triage"})  # what a catalogue may declare translated
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
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(_name(path), "-", f"cannot read the catalogue: {exc}") from None
    return _Overlay(kb, language, path, raw).apply()


class _Overlay:
    """One catalogue checked against the English base and laid over it."""

    def __init__(self, kb: KnowledgeBase, language: str, path: Path, raw: Any) -> None:
        self.kb, self.language, self.file = kb, language, _name(path)
        if not isinstance(raw, dict):
            raise KnowledgeError(self.file, "-", "the catalogue must be a mapping")
        self.raw = raw
        if raw.get("language") != language:
            self.fail("language", f"says {raw.get('language')!r}, expected {language!r}")
        parts = set(raw.get("translated") or ())
        if not parts <= PARTS:
            self.fail(
                "translated", f"unknown parts {sorted(parts - PARTS)}; known: {sorted(PARTS)}"
            )
        self.complete = "triage" in parts
        self.advice_kinds: dict[str, str] = {}

    def fail(self, entry: str, problem: str) -> None:
        raise KnowledgeError(self.file, entry, problem)

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

    def section(self, name: str) -> Mapping[str, Any]:
        found = self.raw.get(name) or {}
        if not isinstance(found, dict):
            self.fail(name, "must be a mapping from ID to text")
        return found

    def by_id(
        self, name: str, english: Mapping[str, Any], put: Callable[[Any, Any, str], Any]
    ) -> dict[str, Any]:
        """Each English entry with its translation put in; an ID the English lacks is refused."""
        given = self.section(name)
        for extra in sorted(set(given) - set(english)):
            self.fail(f"{name}.{extra}", f"no such ID in the English {name}")
        return {key: put(value, given.get(key), f"{name}.{key}") for key, value in english.items()}

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
        words = words or {}
        return symptom.model_copy(
            update={
                "label": self.text(f"{entry}.label", symptom.label, words, "label"),
                "description": self.text(
                    f"{entry}.description", symptom.description, words, "description"
                ),
            }
        )

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

    # --- the words ---------------------------------------------------------------------------

    def text(self, entry: str, english: str, words: Mapping[str, Any], key: str = "") -> str:
        """The translation of one text; English is kept only in a part not declared translated."""
        key = key or entry.rsplit(".", 1)[-1]
        found = words.get(key) if isinstance(words, Mapping) else None
        if found is None and not self.complete:
            return english
        if not isinstance(found, str) or not found.strip():
            self.fail(entry, "needs its text in this language")
        return " ".join(str(found).split())

    def lines(self, entry: str, english: Sequence[str], found: Any) -> tuple[str, ...]:
        """A list translated line for line: as many lines as the English, none empty."""
        if found is None and (not self.complete or not english):
            return tuple(english)
        if not isinstance(found, list) or len(found) != len(english):
            count = len(found) if isinstance(found, list) else 0
            self.fail(entry, f"has {count} lines; the English has {len(english)}")
        if not all(isinstance(line, str) and line.strip() for line in found):
            self.fail(entry, "has an empty line")
        return tuple(" ".join(line.split()) for line in found)


def advice_opening(line: str) -> str:
    """The first three words of an advice line, lowercased: the kind of step it asks."""
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in line.lower()).split()
    return " ".join(words[:3])


def _name(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("data") :]) if "data" in parts else str(path)
