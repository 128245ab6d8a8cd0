"""Number the sources of a result once, so every renderer cites them the same way."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from toxfill.knowledge.models import Source


class Citations:
    def __init__(self, sources: Sequence[Source]) -> None:
        self.sources = sources
        self._numbers = {source.id: n for n, source in enumerate(sources, start=1)}

    def number(self, source_id: str) -> int:
        return self._numbers[source_id]

    def marks(self, source_ids: Iterable[str]) -> list[int]:
        return sorted({self._numbers[s] for s in source_ids})

    def cite(self, text: str, source_ids: Iterable[str]) -> dict[str, object]:
        """A sentence and the numbers of its sources, for the pages' [n] links."""
        return {"text": text, "marks": self.marks(source_ids)}

    def reference(self, source: Source) -> str:
        """Title, publisher and year; a link nobody has opened also gives its identifiers, and a
        source with no primary copy says why."""
        text = f"{source.title.rstrip('.')}. {source.publisher}, {source.year.rstrip('.')}."
        text = text if source.url_confirmed else f"{text} {unconfirmed(source)}"
        return f"{text} {source.no_primary_copy}" if source.no_primary_copy else text


def unconfirmed(source: Source) -> str:
    """What a reader sees beside a link to a primary document that was not seen there."""
    return f"{source.identifiers}. Link unconfirmed."
