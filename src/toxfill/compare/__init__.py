"""C2: compare two or more options attribute by attribute; same or different is computed."""

from __future__ import annotations

from collections.abc import Sequence

from toxfill.compare.attributes import (
    ATTRIBUTE_GROUPS,
    ATTRIBUTES,
    _row,
)
from toxfill.compare.attributes import SUITED_ACTIONS as SUITED_ACTIONS  # decide and plan use it
from toxfill.compare.attributes import Attribute as Attribute
from toxfill.compare.attributes import approved_as as approved_as
from toxfill.compare.models import (
    SCHEMA,
    Cell,
    Comparison,
    OptionSummary,
    Row,
    SummaryItem,
)
from toxfill.compare.models import ComparedOption as ComparedOption
from toxfill.compare.summary import summarise
from toxfill.errors import InputError, is_id, shown
from toxfill.knowledge.base import KnowledgeBase


def compare(kb: KnowledgeBase, option_ids: Sequence[str]) -> Comparison:
    """Compare the options named by `option_ids` (two or more, no repeats)."""
    if len(option_ids) < 2:
        raise InputError("options", "name at least two options to compare")
    if len(option_ids) > len(kb.options):
        raise InputError("options", f"name at most {len(kb.options)} options, each once")
    repeated = sorted({o for o in option_ids if list(option_ids).count(o) > 1})
    if repeated:
        named = ", ".join(o if is_id(o) else shown(o) for o in repeated)
        raise InputError("options", f"each option once, please; repeated: {named}")
    options = [kb.option(option_id, "options") for option_id in option_ids]
    rows = tuple(_row(kb, options, attribute) for attribute in ATTRIBUTES)
    summaries = tuple(summarise(kb, option) for option in options)
    # The rows' sources first, then the cards' (sources_for keeps each once, in this order).
    cited = [
        *(s for row in rows for s in row.sources),
        *(s for summary in summaries for item in summary.items for s in item.sources),
    ]
    return Comparison(
        knowledge_version=kb.version,
        options=tuple(
            ComparedOption(option=o.id, label=o.label, summary=o.summary) for o in options
        ),
        rows=rows,
        summaries=summaries,
        sources=kb.sources_for(cited),
        disclaimer=kb.meta.disclaimer,
        language=kb.language,
    )


__all__ = [
    "ATTRIBUTES",
    "ATTRIBUTE_GROUPS",
    "SCHEMA",
    "Cell",
    "Comparison",
    "OptionSummary",
    "Row",
    "SummaryItem",
    "compare",
    "summarise",
]
