"""The decide part of a catalogue (data/<language>/decide.yaml): what the decision aid shows a
person beyond the comparison's words. The health questions and what each one means, the
preferences, what each concern means and the kind of doctor who treats a medical one, what to
talk over with the provider for each caution (line for line with the English), and what to
expect without treatment.

Declared `translated: [decide]`, every one of these texts must be there, and no ID the English
lacks: a gap or an extra is refused on load, naming the file and the entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.catalogue import Catalogue
from toxfill.knowledge.models import Option


class DecideCatalogue(Catalogue):
    """The decide catalogue checked against the English base and laid over it."""

    def __init__(self, kb: KnowledgeBase, language: str, path: Path, raw: Any) -> None:
        super().__init__(kb, language, path, raw, "decide")

    def apply(self) -> KnowledgeBase:
        kb = self.kb
        options = self.section("options")
        self.no_extra("options", options, kb.options)
        specialists = self.section("specialists")
        medical = {key: c for key, c in kb.concerns.items() if c.specialist}
        self.no_extra("specialists", specialists, medical)
        described = self.section("concerns")
        self.no_extra("concerns", described, kb.concerns)
        return dataclasses.replace(
            kb,
            health_factors=self.by_id("health_factors", kb.health_factors, self._question),
            preferences=self.by_id("preferences", kb.preferences, self._term),
            concerns={
                key: concern.model_copy(
                    update={
                        "description": self.text(
                            f"concerns.{key}", concern.description, described, key
                        ),
                        "specialist": self.text(
                            f"specialists.{key}", concern.specialist, specialists, key
                        )
                        if concern.specialist
                        else "",
                    }
                )
                for key, concern in kb.concerns.items()
            },
            options={
                key: self._option(option, options.get(key) or {}, f"options.{key}")
                for key, option in kb.options.items()
            },
        )

    def _term(self, term: Any, words: Any, entry: str) -> Any:
        return self.worded(term, words, entry, "label", "description")

    def _question(self, factor: Any, words: Any, entry: str) -> Any:
        # The label is the comparison's (compare.yaml); these are the questionnaire's words.
        return self.worded(factor, words, entry, "description", "question")

    def _option(self, option: Option, words: Mapping[str, Any], entry: str) -> Option:
        if not isinstance(words, Mapping):
            self.fail(entry, "must be a mapping from fact to text")
        known = {"discuss", "without_treatment"}
        for key in sorted(set(words) - known):
            self.fail(f"{entry}.{key}", f"not a translated fact; known: {sorted(known)}")
        discuss = self.lines(
            f"{entry}.discuss", [c.discuss for c in option.cautions], words.get("discuss")
        )
        update: dict[str, Any] = {
            "cautions": tuple(
                c.model_copy(update={"discuss": line})
                for c, line in zip(option.cautions, discuss, strict=True)
            )
        }
        if option.without_treatment is not None:
            said = self.text(
                f"{entry}.without_treatment",
                option.without_treatment.text,
                words,
                "without_treatment",
            )
            update["without_treatment"] = option.without_treatment.model_copy(update={"text": said})
        elif "without_treatment" in words:
            self.fail(f"{entry}.without_treatment", "the English has no such fact for this option")
        return option.model_copy(update=update)
