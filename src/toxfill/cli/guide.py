"""The commands for people choosing and living with a treatment: vocab, show, compare, decide,
triage, plan, reconstitute, doses, aftercare and sources. None of them loads Django."""

from __future__ import annotations

import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, Protocol, TypeVar

import typer
from rich.console import Console

from toxfill.cli.base import (
    CompareFormat,
    DocumentFormat,
    ListFormat,
    VocabKind,
    _print_json,
    app,
    bundled_knowledge,
    err,
    friendly,
    out,
)
from toxfill.errors import InputError


@app.command()
@friendly
def vocab(
    kind: Annotated[VocabKind | None, typer.Argument(help="Only this kind of ID.")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.TABLE,
) -> None:
    """List the IDs toxfill understands, with their labels."""
    from toxfill.render.terminal import vocabulary_tables
    from toxfill.scales import STATUS_TERMS, URGENCY_TERMS

    terms = bundled_knowledge().vocabulary()
    terms["statuses"] = list(STATUS_TERMS)
    terms["urgencies"] = list(URGENCY_TERMS)
    chosen = {k: v for k, v in terms.items() if kind is None or k == kind.value}
    if format is ListFormat.JSON:
        _print_json(
            {
                "schema": "toxfill.vocabulary/1",
                **{k: [t.model_dump(mode="json") for t in v] for k, v in chosen.items()},
            }
        )
        return
    for table in vocabulary_tables(chosen):
        out.print(table)


@app.command()
@friendly
def show(
    option: Annotated[str, typer.Argument(help="An option ID, e.g. botulinum-toxin.")],
    format: Annotated[DocumentFormat, typer.Option("--format", "-f")] = DocumentFormat.TABLE,
) -> None:
    """Everything toxfill knows about one option, with sources."""
    from toxfill.profile import describe

    profile = describe(bundled_knowledge(), option)
    if format is DocumentFormat.JSON:
        _print_json(profile.to_json())
    elif format is DocumentFormat.MARKDOWN:
        from toxfill.render.markdown import profile_markdown

        sys.stdout.write(profile_markdown(profile))
    else:
        from toxfill.render.terminal import print_profile

        print_profile(out, profile)


@app.command()
@friendly
def compare(
    options: Annotated[list[str], typer.Argument(help="Two or more option IDs.")],
    format: Annotated[CompareFormat, typer.Option("--format", "-f")] = CompareFormat.TABLE,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="The language of the comparison: en (English) or es (español). The IDs, "
            "which values are the same, the numbers and the sources are the same in both.",
        ),
    ] = "en",
) -> None:
    """Compare options side by side; each row says whether they are the same."""
    from toxfill.compare import compare as compare_options

    # InputError naming --lang for a language it does not speak.
    comparison = compare_options(bundled_knowledge(lang), options)
    if format is CompareFormat.JSON:
        _print_json(comparison.to_json())
    elif format is CompareFormat.MARKDOWN:
        from toxfill.render.markdown import comparison_markdown

        sys.stdout.write(comparison_markdown(comparison))
    elif format is CompareFormat.HTML:
        from toxfill.render.html import comparison_html

        sys.stdout.write(comparison_html(comparison))
    else:
        from toxfill.render.terminal import print_comparison

        print_comparison(out, comparison)


def _read_document(file: str) -> Any:
    """A JSON document from a file, or from standard input when `file` is '-': read as the API
    reads one (bounded in size and depth, no repeated keys)."""
    from toxfill.documents import MAX_DOCUMENT_BYTES, read_json

    try:
        if file == "-":
            text = sys.stdin.buffer.read(MAX_DOCUMENT_BYTES + 1)
        else:
            with Path(file).open("rb") as opened:
                text = opened.read(MAX_DOCUMENT_BYTES + 1)
    except OSError as exc:
        raise InputError("file", f"cannot read {file}: {exc.strerror}") from None
    return read_json(text, "file")


def _asker(language: str) -> Callable[[str], str]:
    """Ask on standard error so that standard output stays the answer alone (e.g. JSON); the
    end of input before the last answer is said in the questionnaire's language."""
    from toxfill.questionnaire.words import say

    def ask(question: str) -> str:
        err.print(f"{question}: ", end="")
        line = sys.stdin.readline()
        if not line:
            raise InputError(
                "answer",
                say(language, "the questionnaire ended before every question was answered"),
            )
        return line.rstrip("\n")

    return ask


