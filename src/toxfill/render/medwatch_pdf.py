"""A MedWatch report (Form FDA 3500) as a PDF: a heading per section A to G, and a table per
group of boxes whose header row names its columns (the box, what the record says, what the
reporter must add)."""

from __future__ import annotations

import datetime as dt

from fpdf import FPDF
from fpdf.fonts import FontFace

from toxfill.records.medwatch import TO_ADD, Group, MedWatchReport
from toxfill.render.pdf import ENCODING, plain

COLUMNS = ("Box", "From the record", f"{TO_ADD} by the reporter")
_WIDTHS = (52, 64, 58)
_MUTED = (74, 74, 74)


class _Report(FPDF):
    reference = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.set_text_color(*_MUTED)
        self.cell(0, 5, f"MedWatch report, adverse event {self.reference}", align="L")
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


def medwatch_pdf(report: MedWatchReport, *, made_on: dt.date | None = None) -> bytes:
    """The report as PDF bytes: the same sections, boxes and words as the text."""
    pdf = _Report(format="A4")
    pdf.reference = plain(report.reference)
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title(plain(report.title))
    pdf.set_author("toxfill")
    pdf.set_lang("en-US")
    if made_on is not None:
        pdf.set_creation_date(dt.datetime.combine(made_on, dt.time(), tzinfo=dt.UTC))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 15)
    pdf.multi_cell(0, 7, plain(report.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=9)
    pdf.multi_cell(
        0, 5, plain(f"Clinic reference: adverse event {report.reference}"), new_x="LMARGIN",
        new_y="NEXT",
    )  # fmt: skip
    for note in report.notes:
        pdf.multi_cell(0, 4.6, plain(f"- {note}"), new_x="LMARGIN", new_y="NEXT")
    for section in report.sections:
        pdf.ln(3)
        pdf.set_font("helvetica", "B", 12)
        pdf.multi_cell(0, 6.5, plain(section.heading), new_x="LMARGIN", new_y="NEXT")
        for group in section.groups:
            _group(pdf, group)
    return bytes(pdf.output())


def _group(pdf: FPDF, group: Group) -> None:
    if group.title:
        pdf.set_font("helvetica", "B", 10)
        pdf.multi_cell(0, 5.5, plain(group.title), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("helvetica", size=8.5)
    heading = FontFace(emphasis="BOLD", fill_color=(232, 236, 240))
    with pdf.table(
        col_widths=_WIDTHS, headings_style=heading, line_height=4.4, padding=1.2
    ) as table:
        header = table.row()
        for column in COLUMNS:
            header.cell(plain(column))
        for entry in group.entries:
            row = table.row()
            row.cell(plain(entry.heading))
            row.cell(plain(entry.value))
            row.cell(plain(entry.to_add))
    pdf.ln(1.5)
