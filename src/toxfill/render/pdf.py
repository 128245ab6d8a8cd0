"""The consultation summary as a PDF a person can print or send to their provider, in the
language of the knowledge base it is given (its words: consultation_words.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from functools import partial

from fpdf.syntax import PDFString

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
from toxfill.render.consultation_words import say
from toxfill.render.tagged_pdf import INK, MUTED, TaggedPDF

TITLE = "toxfill consultation summary"
# The document's language (/Lang) by the knowledge base's.
PDF_LANGUAGES = {"en": "en-US", "es": "es"}


def decision_pdf(
    decision: Decision,
    kb: KnowledgeBase,
    leaning: str = "",
    sure: Mapping[str, str] | None = None,
) -> bytes:
    """A printable summary: the best fit per concern, answers, options and statuses, where the
    person is leaning and their SURE test, questions, sources, disclaimer."""
    summary = consultation_summary(decision, kb, leaning, sure)
    language = kb.language
    title = say(language, TITLE)
    version = say(language, "knowledge base {version}", version=summary.knowledge_version)
    pdf = TaggedPDF(
        title,
        lang=PDF_LANGUAGES[language],
        footer=f"{title}  |  {version}",
    )
    pdf.set_creation_date(dt.datetime.combine(summary.today, dt.time(), tzinfo=dt.UTC))
    pdf.add_page()
    _write(pdf, summary, language)
    return pdf.to_bytes()


def _write(pdf: TaggedPDF, s: ConsultationSummary, language: str) -> None:
    words = partial(say, language)
    day = partial(date_words, language=language)
    pdf.heading(words("Your consultation summary"), 1, size=18, height=9)
    pdf.paragraph(
        words(
            "Made on {today} with toxfill knowledge base {version} (published {published}).",
            today=day(s.today),
            version=s.knowledge_version,
            published=day(s.published),
        ),
        color=MUTED,
    )
    _box(pdf, s.disclaimer)

    _heading(pdf, words("At a glance"))
    for glance in s.at_a_glance:
        status = f" [{glance.badge.label.upper()}]" if glance.badge else ""
        trade_off = f" {glance.trade_off.text}" if glance.trade_off else ""
        _pair(pdf, glance.label, f"{glance.text}{status}{trade_off}")

    _heading(pdf, words("Which way you are leaning"))
    r = s.reflection
    _pair(pdf, words("You are leaning toward"), r.leaning_label or words("Not answered yet"))
    for sure in r.sure:
        said = words(sure.answer.capitalize()) if sure.answer else words("Not answered")
        _pair(pdf, sure.question, said)
    pdf.paragraph(r.advice)

    _heading(pdf, words("Your answers"))
    for answer in s.answers:
        _pair(pdf, answer.label, "; ".join(answer.values))

    _heading(pdf, words("The decision"))
    pdf.paragraph(s.decision)

    for section in s.concerns:
        _heading(pdf, words("Options for: {concern}", concern=section.label))
        pdf.paragraph(section.description, color=MUTED)
        if not section.rows:
            pdf.paragraph(words("No treatment in toxfill's list is approved for this."))
        for row in section.rows:
            _option(pdf, row, language)
        _option(pdf, s.no_treatment, language, brief=True)

    if s.unapproved:
        _heading(pdf, words("Not approved for your concerns"))
        for row in s.unapproved:
            _option(pdf, row, language, brief=True)

    _heading(pdf, words("No treatment: what to expect"))
    _lines(pdf, s.no_treatment.reasons)

    if s.preference_effects:
        _heading(pdf, words("How your preferences changed the order"))
        _lines(pdf, s.preference_effects)
    if s.combinations:
        _heading(pdf, words("Using treatments together"))
        _lines(pdf, s.combinations)

    _heading(pdf, words("Questions to ask your provider"))
    _lines(pdf, s.questions, bullet="[ ]")

    _heading(pdf, words("How sure are these figures?"))
    _lines(pdf, s.uncertainty)
    if s.unknown_figures:
        figures = "; ".join(s.unknown_figures)
        pdf.paragraph(words("No reliable figure was found for: {figures}.", figures=figures))

    _heading(pdf, words("About this information"))
    published = words(
        "{date} (version {version})", date=day(s.published), version=s.knowledge_version
    )
    _pair(pdf, words("Published"), published)
    _pair(pdf, words("How it is kept up to date"), s.update_policy)
    _pair(pdf, words("Who pays for it"), s.funding)

    _heading(pdf, words("Sources"))
    if language != "en":
        pdf.paragraph(words("Sources are named as they were published, most of them in English."))
    _sources(pdf, s, language)
    pdf.ln(2)
    _box(pdf, s.disclaimer)


def _sources(pdf: TaggedPDF, s: ConsultationSummary, language: str) -> None:
    """The numbered sources, as they were published: marked English in a summary in another
    language, so a screen reader says their titles in English."""
    cite = Citations(s.sources)
    with pdf.element("L") as listed:
        if language != "en":
            listed.lang = PDFString(PDF_LANGUAGES["en"])
        for n, source in enumerate(s.sources, start=1):
            with pdf.list_item(f"[{n}]", size=8, height=3.8):
                pdf.inline(f"{cite.reference(source)} ", size=8, height=3.8)
                if source.url:
                    pdf.link_text(
                        source.url,
                        description=say(language, "Source {n}: {title}", n=n, title=source.title),
                        size=8,
                        height=3.8,
                    )
                pdf.ln(3.8)


def _option(pdf: TaggedPDF, row: OptionRow, language: str, brief: bool = False) -> None:
    pdf.ln(1)
    pdf.heading(f"{row.label}: {row.badge.label.upper()}", 3, size=11, height=5.5)
    if brief:
        return
    _lines(pdf, row.reasons)
    if row.benefits or row.harms:
        pdf.paragraph(say(language, "What it can do:"), bold=True)
        _lines(pdf, row.benefits)
        pdf.paragraph(say(language, "What can go wrong, and how rare it is:"), bold=True)
        with pdf.element("L"):
            for line in row.harms:
                with pdf.list_item("-"):
                    pdf.text_block(_with_marks(line))
                    if line.rate is not None:
                        rate = line.rate
                        _people(pdf, rate.count, rate.out_of, rate.in_words, language)
                    elif line.no_rate:
                        pdf.text_block(line.no_rate, color=MUTED)
    _lines(pdf, row.off_label)
    _lines(pdf, row.excluded, bullet=say(language, "Not for you:"))
    if row.available_from:
        again = date_words(row.available_from, language)
        pdf.paragraph(say(language, "Possible again from {date}.", date=again))
    _lines(pdf, row.discuss, bullet=say(language, "Discuss:"))


def _people(pdf: TaggedPDF, count: int, out_of: int, words: str, language: str) -> None:
    """The rate as a grid: 100 dots (filled = affected), or 10,000 as 100 squares of 100."""
    size, step = 1.6, 1.6 * 1.3
    filled = count if out_of == 100 else -(-count // 100)  # squares with any affected
    each = "" if out_of == 100 else say(language, ", each standing for 100 people")
    alt = say(language, "A grid of 100 dots{each}: {filled} filled.", each=each, filled=filled)
    pdf.set_fill_color(*INK)
    with pdf.drawing(alt, w=4 + 10 * step, h=10 * step + 2) as (x, y):
        x0, y0 = x + 4, y + 1
        for n in range(100):
            dot_x, dot_y = x0 + (n % 10) * step, y0 + (n // 10) * step
            pdf.ellipse(dot_x, dot_y, size, size, style="F" if n < filled else "D")
    pdf.set_xy(x0 + 10 * step + 4, y0 + 4)
    unit = (
        "" if out_of == 100 else say(language, " (each dot is 100; a filled dot has some affected)")
    )
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
