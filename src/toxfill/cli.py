"""The toxfill command line: parse, make one core call, render. Django loads only for `serve`,
`demo` and `synth`."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, ParamSpec, Protocol, TypeVar

import typer
from rich.console import Console

from toxfill.errors import InputError, ToxfillError

if TYPE_CHECKING:
    from toxfill.knowledge import KnowledgeBase

app = typer.Typer(
    help="Compare, choose, plan and follow up botulinum toxin and dermal filler treatments. "
    "Every clinical statement cites its source.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

P = ParamSpec("P")
R = TypeVar("R")

INPUT_ERROR = 2


class CompareFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


class DocumentFormat(StrEnum):
    """How a document (an option, a decision, a plan, a triage) is written out."""

    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class VocabKind(StrEnum):
    OPTIONS = "options"
    PRODUCTS = "products"
    CONCERNS = "concerns"
    HEALTH = "health"
    PREFERENCES = "preferences"
    SYMPTOMS = "symptoms"
    AREAS = "areas"
    ZONES = "zones"
    STATUSES = "statuses"
    URGENCIES = "urgencies"


def bundled_knowledge() -> KnowledgeBase:
    """The knowledge base, imported when a command needs it: `--help` never loads it."""
    from toxfill.knowledge import bundled_knowledge as load

    return load()


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Turn toxfill's own errors into one clear line on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ToxfillError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, soft_wrap=True)
            raise typer.Exit(INPUT_ERROR) from None

    return wrapper


def _print_json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


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
) -> None:
    """Compare options side by side; each row says whether they are the same."""
    from toxfill.compare import compare as compare_options

    comparison = compare_options(bundled_knowledge(), options)
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


def _ask(question: str) -> str:
    """Ask on standard error so that standard output stays the answer alone (e.g. JSON)."""
    err.print(f"{question}: ", end="", markup=False)
    line = sys.stdin.readline()
    if not line:
        raise InputError("answer", "the questionnaire ended before every question was answered")
    return line.rstrip("\n")


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
) -> None:
    """The decision aid: which options suit you, for each concern, and why (with sources)."""
    import datetime as dt

    from toxfill.decide import decide as decide_options
    from toxfill.intake import parse_intake
    from toxfill.questionnaire import run_questionnaire

    kb = bundled_knowledge()
    today = dt.date.today()
    raw = _document_or_answers(
        file, interactive, "an intake", lambda: run_questionnaire(kb, _ask, err.print, today)
    )
    if isinstance(raw, dict) and "today" not in raw:
        raw["today"] = today.isoformat()
    from toxfill.render.markdown import decision_markdown
    from toxfill.render.terminal import print_decision

    _emit(decide_options(kb, parse_intake(kb, raw)), format, decision_markdown, print_decision)


@app.command()
@friendly
def triage(
    file: FileArgument = None,
    interactive: InteractiveOption = False,
    format: Annotated[DocumentFormat, typer.Option("--format", "-f")] = DocumentFormat.TABLE,
) -> None:
    """After a treatment: is what you feel normal, or does it need care, and how soon?"""
    from toxfill.questionnaire import run_triage_questions
    from toxfill.triage import parse_report
    from toxfill.triage import triage as assess

    kb = bundled_knowledge()
    raw = _document_or_answers(
        file, interactive, "a report", lambda: run_triage_questions(kb, _ask, err.print)
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
    svg: Annotated[
        Path | None, typer.Option(help="Also write the effect-over-time chart to this SVG file.")
    ] = None,
) -> None:
    """A care plan: dated visits, visits and cost per year, expected effect over time."""
    from toxfill.plan import make_plan, parse_plan_request

    kb = bundled_knowledge()
    care_plan = make_plan(kb, parse_plan_request(kb, _read_document(file)))
    if ics is not None:
        from toxfill.render.ics import plan_ics

        _write(ics, plan_ics(care_plan, kb))
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
) -> None:
    """What is normal after a treatment (or a visit's treatments), and when to get help."""
    from toxfill.triage import aftercare_for

    guide = aftercare_for(bundled_knowledge(), options)
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


@app.command()
@friendly
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.", min=1, max=65535)] = 8000,
    workers: Annotated[int, typer.Option(help="Gunicorn worker processes.", min=1)] = 2,
    prepare_only: Annotated[
        bool, typer.Option("--prepare-only", help="Prepare key, database and static; no server.")
    ] = False,
) -> None:
    """Migrate the database and serve the site with gunicorn."""
    from toxfill.web.serve import prepare_and_exec_gunicorn

    prepare_and_exec_gunicorn(host=host, port=port, workers=workers, prepare_only=prepare_only)


@app.command()
@friendly
def demo() -> None:
    """Load a demo clinic (providers, patients, a year of sessions, lots, follow-ups, adverse
    events) into the database, once, and print its logins: they work only in demo mode
    (`make run`, or TOXFILL_DEMO=1)."""
    from toxfill.web.clinic.console import load_demo_database

    load_demo_database()


_SIZE_SUFFIXES = {"": 1, "k": 1_000, "m": 1_000_000}


