"""The compare part of a catalogue (data/<language>/compare.yaml): what the comparison shows a
person of each option (its one-line summary and the cited text behind each fact, its risks and
cautions), the health factors' and products' names, the costs and the studied combinations.

Declared `translated: [compare]`, every one of these texts must be there, and no ID the English
lacks: a gap or an extra is refused on load, naming the file and the entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.catalogue import Catalogue
from toxfill.knowledge.models import Caution, Option, Risk

# The cited facts of an option that the comparison shows, each one text.
OPTION_FACTS = (
    "origin",
    "mechanism",
    "regulatory",
    "administration",
    "onset",
    "duration",
    "duration_note",
    "retreatment_min",
    "reversibility",
    "provider",
    "downtime",
)


class CompareCatalogue(Catalogue):
    """The compare catalogue checked against the English base and laid over it."""

    def __init__(self, kb: KnowledgeBase, language: str, path: Path, raw: Any) -> None:
        super().__init__(kb, language, path, raw, "compare")

    def apply(self) -> KnowledgeBase:
        kb = self.kb
        options = self.section("options")
        self.no_extra("options", options, kb.options)
        wording = self.section("concern_wording")
        worded = {key: c for key, c in kb.concerns.items() if c.label_wording}
        self.no_extra("concern_wording", wording, worded)
        return dataclasses.replace(
            kb,
            options={
                key: self._option(option, options.get(key) or {}, f"options.{key}")
                for key, option in kb.options.items()
            },
            health_factors=self.by_id("health_factors", kb.health_factors, self._label),
            products=self.by_id("products", kb.products, self._label),
            concerns={
                key: concern.model_copy(
                    update={
                        "label_wording": self.text(
                            f"concern_wording.{key}", concern.label_wording, wording, key
                        )
                    }
                )
                if concern.label_wording
                else concern
                for key, concern in kb.concerns.items()
            },
            costs=self.by_id("costs", kb.costs, self._cost),
            combinations=self.by_id("combinations", kb.combinations, self._cited),
        )

    def _option(self, option: Option, words: Mapping[str, Any], entry: str) -> Option:
        if not isinstance(words, Mapping):
            self.fail(entry, "must be a mapping from fact to text")
        known = {"summary", "risks", "cautions", *OPTION_FACTS}
        for key in sorted(set(words) - known):
            self.fail(f"{entry}.{key}", f"not a translated fact; known: {sorted(known)}")
        update = self.facts(option, OPTION_FACTS, words, entry)
        update["summary"] = self.text(f"{entry}.summary", option.summary, words, "summary")
        risks = self.section("risks", words) if "risks" in words else {}
        english_risks = {r.id: r for r in option.risks}
        self.no_extra(f"{entry}.risks", risks, english_risks)
        update["risks"] = tuple(
            self._risk(r, risks.get(r.id) or {}, f"{entry}.risks.{r.id}") for r in option.risks
        )
        cautions = self.lines(
            f"{entry}.cautions", [c.text for c in option.cautions], words.get("cautions")
        )
        update["cautions"] = tuple(
            self._caution(c, text) for c, text in zip(option.cautions, cautions, strict=True)
        )
        return option.model_copy(update=update)

    def _risk(self, risk: Risk, words: Mapping[str, Any], entry: str) -> Risk:
        update: dict[str, Any] = {
            "label": self.text(f"{entry}.label", risk.label, words, "label"),
            "text": self.text(f"{entry}.text", risk.text, words, "text"),
        }
        if risk.frequency is not None:
            often = self.text(f"{entry}.frequency", risk.frequency.text, words, "frequency")
            if said_rare(self.language, often) != said_rare("en", risk.frequency.text):
                opening = " or ".join(RARE_OPENINGS[self.language])
                self.fail(
                    f"{entry}.frequency",
                    f"must open with {opening} exactly when the English opens with 'Rare'",
                )
            update["frequency"] = risk.frequency.model_copy(update={"text": often})
        elif "frequency" in words:
            self.fail(f"{entry}.frequency", "the English gives no frequency for this risk")
        return risk.model_copy(update=update)

    @staticmethod
    def _caution(caution: Caution, text: str) -> Caution:
        return caution.model_copy(update={"text": text})

    def _label(self, term: Any, words: Any, entry: str) -> Any:
        return term.model_copy(
            update={"label": self.text(entry, term.label, {"label": words}, "label")}
        )

    def _cited(self, claim: Any, words: Any, entry: str) -> Any:
        return claim.model_copy(
            update={"text": self.text(entry, claim.text, {"text": words}, "text")}
        )

    def _cost(self, cost: Any, words: Any, entry: str) -> Any:
        return self.worded(cost, words, entry, "text", "unit")


# How a risk's frequency says it is rare, in each language: the summary card says 'Rare' only
# where the sources do, so a translation must open that way exactly when its English twin does.
RARE_OPENINGS: Mapping[str, tuple[str, ...]] = {"en": ("Rare",), "es": ("Es raro", "Es rara")}


def said_rare(language: str, text: str) -> bool:
    """True when a frequency's text opens by saying the risk is rare."""
    return text.startswith(RARE_OPENINGS[language])
