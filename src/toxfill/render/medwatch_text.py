"""A MedWatch report (Form FDA 3500) as plain text: sections A to G in the form's order, one
box a line, each box's value or what the reporter must add (marked TO ADD). Lines are not
wrapped, so each box's text can be pasted whole into the FDA's online form."""

from __future__ import annotations

from toxfill.records.medwatch import TO_ADD, Entry, MedWatchReport


def medwatch_text(report: MedWatchReport) -> str:
    """The report as UTF-8-ready plain text, ending in a newline."""
    lines = [report.title, f"Clinic reference: adverse event {report.reference}", ""]
    lines += [f"- {note}" for note in report.notes]
    for section in report.sections:
        lines += ["", section.heading.upper()]
        for group in section.groups:
            indent = "  "
            if group.title:
                lines.append(f"  {group.title}")
                indent = "    "
            lines += [line for entry in group.entries for line in _entry(entry, indent)]
    return "\n".join(lines) + "\n"


def _entry(entry: Entry, indent: str) -> list[str]:
    if not entry.value:
        return [f"{indent}{entry.heading}: {TO_ADD}: {entry.to_add}"]
    lines = [f"{indent}{entry.heading}: {entry.value}"]
    if entry.to_add:
        lines.append(f"{indent}    {TO_ADD}: {entry.to_add}")
    return lines