def _document_or_answers(
    file: str | None, interactive: bool, what: str, questions: Callable[[], dict[str, Any]]
) -> Any:
    """The JSON document in `file` (or stdin), or the answers to the questions."""
    if interactive == (file is not None):
        raise InputError("file", f"give {what} file, - for standard input, or --interactive")
    if not interactive:
        return _read_document(str(file))
    from toxfill.questionnaire import TooManyTries

    try:
        return questions()
    except TooManyTries as exc:
        raise InputError("answer", str(exc)) from None


class JsonResult(Protocol):
    def to_json(self) -> dict[str, Any]: ...


Result = TypeVar("Result", bound=JsonResult)


def _emit(
    result: Result,
    format: DocumentFormat,
    markdown: Callable[[Result], str],
    terminal: Callable[[Console, Result], None],
) -> None:
    """Write `result` as JSON, Markdown or a terminal table."""
    if format is DocumentFormat.JSON:
        _print_json(result.to_json())
    elif format is DocumentFormat.MARKDOWN:
        sys.stdout.write(markdown(result))
    else:
        terminal(out, result)


FileArgument = Annotated[
    str | None, typer.Argument(help="A JSON file, or - to read standard input.")
]
InteractiveOption = Annotated[
    bool, typer.Option("--interactive", "-i", help="Answer a few questions instead.")
]


@app.command()
@friendly
def decide(
    file: FileArgument = None,
    interactive: InteractiveOption = False,
    format: Annotated[DocumentFormat, typer.Option("--format", "-f")] = DocumentFormat.TABLE,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="The language of the decision: en (English) or es (español). The IDs, the "
            "statuses, the products and the sources are the same in both.",
        ),
    ] = "en",
) -> None:
    """The decision aid: which options suit you, for each concern, and why (with sources)."""
    import datetime as dt

    from toxfill.decide import decide as decide_options
    from toxfill.intake import parse_intake
    from toxfill.questionnaire import run_questionnaire

    kb = bundled_knowledge(lang)  # InputError naming --lang for a language it does not speak
    today = dt.date.today()
    raw = _document_or_answers(
        file,
        interactive,
        "an intake",
        lambda: run_questionnaire(kb, _asker(lang), err.print, today),
    )
    if isinstance(raw, dict) and "today" not in raw:
        raw["today"] = today.isoformat()
    from toxfill.render.markdown import decision_markdown
    from toxfill.render.terminal import print_decision

    decision = decide_options(kb, parse_intake(kb, raw))
    _emit(
        decision,
        format,
        lambda d: decision_markdown(d, kb),
        lambda console, d: print_decision(console, d, kb),
    )


@app.command()
@friendly
def triage(
    file: FileArgument = None,
    interactive: InteractiveOption = False,
    format: Annotated[DocumentFormat, typer.Option("--format", "-f")] = DocumentFormat.TABLE,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="The language of the answer: en (English) or es (español). The IDs, the "
            "urgency and the sources are the same in both.",
        ),
    ] = "en",
) -> None:
    """After a treatment: is what you feel normal, or does it need care, and how soon?"""
    from toxfill.questionnaire import run_triage_questions
    from toxfill.triage import parse_report
    from toxfill.triage import triage as assess

    kb = bundled_knowledge(lang)  # InputError naming --lang for a language it does not speak
    raw = _document_or_answers(
        file, interactive, "a report", lambda: run_triage_questions(kb, _asker(lang), err.print)
    )
    from toxfill.render.markdown import triage_markdown
    from toxfill.render.terminal import print_triage

    _emit(assess(kb, parse_report(kb, raw)), format, triage_markdown, print_triage)


