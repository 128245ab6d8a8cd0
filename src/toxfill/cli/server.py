"""The commands that need the database: serve, demo and synth, each importing Django only
once it runs."""

from __future__ import annotations

from typing import Annotated

import typer

from toxfill.cli.base import app, friendly
from toxfill.errors import InputError


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


clinic_app = typer.Typer(help="Clinics on this server, without a Python shell.")
app.add_typer(clinic_app, name="clinic")


@clinic_app.command("create")
@friendly
def clinic_create(
    name: Annotated[str, typer.Option(help="The clinic's name, as patients know it.")],
    manager: Annotated[str, typer.Option(help="The first manager's username (a new account).")],
    manager_email: Annotated[str, typer.Option(help="The manager's e-mail address.")] = "",
    time_zone: Annotated[str, typer.Option(help="IANA zone, e.g. Europe/London.")] = "UTC",
    jurisdiction: Annotated[str, typer.Option(help="Where it is licensed, e.g. NY.")] = "",
    site: Annotated[str, typer.Option(help="The site's address.")] = "http://127.0.0.1:8000",
) -> None:
    """Open a clinic with its first manager, and print the one-time link where the manager
    chooses a password (the same as `toxfill-manage open_clinic`)."""
    from django.core.management.base import CommandError

    from toxfill.web.clinic.console import open_a_clinic

    try:
        open_a_clinic(
            name=name,
            manager=manager,
            manager_email=manager_email,
            time_zone=time_zone,
            jurisdiction=jurisdiction,
            site=site,
        )
    except CommandError as exc:
        field, _, problem = str(exc).partition(": ")
        raise InputError(field.lstrip("-").replace("-", "_"), problem) from None


@clinic_app.command("operator")
@friendly
def clinic_operator(
    username: Annotated[str, typer.Argument(help="The operator's username (new or existing).")],
    email: Annotated[str, typer.Option(help="A new account's e-mail address.")] = "",
    remove: Annotated[bool, typer.Option("--remove", help="No longer an operator.")] = False,
    site: Annotated[str, typer.Option(help="The site's address.")] = "http://127.0.0.1:8000",
) -> None:
    """Make an account the server's operator, who opens clinics on the operator page
    (/clinic/operator/, always with a second factor); a new account gets a one-time link to
    choose its password (the same as `toxfill-manage operator`)."""
    from django.core.management.base import CommandError

    from toxfill.web.clinic.console import run_management_command

    try:
        run_management_command("operator", username, email=email, remove=remove, site=site)
    except CommandError as exc:
        field, _, problem = str(exc).partition(": ")
        raise InputError(field.lstrip("-").replace("-", "_"), problem) from None


_SIZE_SUFFIXES = {"": 1, "k": 1_000, "m": 1_000_000}


def _size(text: str, option: str) -> int:
    """A count as people write one: 300, 10k, 100k, 1M (underscores allowed)."""
    cleaned = text.strip().replace("_", "").lower()
    suffix = cleaned[-1:] if cleaned[-1:] in ("k", "m") else ""
    number = cleaned[: len(cleaned) - len(suffix)]
    if not number.isdigit():
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
