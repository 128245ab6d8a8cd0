"""The documents a comparison is made of (toxfill.comparison/1)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from toxfill.compare.words import say
from toxfill.knowledge.models import Source
from toxfill.results import Result

SCHEMA = "toxfill.comparison/1"


class Cell(Result):
    text: str = Field(description="The value in a few words.")
    detail: str = Field(default="", description="The cited statement behind the value.")
    sources: tuple[str, ...] = ()


class Row(Result):
    attribute: str = Field(description="A stable attribute ID, e.g. 'duration'.")
    label: str
    same: bool = Field(description="True when every option has the same value (computed).")
    values: dict[str, str]
    sources: tuple[str, ...]
    cells: dict[str, Cell]
    shared: tuple[str, ...] = Field(
        default=(), description="For list values: the items every option has in common."
    )
    matching: tuple[tuple[str, ...], ...] = Field(
        default=(),
        description="When not all are the same: groups of two or more options that match.",
    )


class ComparedOption(Result):
    option: str
    label: str
    summary: str


class SummaryItem(Result):
    attribute: str = Field(description="A stable ID, e.g. 'lasts'.")
    label: str
    text: str = Field(description="The answer in a few plain words.")
    sources: tuple[str, ...] = ()


class OptionSummary(Result):
    """The six things most people ask first, in plain words (issue: answers before detail)."""

    option: str
    label: str
    items: tuple[SummaryItem, ...]


class Comparison(Result):
    schema_: Literal["toxfill.comparison/1"] = Field(default="toxfill.comparison/1", alias="schema")
    knowledge_version: str
    options: tuple[ComparedOption, ...]
    rows: tuple[Row, ...]
    summaries: tuple[OptionSummary, ...] = Field(
        default=(), description="Per option: how long it lasts, downtime, undo, cost, uses, risk."
    )
    sources: tuple[Source, ...] = Field(description="Every source cited in the rows.")
    disclaimer: str
    language: str = Field(
        default="en",
        description="The language its words are in: en (English), es (Spanish). The IDs, "
        "values' sameness, numbers and sources are the same in every language.",
    )

    def verdict(self, row: Row) -> str:
        """In words: same, different, or which of the options match and what they share."""
        language = self.language
        if row.same:
            return say(language, "Same")
        labels = {o.option: o.label for o in self.options}
        parts = [say(language, "Different")]
        if row.matching:
            joined = f" {say(language, 'and')} "
            groups = "; ".join(joined.join(labels[o] for o in group) for group in row.matching)
            parts.append(say(language, "same for {groups}", groups=groups))
        if row.shared:
            parts.append(say(language, "in common: {items}", items=", ".join(row.shared)))
        return "; ".join(parts)
