"""A MedWatch report (Form FDA 3500) as a tagged PDF: the title (H1), the notes as a list, a
heading per section A to G (H2), a heading per product or the outcome boxes (H3), and a table
per group of boxes whose header row (TH, scope column) names its columns: the box, what the
record says, and what the reporter must add. Same words as the text."""

from __future__ import annotations

import datetime as dt

from toxfill.records.medwatch import FORM_INSTRUCTIONS, ONLINE_FORM, TO_ADD, Group, MedWatchReport
from toxfill.render.tagged_pdf import MUTED, TaggedPDF

COLUMNS = ("Box", "From the record", f"{TO_ADD} by the reporter")
_WIDTHS = (30, 37, 33)


def medwatch_pdf(report: MedWatchReport) -> bytes:
    """The report as PDF bytes: every section, box and note of the text."""
    pdf = TaggedPDF(report.title, footer=f"MedWatch report, adverse event {report.reference}")
    # Dated the day it was prepared, not the second: the page and the API send the same bytes.
    pdf.set_creation_date(dt.datetime.combine(report.prepared_on, dt.time(), tzinfo=dt.UTC))
    pdf.add_page()
    pdf.heading(report.title, 1, size=15, height=7)
    pdf.paragraph(f"Clinic reference: adverse event {report.reference}", size=9, color=MUTED)
    pdf.ln(1)
    with pdf.element("L"):
        for note in report.notes:
            with pdf.list_item("-", size=9, height=4.6):
                pdf.text_block(note, size=9, height=4.6)
    with pdf.element("P"):
        pdf.inline("Links: ", size=9, height=4.6)
        pdf.link_text(ONLINE_FORM, description="The FDA's online MedWatch form", size=9,
                      height=4.6)  # fmt: skip
        pdf.inline("; ", size=9, height=4.6)
        pdf.link_text(
            FORM_INSTRUCTIONS, description="The FDA's instructions for Form 3500", size=9,
            height=4.6,
        )  # fmt: skip
    pdf.ln(6)
    for section in report.sections:
        pdf.ln(2)
        pdf.heading(section.heading, 2, size=12, height=6.5)
        for group in section.groups:
            _group(pdf, group)
    return pdf.to_bytes()


def _group(pdf: TaggedPDF, group: Group) -> None:
    if group.title:
        pdf.heading(group.title, 3, size=10, height=5.5)
    rows = [(entry.heading, entry.value, entry.to_add) for entry in group.entries]
    pdf.data_table(COLUMNS, rows, _WIDTHS, size=8.5, height=4.4)
    pdf.ln(1.5)
