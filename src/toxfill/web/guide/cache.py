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


def comparison_json(options: Sequence[str]) -> bytes:
    """The toxfill.comparison/1 document for these options, serialized once."""
    return _comparison_json(bundled_knowledge().version, tuple(options))


def compare_page_parts(options: Sequence[str]) -> tuple[Comparison, ComparisonPage]:
    """The comparison and the compare page's parts for it, from the cache when asked before."""
    return _page(bundled_knowledge().version, tuple(options))


@functools.lru_cache(maxsize=SIZE)
def _comparison(version: str, options: tuple[str, ...]) -> Comparison:
    return compare(bundled_knowledge(), list(options))


@functools.lru_cache(maxsize=SIZE)
def _page(version: str, options: tuple[str, ...]) -> tuple[Comparison, ComparisonPage]:
    result = _comparison(version, options)
    return result, comparison_page(result)


@functools.lru_cache(maxsize=SIZE)
def _comparison_json(version: str, options: tuple[str, ...]) -> bytes:
    return _comparison(version, options).model_dump_json(by_alias=True).encode()
