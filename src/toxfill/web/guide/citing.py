"""Number a page's sources once, so every cited sentence links to the same list."""

from __future__ import annotations

from collections.abc import Iterable

from toxfill.knowledge.models import Source


class SourceNumbers:
    def __init__(self, sources: Iterable[Source]) -> None:
        self.numbers = {source.id: n for n, source in enumerate(sources, start=1)}

    def cite(self, text: str, source_ids: Iterable[str]) -> dict[str, object]:
        """A sentence and the numbers of its sources, for the templates' [n] links."""
        return {"text": text, "marks": sorted({self.numbers[s] for s in source_ids})}
