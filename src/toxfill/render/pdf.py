"""The consultation summary as a PDF a person can print or send to their provider."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from toxfill.decide import Decision
from toxfill.knowledge.base import KnowledgeBase
from toxfill.render.citations import Citations
from toxfill.render.consultation import (
    ConsultationSummary,
    Line,
    OptionRow,
    consultation_summary,
    date_words,
)
from toxfill.render.tagged_pdf import INK, MUTED, TaggedPDF

TITLE = "toxfill consultation summary"


def decision_pdf(
    decision: Decision,
    kb: KnowledgeBase,
    leaning: str = "",
    sure: Mapping[str, str] | None = None,
) -> bytes:
    """A printable summary: the best fit per concern, answers, options and statuses, where the
    person is leaning and their SURE test, questions, sources, disclaimer."""
    summary = consultation_summary(decision, kb, leaning, sure)
    pdf = TaggedPDF(TITLE, footer=f"{TITLE}  |  knowledge base {summary.knowledge_version}")
    pdf.set_creation_date(dt.datetime.combine(summary.today, dt.time(), tzinfo=dt.UTC))
    pdf.add_page()
    _write(pdf, summary)
    return pdf.to_bytes()


def _write(pdf: TaggedPDF, s: ConsultationSummary) -> None:
    pdf.heading("Your consultation summary", 1, size=18, height=9)
    pdf.paragraph(
        f"Made on {date_words(s.today)} with toxfill knowledge base {s.knowledge_version} "
        f"(published {date_words(s.published)}).",
        color=MUTED,
    )
    _box(pdf, s.disclaimer)

    _heading(pdf, "At a glance")
    for glance in s.at_a_glance:
        status = f" [{glance.badge.label.upper()}]" if glance.badge else ""
        trade_off = f" {glance.trade_off.text}" if glance.trade_off else ""
        _pair(pdf, glance.label, f"{glance.text}{status}{trade_off}")

    _heading(pdf, "Which way you are leaning")
    r = s.reflection
    _pair(pdf, "You are leaning toward", r.leaning_label or "Not answered yet")
    for sure in r.sure:
        _pair(pdf, sure.question, sure.answer.capitalize() or "Not answered")
    pdf.paragraph(r.advice)

    _heading(pdf, "Your answers")
    for answer in s.answers:
        _pair(pdf, answer.label, "; ".join(answer.values))

    _heading(pdf, "The decision")
    pdf.paragraph(s.decision)

    for section in s.concerns:
        _heading(pdf, f"Options for: {section.label}")
        pdf.paragraph(section.description, color=MUTED)
        if not section.rows:
            pdf.paragraph("No treatment in toxfill's list is approved for this.")
        for row in section.rows:
            _option(pdf, row)
        _option(pdf, s.no_treatment, brief=True)

    if s.unapproved:
        _heading(pdf, "Not approved for your concerns")
        for row in s.unapproved:
            _option(pdf, row, brief=True)

    _heading(pdf, "No treatment: what to expect")
    _lines(pdf, s.no_treatment.reasons)

    if s.preference_effects:
        _heading(pdf, "How your preferences changed the order")
        _lines(pdf, s.preference_effects)
    if s.combinations:
        _heading(pdf, "Using treatments together")
        _lines(pdf, s.combinations)

    _heading(pdf, "Questions to ask your provider")
    _lines(pdf, s.questions, bullet="[ ]")

    _heading(pdf, "How sure are these figures?")
    _lines(pdf, s.uncertainty)
    if s.unknown_figures:
        pdf.paragraph("No reliable figure was found for: " + "; ".join(s.unknown_figures) + ".")

    _heading(pdf, "About this information")
    _pair(pdf, "Published", f"{date_words(s.published)} (version {s.knowledge_version})")
    _pair(pdf, "How it is kept up to date", s.update_policy)
    _pair(pdf, "Who pays for it", s.funding)

    _heading(pdf, "Sources")
    cite = Citations(s.sources)
    with pdf.element("L"):
        for n, source in enumerate(s.sources, start=1):
            with pdf.list_item(f"[{n}]", size=8, height=3.8):
                pdf.inline(f"{cite.reference(source)} ", size=8, height=3.8)
                if source.url:
                    pdf.link_text(
                        source.url,
                        description=f"Source {n}: {source.title}",
                        size=8,
                        height=3.8,
                    )
                pdf.ln(3.8)
    pdf.ln(2)
    _box(pdf, s.disclaimer)


def _option(pdf: TaggedPDF, row: OptionRow, brief: bool = False) -> None:
    pdf.ln(1)
    pdf.heading(f"{row.label}: {row.badge.label.upper()}", 3, size=11, height=5.5)
    if brief:
        return
    _lines(pdf, row.reasons)
    if row.benefits or row.harms:
        pdf.paragraph("What it can do:", bold=True)
        _lines(pdf, row.benefits)
        pdf.paragraph("What can go wrong, and how rare it is:", bold=True)
        with pdf.element("L"):
            for line in row.harms:
                with pdf.list_item("-"):
                    pdf.text_block(_with_marks(line))
                    if line.rate is not None:
                        _people(pdf, line.rate.count, line.rate.out_of, line.rate.in_words)
                    elif line.no_rate:
                        pdf.text_block(line.no_rate, color=MUTED)
    _lines(pdf, row.off_label)
    _lines(pdf, row.excluded, bullet="Not for you:")
    if row.available_from:
        pdf.paragraph(f"Possible again from {date_words(row.available_from)}.")
    _lines(pdf, row.discuss, bullet="Discuss:")


def _people(pdf: TaggedPDF, count: int, out_of: int, words: str) -> None:
    """The rate as a grid: 100 dots (filled = affected), or 10,000 as 100 squares of 100."""
    size, step = 1.6, 1.6 * 1.3
    filled = count if out_of == 100 else -(-count // 100)  # squares with any affected
    each = "" if out_of == 100 else ", each standing for 100 people"
    alt = f"A grid of 100 dots{each}: {filled} filled."
    pdf.set_fill_color(*INK)
    with pdf.drawing(alt, w=4 + 10 * step, h=10 * step + 2) as (x, y):
        x0, y0 = x + 4, y + 1
        for n in range(100):
            dot_x, dot_y = x0 + (n % 10) * step, y0 + (n // 10) * step
            pdf.ellipse(dot_x, dot_y, size, size, style="F" if n < filled else "D")
    pdf.set_xy(x0 + 10 * step + 4, y0 + 4)
    unit = "" if out_of == 100 else " (each dot is 100; a filled dot has some affected)"
    pdf.paragraph(f"{words}{unit}")
    pdf.set_y(y0 + 10 * step + 2)


def _heading(pdf: TaggedPDF, text: str) -> None:
    pdf.ln(3)
    pdf.heading(text, 2, size=13, height=7)


def _pair(pdf: TaggedPDF, label: str, value: str) -> None:
    """A label and its value, one paragraph on two lines."""
    with pdf.element("P"):
        pdf.text_block(label, bold=True)
        pdf.text_block(value)
    pdf.ln(1)


def _lines(pdf: TaggedPDF, lines: Sequence[Line], bullet: str = "-") -> None:
    if not lines:
        return
    with pdf.element("L"):
        for line in lines:
            with pdf.list_item(bullet):
                pdf.text_block(_with_marks(line))


def _with_marks(line: Line) -> str:
    marks = "".join(f"[{n}]" for n in line.marks)
    return f"{line.text} {marks}".rstrip()


def _box(pdf: TaggedPDF, text: str) -> None:
    pdf.ln(2)
    pdf.boxed(text)
    pdf.ln(2)
