"""The plan part of a catalogue (data/<language>/plan.yaml): what the planner shows a person
beyond the comparison's words: an option's first course and check-up, a product's own
duration and shortest time between treatments, and why a product's use is off-label.

Declared `translated: [plan]`, every one of these texts must be there, and no ID or fact the
English lacks: a gap or an extra is refused on load, naming the file and the entry.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.catalogue import Catalogue
from toxfill.knowledge.models import Option, Product, Use

OPTION_FACTS = ("course", "review")
PRODUCT_FACTS = ("duration", "retreatment_min")


class PlanCatalogue(Catalogue):
    """The plan catalogue checked against the English base and laid over it."""

    def __init__(self, kb: KnowledgeBase, language: str, path: Path, raw: Any) -> None:
        super().__init__(kb, language, path, raw, "plan")

    def apply(self) -> KnowledgeBase:
        kb = self.kb
        options = self.section("options")
        self.no_extra("options", options, kb.options)
        products = self.section("products")
        self.no_extra("products", products, kb.products)
        return dataclasses.replace(
            kb,
            options={
                key: self._option(option, options.get(key) or {}, f"options.{key}")
                for key, option in kb.options.items()
            },
            products={
                key: self._product(product, products.get(key) or {}, f"products.{key}")
                for key, product in kb.products.items()
            },
        )

    def _option(self, option: Option, words: Mapping[str, Any], entry: str) -> Option:
        for key in sorted(set(words) - set(OPTION_FACTS)):
            self.fail(f"{entry}.{key}", f"not a translated fact; known: {list(OPTION_FACTS)}")
        update = self.facts(option, OPTION_FACTS, words, entry)
        update["uses"] = self._uses(option.uses, words, entry)
        return option.model_copy(update=update)

    def _product(self, product: Product, words: Mapping[str, Any], entry: str) -> Product:
        known = (*PRODUCT_FACTS, "uses")
        for key in sorted(set(words) - set(known)):
            self.fail(f"{entry}.{key}", f"not a translated fact; known: {list(known)}")
        update = self.facts(product, PRODUCT_FACTS, words, entry)
        update["uses"] = self._uses(product.uses, words, entry)
        return product.model_copy(update=update)

    def _uses(self, uses: tuple[Use, ...], words: Mapping[str, Any], entry: str) -> tuple[Use, ...]:
        """The off-label uses' reasons, by concern (a labelled use shows no words of its own)."""
        given = self.section("uses", words) if "uses" in words else {}
        off_label = {u.concern: u for u in uses if not u.labelled}
        self.no_extra(f"{entry}.uses", given, off_label)
        return tuple(
            u
            if u.labelled
            else u.model_copy(
                update={"text": self.text(f"{entry}.uses.{u.concern}", u.text, given, u.concern)}
            )
            for u in uses
        )
