"""A comparison as a page reads it: summary cards first, then the rows in folded groups, each
cell with one source mark (one stop in the tab order, not a link per citation)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from toxfill.compare import ATTRIBUTE_GROUPS, Comparison
from toxfill.compare.words import say
from toxfill.knowledge.models import Source
from toxfill.render.citations import Citations


@dataclass(frozen=True)
class Mark:
    """One link for all of a cell's sources: '[2, 5]' to the first, named in full. A screen
    reader hears `spoken_before`, the visible `text`, then `spoken_after`: the name starts with
    what is seen ("Sources [2, 5 +2]"), then lists any the mark leaves out."""

    text: str
    href: str
    label: str
    spoken_before: str = ""
    spoken_after: str = ""


@dataclass(frozen=True)
class CardItem:
    attribute: str
    label: str
    text: str
    mark: Mark | None


@dataclass(frozen=True)
class Card:
    option: str
    label: str
    items: tuple[CardItem, ...]


@dataclass(frozen=True)
class PageCell:
    option_label: str
    text: str
    detail: str
    mark: Mark | None


@dataclass(frozen=True)
class PageRow:
    attribute: str
    label: str
    same: bool
    verdict: str
    cells: tuple[PageCell, ...]


@dataclass(frozen=True)
class Group:
    id: str
    label: str
    rows: tuple[PageRow, ...]
    differences: int


@dataclass(frozen=True)
class ComparisonPage:
    title: str
    cards: tuple[Card, ...]
    groups: tuple[Group, ...]
    sources: tuple[Source, ...]
    references: tuple[str, ...]


def mark(cite: Citations, source_ids: Sequence[str], language: str = "en") -> Mark | None:
    numbers = cite.marks(source_ids)
    if not numbers:
        return None
    listed = ", ".join(str(n) for n in numbers)
    shown = listed if len(numbers) <= 3 else f"{numbers[0]}, {numbers[1]} +{len(numbers) - 2}"
    many = len(numbers) > 1
    return Mark(
        text=f"[{shown}]",
        href=f"#source-{numbers[0]}",
        label=say(language, "Sources {numbers}" if many else "Source {numbers}", numbers=listed),
        spoken_before=say(language, "Sources " if many else "Source "),
        spoken_after=f"({listed})" if shown != listed else "",
    )


def comparison_page(comparison: Comparison) -> ComparisonPage:
    """The page's parts in reading order, sources numbered once for cards and rows alike."""
    # Numbered in reading order: the cards' sources first, then the rows'.
    first = [s for summary in comparison.summaries for item in summary.items for s in item.sources]
    order = {source_id: n for n, source_id in enumerate(dict.fromkeys(first))}
    sources = sorted(comparison.sources, key=lambda s: order.get(s.id, len(order)))
    cite = Citations(sources)
    language = comparison.language
    labels = {o.option: o.label for o in comparison.options}
    cards = tuple(
        Card(
            option=summary.option,
            label=summary.label,
            items=tuple(
                CardItem(item.attribute, item.label, item.text, mark(cite, item.sources, language))
                for item in summary.items
            ),
        )
        for summary in comparison.summaries
    )
    by_attribute = {row.attribute: row for row in comparison.rows}
    groups = []
    for group_id, group_label, attributes in ATTRIBUTE_GROUPS:
        rows = tuple(
            PageRow(
                attribute=row.attribute,
                label=row.label,
                same=row.same,
                verdict=comparison.verdict(row),
                cells=tuple(
                    PageCell(
                        option_label=labels[option_id],
                        text=cell.text,
                        detail=cell.detail if cell.detail != cell.text else "",
                        mark=mark(cite, cell.sources, language),
                    )
                    for option_id, cell in row.cells.items()
                ),
            )
            for row in (by_attribute[a] for a in attributes if a in by_attribute)
        )
        label = say(language, group_label)
        groups.append(Group(group_id, label, rows, differences=sum(not r.same for r in rows)))
    return ComparisonPage(
        title=f" {say(language, 'vs')} ".join(o.label for o in comparison.options),
        cards=cards,
        groups=tuple(groups),
        sources=tuple(sources),
        references=tuple(cite.reference(s) for s in sources),
    )


__all__ = ["ComparisonPage", "comparison_page"]
