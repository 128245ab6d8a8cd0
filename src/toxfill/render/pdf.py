"""The consultation summary as a PDF a person can print or send to their provider."""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Mapping, Sequence

from fpdf import FPDF

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

# Helvetica is a core PDF font: no font files to ship, but only Windows-1252 characters.
ENCODING = "windows-1252"
_PLAIN = {"≥": ">=", "≤": "<=", "→": "->", "←": "<-", "−": "-", "×": "x", "≈": "about "}
_INK = (26, 26, 26)
_MUTED = (74, 74, 74)


def plain(text: str) -> str:
    """Text the core fonts can draw: known symbols spelled out, anything else simplified."""
    text = "".join(_PLAIN.get(ch, ch) for ch in text)
    try:
        text.encode(ENCODING)
    except UnicodeEncodeError:
        text = "".join(_simplify(ch) for ch in text)
    return text


def _simplify(ch: str) -> str:
    try:
        ch.encode(ENCODING)
    except UnicodeEncodeError:
        decomposed = unicodedata.normalize("NFKD", ch).encode(ENCODING, "ignore").decode(ENCODING)
        return decomposed or "?"
    return ch


class _Summary(FPDF):
    version = ""

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font("helvetica", size=8)
        self.set_text_color(*_MUTED)
        self.cell(
            0, 5, f"toxfill consultation summary  |  knowledge base {self.version}", align="L"
        )
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="R")


def decision_pdf(
    decision: Decision,
    kb: KnowledgeBase,
    leaning: str = "",
    sure: Mapping[str, str] | None = None,
) -> bytes:
    """A printable summary: the best fit per concern, answers, options and statuses, where the
    person is leaning and their SURE test, questions, sources, disclaimer."""
    summary = consultation_summary(decision, kb, leaning, sure)
    pdf = _Summary(format="A4")
    pdf.version = plain(summary.knowledge_version)
    pdf.core_fonts_encoding = ENCODING
    pdf.set_title("toxfill consultation summary")
    pdf.set_author("toxfill")
    pdf.set_creation_date(dt.datetime.combine(summary.today, dt.time(), tzinfo=dt.UTC))
    pdf.set_margins(18, 16, 18)
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()
    _write(pdf, summary)
    return bytes(pdf.output())


def _write(pdf: FPDF, s: ConsultationSummary) -> None:
    pdf.set_font("helvetica", "B", 18)
    _text(pdf, "Your consultation summary", 9)
    pdf.set_font("helvetica", size=10)
    _text(
        pdf,
        f"Made on {date_words(s.today)} with toxfill knowledge base {s.knowledge_version} "
        f"(published {date_words(s.published)}).",
        5,
        muted=True,
    )
    _box(pdf, s.disclaimer)

    _heading(pdf, "At a glance")
    for glance in s.at_a_glance:
        status = f" [{glance.badge.label.upper()}]" if glance.badge else ""
        _pair(pdf, glance.label, f"{glance.text}{status}")

    _heading(pdf, "Which way you are leaning")
    r = s.reflection
    _pair(pdf, "You are leaning toward", r.leaning_label or "Not answered yet")
    for sure in r.sure:
        _pair(pdf, sure.question, sure.answer.capitalize() or "Not answered")
    _text(pdf, r.advice)

    _heading(pdf, "Your answers")
    for answer in s.answers:
        _pair(pdf, answer.label, "; ".join(answer.values))

    _heading(pdf, "The decision")
    _text(pdf, s.decision)

    for section in s.concerns:
        _heading(pdf, f"Options for: {section.label}")
        _text(pdf, section.description, muted=True)
        if not section.rows:
            _text(pdf, "No treatment in toxfill's list is approved for this.")
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
        _text(pdf, "No reliable figure was found for: " + "; ".join(s.unknown_figures) + ".")

    _heading(pdf, "About this information")
    _pair(pdf, "Published", f"{date_words(s.published)} (version {s.knowledge_version})")
    _pair(pdf, "How it is kept up to date", s.update_policy)
    _pair(pdf, "Who pays for it", s.funding)

    _heading(pdf, "Sources")
    cite = Citations(s.sources)
    pdf.set_font("helvetica", size=8)
    for n, source in enumerate(s.sources, start=1):
        _text(pdf, f"[{n}] {cite.reference(source)} {source.url}", 3.8)
    pdf.ln(2)
    _box(pdf, s.disclaimer)


