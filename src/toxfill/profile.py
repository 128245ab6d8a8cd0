"""One option in full: every compared attribute, its uses by product and its cautions, cited."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toxfill.compare import ATTRIBUTES, Cell
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import OptionKind, Source, Use
from toxfill.results import Result

SCHEMA = "toxfill.option/1"


class ProfileRow(Result):
    attribute: str
    label: str
    cell: Cell


class UseLine(Result):
    concern: str
    concern_label: str
    kind: str
    product: str | None = Field(description="The product approved for it; None for the class.")
    labelled: bool
    covered_by: str = Field(
        default="",
        description="The label's general wording that covers the concern, when no label "
        "names it (e.g. 'facial wrinkles and folds' for marionette lines).",
    )
    min_age: int
    max_age: int | None
    text: str
    sources: tuple[str, ...]

    @property
    def ages(self) -> str:
        return f"{self.min_age}+" if self.max_age is None else f"{self.min_age}–{self.max_age}"


class CautionLine(Result):
    health: str
    health_label: str
    level: str
    products: tuple[str, ...]
    uses: tuple[str, ...]
    use_kind: str | None
    text: str
    discuss: str
    sources: tuple[str, ...]


class OptionProfile(Result):
    schema_: Literal["toxfill.option/1"] = Field(default="toxfill.option/1", alias="schema")
    knowledge_version: str
    option: str
    label: str
    summary: str
    rows: tuple[ProfileRow, ...]
    uses: tuple[UseLine, ...]
    cautions: tuple[CautionLine, ...]
    warnings: tuple[str, ...] = Field(default=(), description="e.g. units are per product.")
    sources: tuple[Source, ...]
    disclaimer: str


def describe(kb: KnowledgeBase, option_id: str) -> OptionProfile:
    """Everything the knowledge base says about one option."""
    option = kb.option(option_id)
    everyone = list(kb.options.values())
    rows = []
    for attribute in ATTRIBUTES:
        value = attribute.value(kb, option, everyone)
        rows.append(
            ProfileRow(
                attribute=attribute.id,
                label=attribute.label,
                cell=Cell(text=value.text, detail=value.detail, sources=value.sources),
            )
        )
    uses: list[tuple[str | None, Use]] = [(None, use) for use in option.uses]
    uses += [(product.id, use) for product in kb.products_of(option.id) for use in product.uses]
    use_lines = tuple(
        UseLine(
            concern=use.concern,
            concern_label=kb.concerns[use.concern].label,
            kind=kb.concerns[use.concern].kind,
            product=product,
            labelled=use.labelled,
            covered_by=kb.concerns[use.concern].label_wording if use.labelled else "",
            min_age=use.min_age,
            max_age=use.max_age,
            text=use.text,
            sources=use.sources,
        )
        for product, use in uses
    )
    caution_lines = tuple(
        CautionLine(
            health=c.health,
            health_label=kb.health_factors[c.health].label,
            level=c.level,
            products=c.products,
            uses=c.uses,
            use_kind=c.use_kind,
            text=c.text,
            discuss=c.discuss,
            sources=c.sources,
        )
        for c in option.cautions
    )
    warnings: list[str] = []
    if option.kind is OptionKind.TOXIN:  # vial sizes and doses are in units (TOX-UNIT-1)
        warnings.append(kb.units_warning.text)
    source_ids = dict.fromkeys(
        [s for row in rows for s in row.cell.sources]
        + [s for use in use_lines for s in use.sources]
        + [s for caution in caution_lines for s in caution.sources]
        + (list(kb.units_warning.sources) if warnings else [])
    )
    return OptionProfile(
        knowledge_version=kb.version,
        option=option.id,
        label=option.label,
        summary=option.summary,
        rows=tuple(rows),
        uses=use_lines,
        cautions=caution_lines,
        warnings=tuple(warnings),
        sources=kb.sources_for(source_ids),
        disclaimer=kb.meta.disclaimer,
    )
