"""Rich tables for the terminal."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from rich.console import Console
from rich.table import Table
from rich.text import Text

from toxfill.compare import Comparison
from toxfill.knowledge.models import Source, Term
from toxfill.profile import OptionProfile
from toxfill.render.citations import Citations


def _with_marks(text: str, marks: Sequence[int]) -> Text:
    cell = Text(text)
    if marks:
        cell.append(" " + "".join(f"[{n}]" for n in marks), style="dim")
    return cell


def _print_sources(console: Console, sources: Sequence[Source]) -> None:
    console.print(Text("Sources", style="bold"))
    cite = Citations(sources)
    for n, source in enumerate(sources, start=1):
        console.print(Text(f"[{n}] {cite.reference(source)} {source.url}"), soft_wrap=True)


def print_comparison(console: Console, comparison: Comparison) -> None:
    cite = Citations(comparison.sources)
    table = Table(
        title=" vs ".join(o.label for o in comparison.options), show_lines=True, expand=True
    )
    table.add_column("Attribute", style="bold", ratio=2, min_width=14)
    for option in comparison.options:
        table.add_column(option.label, ratio=3)
    table.add_column("Same?", ratio=1)
    for row in comparison.rows:
        verdict = Text(comparison.verdict(row), style="green" if row.same else "yellow")
        table.add_row(
            row.label,
            *[
                _with_marks(row.cells[o.option].text, cite.marks(row.cells[o.option].sources))
                for o in comparison.options
            ],
            verdict,
        )
    console.print(table)
    _print_sources(console, comparison.sources)
    console.print(Text(comparison.disclaimer, style="italic"), soft_wrap=True)


def print_profile(console: Console, profile: OptionProfile) -> None:
    cite = Citations(profile.sources)
    console.print(Text(profile.label, style="bold underline"))
    console.print(profile.summary, soft_wrap=True)
    facts = Table(show_header=False, show_lines=True, expand=True)
    facts.add_column("Attribute", style="bold", ratio=1)
    facts.add_column("Value", ratio=3)
    for row in profile.rows:
        value = _with_marks(row.cell.text, cite.marks(row.cell.sources))
        if row.cell.detail and row.cell.detail != row.cell.text:
            value.append("\n" + row.cell.detail, style="dim")
        facts.add_row(row.label, value)
    console.print(facts)
    if profile.uses:
        uses = Table(title="Uses", expand=True)
        for column in ("Concern", "Product", "Ages", "Status"):
            uses.add_column(column)
        for use in profile.uses:
            status = "approved" if use.labelled else "NOT approved (off-label)"
            uses.add_row(
                use.concern_label,
                use.product or "(class)",
                use.ages,
                _with_marks(status, cite.marks(use.sources)),
            )
        console.print(uses)
    if profile.cautions:
        cautions = Table(title="Contraindications and warnings", expand=True, show_lines=True)
        for column in ("If you have", "Level", "Talk over with your provider"):
            cautions.add_column(column)
        for caution in profile.cautions:
            narrowed = ", ".join([*caution.products, *caution.uses])
            level = caution.level + (f" ({narrowed} only)" if narrowed else "")
            if caution.use_kind:
                level += f" ({caution.use_kind} uses)"
            cautions.add_row(
                caution.health_label,
                level,
                _with_marks(caution.discuss, cite.marks(caution.sources)),
            )
        console.print(cautions)
    _print_sources(console, profile.sources)
    console.print(Text(profile.disclaimer, style="italic"), soft_wrap=True)


def vocabulary_tables(terms: Mapping[str, Sequence[Term]]) -> list[Table]:
    tables = []
    for kind, entries in terms.items():
        table = Table(title=f"{kind} ({len(entries)})", expand=True)
        table.add_column("ID", style="bold", no_wrap=True)
        table.add_column("Label")
        for term in entries:
            table.add_row(term.id, term.label)
        tables.append(table)
    return tables


def sources_table(sources: Iterable[Source]) -> Table:
    table = Table(title="Sources", expand=True, show_lines=True)
    table.add_column("ID", style="bold", no_wrap=True)
    table.add_column("Title and publisher")
    table.add_column("Year", no_wrap=True)
    for source in sources:
        table.add_row(source.id, f"{source.title}\n{source.publisher}\n{source.url}", source.year)
    return table