@app.command()
@friendly
def plan(
    file: Annotated[str, typer.Argument(help="A plan request JSON file, or - for standard input.")],
    format: Annotated[DocumentFormat, typer.Option("--format", "-f")] = DocumentFormat.TABLE,
    ics: Annotated[
        Path | None, typer.Option(help="Also write the visits to this iCalendar file.")
    ] = None,
    calendar_id: Annotated[
        uuid.UUID | None,
        typer.Option(
            help="The calendar ID printed when the plan's --ics file was first written: "
            "the new file then updates those events instead of adding copies."
        ),
    ] = None,
    revision: Annotated[
        int,
        typer.Option(
            min=0, max=100_000, help="With --calendar-id: one more than the last file's revision."
        ),
    ] = 0,
    svg: Annotated[
        Path | None, typer.Option(help="Also write the effect-over-time chart to this SVG file.")
    ] = None,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="The language of the plan, its calendar file and chart: en (English) or es "
            "(español). The visits, dates, costs and sources are the same in both.",
        ),
    ] = "en",
) -> None:
    """A care plan: dated visits, visits and cost per year, expected effect over time."""
    from toxfill.plan import make_plan, parse_plan_request

    kb = bundled_knowledge(lang)  # InputError naming --lang for a language it does not speak
    care_plan = make_plan(kb, parse_plan_request(kb, _read_document(file)))
    if ics is None and (calendar_id is not None or revision):
        raise InputError("--calendar-id", "goes with --ics, the calendar file it identifies")
    if ics is not None:
        from toxfill.render.ics import CalendarIdentity, plan_ics

        identity = CalendarIdentity(calendar_id or uuid.uuid4(), revision)
        _write(ics, plan_ics(care_plan, kb, identity))
        err.print(
            f"Calendar ID {identity.plan_id}: to update these events after changing the plan, "
            f"run again with --calendar-id {identity.plan_id} --revision {identity.revision + 1}",
            soft_wrap=True,  # one line, to copy whole
        )
    if svg is not None:
        from toxfill.render.svg import plan_svg

        _write(svg, plan_svg(care_plan, kb).encode())
    if format is DocumentFormat.JSON:
        _print_json(care_plan.to_json())
    elif format is DocumentFormat.MARKDOWN:
        from toxfill.render.markdown import plan_markdown

        sys.stdout.write(plan_markdown(care_plan, kb))
    else:
        from toxfill.render.terminal import print_plan

        print_plan(out, care_plan, kb)


def _write(path: Path, content: bytes) -> None:
    try:
        path.write_bytes(content)
    except OSError as exc:
        raise InputError(str(path), f"cannot write: {exc.strerror}") from None


@app.command()
@friendly
def reconstitute(
    product: Annotated[str, typer.Option(help="A toxin product ID, e.g. botox.")],
    units: Annotated[int, typer.Option(help="Units in the vial, e.g. 100.")],
    diluent_ml: Annotated[float, typer.Option(help="Millilitres of diluent added.")],
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.TABLE,
) -> None:
    """For providers: units per 0.1 mL after mixing a vial, with the label's storage limit."""
    from toxfill.dosing import reconstitute as mix

    result = mix(bundled_knowledge(), product, units, diluent_ml)
    if format is ListFormat.JSON:
        _print_json(result.to_json())
        return
    from toxfill.render.terminal import print_mixing

    print_mixing(out, result)


@app.command()
@friendly
def doses(
    product: Annotated[str | None, typer.Argument(help="Only this toxin product.")] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.TABLE,
) -> None:
    """For providers: label reference doses per use, never a dose for a person."""
    from toxfill.dosing import dose_table

    table = dose_table(bundled_knowledge(), product)
    if format is ListFormat.JSON:
        _print_json(table.to_json())
        return
    from toxfill.render.terminal import print_doses

    print_doses(out, table)


@app.command()
@friendly
def aftercare(
    options: Annotated[
        list[str],
        typer.Argument(help="The treatment, or every treatment of one visit, e.g. ha-filler."),
    ],
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.TABLE,
    lang: Annotated[
        str,
        typer.Option(
            "--lang",
            help="The language of the sheet: en (English) or es (español). The IDs, the "
            "urgencies and the sources are the same in both.",
        ),
    ] = "en",
) -> None:
    """What is normal after a treatment (or a visit's treatments), and when to get help."""
    from toxfill.triage import aftercare_for

    # InputError naming --lang for a language it does not speak
    guide = aftercare_for(bundled_knowledge(lang), options)
    if format is ListFormat.JSON:
        _print_json(guide.to_json())
        return
    from toxfill.render.terminal import print_aftercare

    print_aftercare(out, guide)


@app.command()
@friendly
def sources(
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.TABLE,
) -> None:
    """List every source the knowledge base cites."""
    kb = bundled_knowledge()
    if format is ListFormat.JSON:
        _print_json(kb.sources_document())
        return
    from toxfill.render.terminal import sources_table

    out.print(sources_table(kb.sources.values()))