def _size(text: str, option: str) -> int:
    """A count as people write one: 300, 10k, 100k, 1M (underscores allowed)."""
    cleaned = text.strip().replace("_", "").lower()
    number, suffix = (cleaned[:-1], cleaned[-1]) if cleaned[-1:] in "km" else (cleaned, "")
    if not number.isdigit() or (cleaned[-1:] in "km" and not suffix):
        raise InputError(option, f"{text!r} is not a size: give a whole number like 300, 10k or 1M")
    return int(number) * _SIZE_SUFFIXES[suffix]


@app.command()
@friendly
def synth(
    clinics: Annotated[str, typer.Option(help="How many clinics in the chain.")] = "50",
    sessions: Annotated[
        str, typer.Option(help="Treatment sessions in all, shared among the clinics: 10k, 1M.")
    ] = "10k",
    seed: Annotated[int, typer.Option(help="The same seed writes the same rows.")] = 0,
    add: Annotated[
        bool, typer.Option("--add", help="Write beside the clinics the database already holds.")
    ] = False,
) -> None:
    """Write a synthetic chain of clinics to measure on into the database, in bulk (COPY on
    PostgreSQL): per clinic 2-6 providers, a front desk and a manager, a patient per five
    sessions, sessions over three years with 3-8 injection points at label doses, lots, the
    planner's follow-ups and an adverse event per 200 sessions. Its people cannot sign in.
    The change-history tables are not filled. Refused into a database with clinics in it
    unless --add is given."""
    clinic_count, session_count = _size(clinics, "--clinics"), _size(sessions, "--sessions")
    if clinic_count < 1:
        raise InputError("--clinics", "give at least 1 clinic")
    if seed < 0:
        raise InputError("--seed", "give a whole number, 0 or more")
    from toxfill.web.clinic.console import load_synthetic_chain

    load_synthetic_chain(seed=seed, clinics=clinic_count, sessions=session_count, add=add)


passport_app = typer.Typer(
    help="Treatment passports: check one another clinic signed.", no_args_is_help=True
)
app.add_typer(passport_app, name="passport")


@passport_app.command("verify")
@friendly
def passport_verify(
    file: Annotated[Path, typer.Argument(help="A .smart-health-card file, a JWS, or shc:/ text")],
    keys: Annotated[
        str | None,
        typer.Option(
            help="A key set to check the signature with (file or https URL); the issuer is then "
            "not verified. Default: the keys the issuer publishes at its own address."
        ),
    ] = None,
    format: Annotated[ListFormat, typer.Option("--format", "-f")] = ListFormat.TABLE,
) -> None:
    """Check a passport's signature and say how far it proves who issued it: only an issuer on
    the trusted list (TOXFILL_TRUSTED_ISSUERS) is verified. A changed or wrongly signed
    passport exits 2."""
    import datetime as dt
    import time

    from toxfill import passport
    from toxfill.passport.keys import (
        configured_trusted_issuers,
        fetch_key_set,
        read_key_set_file,
    )
    from toxfill.passport.trust import KeySource, jwks_address, verdict

    try:
        text = file.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise passport.PassportError(f"cannot read {file}: {exc}") from None
    token = passport.passport_from_text(text)
    issuer = passport.claimed_issuer(token)
    trusted = configured_trusted_issuers().get(issuer)
    if trusted is not None:  # its listed keys, whatever key set came with the card
        key_set = fetch_key_set(trusted.jwks_url, "the trusted issuer's key address")
        source = KeySource.TRUSTED_ISSUER
    elif keys:
        is_url = keys.startswith(("https://", "http://"))
        key_set = fetch_key_set(keys, "--keys") if is_url else read_key_set_file(keys)
        source = KeySource.GIVEN
    else:
        key_set = fetch_key_set(jwks_address(issuer), "the passport's issuer")
        source = KeySource.ISSUER_ADDRESS
    card = passport.read_passport(token, key_set, now=int(time.time()))
    said = verdict(source, card.issuer, trusted.name if trusted else "")
    signed = dt.datetime.fromtimestamp(card.signed_at, tz=dt.UTC).isoformat()
    kinds = card.kinds()
    if format is ListFormat.JSON:
        _print_json(
            {
                "schema": "toxfill.passport-check/1",
                "verified": True,
                "issuer_verified": said.issuer_verified,
                "keys_from": str(source),
                "explanation": said.explanation,
                "issuer": card.issuer,
                "key_id": card.key_id,
                "signed_at": signed,
                "resources": kinds,
                "bundle": dict(card.bundle),
            }
        )
        return
    colour = "green" if said.issuer_verified else "yellow"
    out.print(f"[bold {colour}]{said.headline}.[/]")
    out.print(said.explanation, markup=False)
    out.print(f"Issuer:    {card.issuer}", markup=False)
    out.print(f"Key:       {card.key_id}", markup=False)
    out.print(f"Signed at: {signed}", markup=False)
    out.print("Holds:     " + ", ".join(f"{n} {k}" for k, n in sorted(kinds.items())), markup=False)


def main() -> None:
    """Entry point: no traceback reaches the user unless TOXFILL_DEBUG is set."""
    try:
        app()
    except Exception as exc:  # a bug, not bad input: say so plainly
        if os.environ.get("TOXFILL_DEBUG"):
            raise
        err.print(
            f"internal error: {type(exc).__name__}: {exc}\n"
            "This is a bug in toxfill; rerun with TOXFILL_DEBUG=1 for details and report it."
        )
        sys.exit(70)


if __name__ == "__main__":
    main()
