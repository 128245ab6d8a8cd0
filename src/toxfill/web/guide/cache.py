"""What depends only on the knowledge base and the options asked for, computed once per process
and knowledge-base version: comparisons (for the page and the API) and the compare page's parts.

Bounded, so a stream of different (valid) requests cannot grow it without limit.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence

from toxfill.compare import Comparison, compare
from toxfill.knowledge import bundled_knowledge
from toxfill.render.comparison_page import ComparisonPage, comparison_page

SIZE = 512


def comparison_json(options: Sequence[str], language: str = "en") -> bytes:
    """The toxfill.comparison/1 document for these options in `language`, serialized once."""
    return _comparison_json(bundled_knowledge().version, language, tuple(options))


def compare_page_parts(
    options: Sequence[str], language: str = "en"
) -> tuple[Comparison, ComparisonPage]:
    """The comparison and the compare page's parts for it in `language`, from the cache when
    asked before (each language kept apart: the key names it)."""
    return _page(bundled_knowledge().version, language, tuple(options))


@functools.lru_cache(maxsize=SIZE)
def _comparison(version: str, language: str, options: tuple[str, ...]) -> Comparison:
    return compare(bundled_knowledge(language), list(options))


@functools.lru_cache(maxsize=SIZE)
def _page(
    version: str, language: str, options: tuple[str, ...]
) -> tuple[Comparison, ComparisonPage]:
    result = _comparison(version, language, options)
    return result, comparison_page(result)


@functools.lru_cache(maxsize=SIZE)
def _comparison_json(version: str, language: str, options: tuple[str, ...]) -> bytes:
    return _comparison(version, language, options).model_dump_json(by_alias=True).encode()
