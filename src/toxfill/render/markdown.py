"""Markdown for a comparison: one table, numbered source marks, and the reference list."""

from __future__ import annotations

from toxfill.compare import Comparison
from toxfill.profile import OptionProfile
from toxfill.render.citations import Citations


def comparison_markdown(comparison: Comparison) -> str:
    cite = Citations(comparison.sources)
    header = ["Attribute", *[o.label for o in comparison.options], "Same?"]
    lines = [
        "# " + " vs ".join(o.label for o in comparison.options),
        "",
        "| " + " | ".join(_escape(h) for h in header) + " |",
        "|" + "---|" * len(header),
    ]
    for row in comparison.rows:
        cells = []
        for option in comparison.options:
            cell = row.cells[option.option]
            marks = "".join(f"[{n}]" for n in cite.marks(cell.sources))
            cells.append(_escape(cell.text) + (f" {marks}" if marks else ""))
        same = comparison.verdict(row)
        lines.append(f"| {_escape(row.label)} | " + " | ".join(cells) + f" | {_escape(same)} |")
    lines += _closing(cite, comparison.disclaimer, comparison.knowledge_version)
    return "\n".join(lines)


def _closing(cite: Citations, disclaimer: str, version: str) -> list[str]:
    """The numbered source list and the disclaimer that end every Markdown document."""
    lines = ["", "## Sources", ""]
    lines += [
        f"{n}. [{_escape(cite.reference(s))}]({s.url}) `{s.id}`"
        for n, s in enumerate(cite.sources, start=1)
    ]
    return [*lines, "", f"*{disclaimer}* (knowledge base {version})", ""]


def _escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def profile_markdown(profile: OptionProfile) -> str:
    cite = Citations(profile.sources)

    def marks(sources: tuple[str, ...]) -> str:
        numbers = cite.marks(sources)
        return (" " + "".join(f"[{n}]" for n in numbers)) if numbers else ""

    lines = [f"# {profile.label}", "", profile.summary, "", "| Attribute | Value |", "|---|---|"]
    for row in profile.rows:
        detail = row.cell.detail if row.cell.detail != row.cell.text else ""
        value = _escape(row.cell.text) + marks(row.cell.sources)
        lines.append(
            f"| {_escape(row.label)} | {value}"
            + (f"<br>{_escape(detail)}" if detail else "")
            + " |"
        )
    if profile.uses:
        lines += ["", "## Uses", "", "| Concern | Product | Ages | Status |", "|---|---|---|---|"]
        for use in profile.uses:
            status = ("approved" if use.labelled else "not approved (off-label)") + marks(
                use.sources
            )
            lines.append(
                f"| {_escape(use.concern_label)} | {use.product or '(class)'} "
                f"| {use.ages} | {status} |"
            )
    if profile.cautions:
        lines += ["", "## Contraindications and warnings", ""]
        for caution in profile.cautions:
            lines.append(
                f"- **{_escape(caution.health_label)}** ({caution.level}): "
                f"{_escape(caution.discuss)}{marks(caution.sources)}"
            )
    lines += _closing(cite, profile.disclaimer, profile.knowledge_version)
    return "\n".join(lines)
