"""English words that no Spanish sentence uses: one of them in Spanish text is a string that
escaped translation (a template, a form, the core). Without Django, so the core's tests use it
as the pages' do.

    ENGLISH_ONLY               the small English words looked for
    english_words(text, also)  those (and `also`) found in `text`, sorted
"""

from __future__ import annotations

import re
from collections.abc import Iterable

ENGLISH_ONLY = frozenset(
    {
        *("the", "and", "you", "your", "with", "what", "have", "this", "that", "when", "if"),
        *("of", "is", "are", "or", "for", "from", "after", "before", "call", "contact"),
        *("today", "now", "it", "in", "on", "at", "be", "will", "can", "should", "get"),
        *("help", "sooner", "why"),
    }
)


def english_words(text: str, also: Iterable[str] = ()) -> list[str]:
    """The words of ENGLISH_ONLY (and `also`) in `text`, each once, sorted."""
    looked_for = ENGLISH_ONLY | frozenset(also)
    return sorted({w for w in re.findall(r"[a-záéíóúüñ']+", text.lower()) if w in looked_for})
