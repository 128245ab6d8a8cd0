"""Number the sources of a result once, so every renderer cites them the same way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from toxfill.knowledge.models import Source


@dataclass(frozen=True)
class Citations:
    sources: Sequence[Source]

    def number(self, source_id: str) -> int:
        for index, source in enumerate(self.sources, start=1):
            if source.id == source_id:
                return index
        raise KeyError(source_id)

    def marks(self, source_ids: Iterable[str]) -> list[int]:
        return sorted({self.number(s) for s in source_ids})

    def reference(self, source: Source) -> str:
        return f"{source.title.rstrip('.')}. {source.publisher}, {source.year.rstrip('.')}."
