"""`toxfill demo`, `toxfill synth` and `toxfill audit verify` from the command line: the
database prepared, then the demo clinic or a synthetic chain loaded, or the audit chains
checked.

Imported before Django is set up, so Django is imported inside the functions only.
"""

from __future__ import annotations

import os
import re
import secrets
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from toxfill.errors import InputError, ToxfillError
from toxfill.web.environment import secret_key_file
from toxfill.web.serve import create_secret_key

if TYPE_CHECKING:
    from toxfill.web.clinic.audit_verify import ChainReport


class NotMigrated(ToxfillError):
    """The database has no audit chain yet: it was never migrated to this version."""


def _prepare_django(*, keep_a_key: bool = True) -> None:
    """Settings, a secret key kept in the data folder, and Django set up. A command that
    signs and seals nothing (`keep_a_key=False`) writes no key file: it runs under a
    throwaway key when none is configured."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
    if not os.environ.get("TOXFILL_SECRET_KEY"):
        if keep_a_key:
            create_secret_key(secret_key_file())  # 0600 from the start, as `serve` makes it
        elif not secret_key_file().is_file():
            os.environ["TOXFILL_SECRET_KEY"] = secrets.token_urlsafe(32)

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
    run_management_command("open_clinic", **options)


def run_management_command(name: str, *args: str, **options: object) -> None:
    """Migrate the configured database, then run one of toxfill's management commands."""
    _prepare_django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)
    call_command(name, *args, **options)


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


def verify_audit_chains(clinic: str | None, noted: Sequence[str] = ()) -> list[ChainReport]:
    """Each clinic's audit chain checked (only `clinic`'s, by public ID or exact name, when
    given), in the order the clinics were made, each through the head `noted` for it
    (CLINIC-ID:PLACE:HASH) if any. Reads only."""
    heads = [noted_head(text) for text in noted]  # refused before Django starts
    _prepare_django(keep_a_key=False)
    from django.db import connection

    if connection.vendor == "sqlite" and not connection.is_in_memory_db():  # type: ignore[attr-defined]
        name = Path(str(connection.settings_dict["NAME"]))
        if not name.exists():  # connecting would make an empty one
            raise NotMigrated(f"there is no database at {name} (TOXFILL_DATA_DIR)")

    from toxfill.web.clinic.audit_verify import NotedHead, verify
    from toxfill.web.clinic.models import AuditChainHead, Clinic

    if AuditChainHead._meta.db_table not in connection.introspection.table_names():
        raise NotMigrated(
            "this database has no audit chain: migrate it first (`toxfill serve --prepare-only`)"
        )
    clinics = Clinic.objects.order_by("pk")
    if clinic is not None:
        clinics = clinics.filter(**_clinic_lookup(clinic))
        if not clinics:
            known = ", ".join(repr(c.name) for c in Clinic.objects.order_by("pk")[:10])
            raise InputError(
                "--clinic",
                f"no clinic has the ID or name {clinic!r}; "
                + (f"the clinics include {known}" if known else "this database has no clinic"),
            )
    return verify(clinics, [NotedHead(*head) for head in heads])


def noted_head(text: str) -> tuple[uuid.UUID, int, str]:
    """A head as noted elsewhere, CLINIC-ID:PLACE:HASH (the hourly log line's form)."""
    clinic, _, rest = text.strip().partition(":")
    seq, _, hash_ = rest.partition(":")
    try:
        clinic_id = uuid.UUID(clinic)
    except ValueError:
        clinic_id = None
    if clinic_id is None or not seq.isdigit() or not re.fullmatch(r"[0-9a-f]{64}", hash_):
        raise InputError(
            "--noted",
            f"{text!r} is not a noted head: give CLINIC-ID:PLACE:HASH as the hourly "
            "'audit chain head' log line or a verify run shows it, e.g. "
            "3f1e8a52-3a5b-4a57-9e1c-0c1f1d1e2f3a:1042:<64 hex digits>",
        )
    return clinic_id, int(seq), hash_


def _clinic_lookup(given: str) -> dict[str, object]:
    try:
        return {"public_id": uuid.UUID(given)}
    except ValueError:
        return {"name": given}
