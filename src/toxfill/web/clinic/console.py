"""`toxfill demo` and `toxfill synth` from the command line: the database prepared, then the
demo clinic or a synthetic chain loaded.

Imported before Django is set up, so Django is imported inside the functions only.
"""

from __future__ import annotations

import os

from toxfill.web.environment import secret_key_file
from toxfill.web.serve import create_secret_key


def _prepare_django() -> None:
    """Settings, a secret key kept in the data folder, and Django set up."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
    if not os.environ.get("TOXFILL_SECRET_KEY"):
        create_secret_key(secret_key_file())  # 0600 from the start, as `toxfill serve` makes it

    import django
    from django.apps import apps

    if not apps.ready:  # set up again, logging would be bound anew to whatever stderr is now
        django.setup()


def load_demo_database() -> None:
    """Migrate the configured database, load the demo clinic once and print its logins."""
    _prepare_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo")


def open_a_clinic(**options: str) -> None:
    """Migrate the configured database, then `open_clinic` (a clinic, its first manager and
    the manager's one-time sign-in link)."""
    _prepare_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command("open_clinic", **options)


def load_synthetic_chain(*, seed: int, clinics: int, sessions: int, add: bool) -> None:
    """Migrate the configured database and write a synthetic chain into it, with a progress
    bar on stderr and the rows a second at the end."""
    _prepare_django()
    from django.core.management import call_command
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeRemainingColumn,
    )

    from toxfill.web.clinic.synth_write import load_chain, refuse_a_used_database

    call_command("migrate", interactive=False, verbosity=0)
    refuse_a_used_database(add, seed)  # before the bar: a refusal is one line
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeRemainingColumn(), console=Console(stderr=True)) as bar:
        task = bar.add_task("sessions", total=sessions)
        loaded = load_chain(
            seed=seed,
            clinics=clinics,
            sessions=sessions,
            add=add,
            progress=lambda batch: bar.advance(task, batch.sessions),
        )
    rate = loaded.rows / loaded.seconds if loaded.seconds else 0.0
    print(
        f"{loaded.clinics} clinics, {loaded.sessions} sessions: {loaded.rows} rows in "
        f"{loaded.seconds:.1f} s ({rate:,.0f} rows/s)"
    )
