"""The names other programs import are pinned: changing them is a deliberate act."""

from __future__ import annotations

import toxfill.compare
import toxfill.knowledge


def test_the_knowledge_package_exports() -> None:
    assert set(toxfill.knowledge.__all__) == {
        "BUNDLED_DATA",
        "KnowledgeBase",
        "Meta",
        "bundled_knowledge",
        "load_knowledge",
    }


def test_the_compare_module_exports() -> None:
    assert set(toxfill.compare.__all__) == {
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
    }