def _option(pdf: FPDF, row: OptionRow, brief: bool = False) -> None:
    pdf.ln(1)
    pdf.set_font("helvetica", "B", 11)
    _text(pdf, f"{row.label}: {row.badge.label.upper()}", 5.5)
    pdf.set_font("helvetica", size=10)
    if brief:
        return
    _lines(pdf, row.reasons)
    if row.benefits or row.harms:
        pdf.set_font("helvetica", "B", 10)
        _text(pdf, "What it can do:")
        pdf.set_font("helvetica", size=10)
        _lines(pdf, row.benefits)
        pdf.set_font("helvetica", "B", 10)
        _text(pdf, "What can go wrong, and how rare it is:")
        pdf.set_font("helvetica", size=10)
        for line in row.harms:
            _lines(pdf, [line])
            if line.rate is not None:
                _people(pdf, line.rate.count, line.rate.out_of, line.rate.in_words)
            elif line.no_rate:
                _text(pdf, f"  {line.no_rate}", muted=True)
    _lines(pdf, row.off_label)
    _lines(pdf, row.excluded, bullet="Not for you:")
    if row.available_from:
        _text(pdf, f"Possible again from {date_words(row.available_from)}.")
    _lines(pdf, row.discuss, bullet="Discuss:")


def _people(pdf: FPDF, count: int, out_of: int, words: str) -> None:
    """The rate as a grid: 100 dots (filled = affected), or 10,000 as 100 squares of 100."""
    size, x0, y0 = 1.6, pdf.l_margin + 4, pdf.get_y() + 1
    if y0 + 10 * size + 8 > pdf.h - pdf.b_margin:
        pdf.add_page()
        y0 = pdf.get_y() + 1
    cells = 100
    filled = count if out_of == 100 else -(-count // 100)  # squares with any affected
    for n in range(cells):
        x, y = x0 + (n % 10) * size * 1.3, y0 + (n // 10) * size * 1.3
        pdf.ellipse(x, y, size, size, style="F" if n < filled else "D")
    pdf.set_xy(x0 + 10 * size * 1.3 + 4, y0 + 4)
    unit = "" if out_of == 100 else " (each dot is 100; a filled dot has some affected)"
    pdf.multi_cell(0, 5, plain(f"{words}{unit}"), new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(y0 + 10 * size * 1.3 + 2)


def _heading(pdf: FPDF, text: str) -> None:
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 13)
    _text(pdf, text, 7)
    pdf.set_font("helvetica", size=10)


def _text(pdf: FPDF, text: str, height: float = 5, muted: bool = False) -> None:
    pdf.set_text_color(*(_MUTED if muted else _INK))
    pdf.multi_cell(0, height, plain(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(*_INK)


def _pair(pdf: FPDF, label: str, value: str) -> None:
    pdf.set_font("helvetica", "B", 10)
    _text(pdf, label)
    pdf.set_font("helvetica", size=10)
    _text(pdf, value)
    pdf.ln(1)


def _lines(pdf: FPDF, lines: Sequence[Line], bullet: str = "-") -> None:
    for line in lines:
        marks = "".join(f"[{n}]" for n in line.marks)
        _text(pdf, f"{bullet} {line.text} {marks}".rstrip())


def _box(pdf: FPDF, text: str) -> None:
    pdf.ln(2)
    pdf.set_font("helvetica", "B", 10)
    pdf.set_fill_color(238, 242, 246)
    pdf.multi_cell(
        0, 5.5, plain(text), border=1, fill=True, padding=2, new_x="LMARGIN", new_y="NEXT"
    )
    pdf.set_font("helvetica", size=10)
    pdf.ln(2)
