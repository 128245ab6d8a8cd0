"""Writing a synthetic chain (toxfill.web.clinic.synth) in bulk: COPY on PostgreSQL, executemany
in one transaction a clinic on SQLite. Rows skip the actions and the change history on purpose:
they are made to measure on, at a million sessions, not to be audited. What the actions would
have kept beside them, the reports' monthly summary, is rebuilt at the end.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, transaction
from django.db.backends.utils import CursorWrapper
from psycopg.copy import QueuedLibpqWriter

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.actions.report_summary import rebuild_report_summary
from toxfill.web.clinic.models import Clinic, MonthlySummary
from toxfill.web.clinic.synth import COLUMNS, ClinicRows, Ids, Shapes, chain_rows

Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class Loaded:
    clinics: int
    sessions: int
    rows: int
    seconds: float


def models_by_table() -> dict[str, Any]:
    return {
        model._meta.db_table: model
        for model in apps.get_models()
        if model._meta.db_table in COLUMNS
    }


def check_columns() -> None:
    """Each table's generated columns are exactly its model's: none missing, none unknown."""
    for table, model in models_by_table().items():
        wanted = [f.attname for f in model._meta.concrete_fields]
        if sorted(wanted) != sorted(COLUMNS[table]):
            raise AssertionError(f"{table}: the model has {wanted}, synth makes {COLUMNS[table]}")


def _sqlite_datetime(value: dt.datetime | None) -> str | None:
    # As Django stores them on SQLite: UTC, without the offset.
    return None if value is None else value.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ")


def _converters(table: str, postgresql: bool) -> list[Convert | None]:
    model = models_by_table()[table]
    found: list[Convert | None] = []
    for name in COLUMNS[table]:
        kind = next(f for f in model._meta.concrete_fields if f.attname == name).get_internal_type()
        if kind == "JSONField":
            found.append(json.dumps)
        elif postgresql:
            found.append(None)  # psycopg writes UUIDs, dates and decimals itself
        elif kind == "UUIDField":
            found.append(lambda value: value.hex)
        elif kind == "DateTimeField":
            found.append(_sqlite_datetime)
        elif kind in ("DateField", "DecimalField"):
            found.append(lambda value: None if value is None else str(value))
        else:
            found.append(None)
    return found


def _converted(
    rows: list[tuple[Any, ...]], converters: list[Convert | None]
) -> Iterable[tuple[Any, ...]]:
    pairs = [(index, convert) for index, convert in enumerate(converters) if convert is not None]
    for row in rows:
        values = list(row)
        for index, convert in pairs:
            values[index] = convert(values[index])
        yield tuple(values)


class _Writer:
    def __init__(self, cursor: CursorWrapper) -> None:
        self.cursor = cursor
        self.postgresql = connection.vendor == "postgresql"
        self.converters = {table: _converters(table, self.postgresql) for table in COLUMNS}

    def first_ids(self) -> Ids:
        """Past every ID the tables hold or have handed out, read from their sequences (not
        the tables: a chain's tables are read one clinic at a time)."""
        starts = {}
        for table in COLUMNS:
            if self.postgresql:
                self.cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id'))", [table])
                starts[table] = self.cursor.fetchone()[0]
            else:
                self.cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
                found = self.cursor.fetchone()
                starts[table] = (found[0] if found else 0) + 1
        return Ids(starts)

    def write(self, batch: ClinicRows) -> None:
        for table, rows in batch.tables.items():
            if not rows:
                continue
            columns = ", ".join(connection.ops.quote_name(c) for c in COLUMNS[table])
            values = _converted(rows, self.converters[table])
            if self.postgresql:
                copy_sql = f"COPY {connection.ops.quote_name(table)} ({columns}) FROM STDIN"
                # A writer thread sends the rows while the next are made: the server and
                # the generator each have a core.
                raw = self.cursor.cursor
                with raw.copy(copy_sql, writer=QueuedLibpqWriter(raw)) as copy:
                    for row in values:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(COLUMNS[table]))
                insert = (
                    f"INSERT INTO {connection.ops.quote_name(table)} ({columns}) VALUES ({marks})"
                )
                self.cursor.executemany(insert, list(values))

    def move_sequences(self, batch: ClinicRows) -> None:
        """PostgreSQL's sequences to the last ID written (SQLite's follow the rows)."""
        if self.postgresql:
            for table, following in batch.next_ids.items():
                # An unused sequence stays at 1 not yet handed out: a sequence never goes to 0.
                self.cursor.execute(
                    "SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)",
                    [table, max(following - 1, 1), following > 1],
                )


def refuse_a_used_database(add: bool, seed: int) -> None:
    """Refused (InputError naming the option) into a database that holds clinics, unless
    `add`; and twice with one seed, whose usernames would clash."""
    from django.contrib.auth.models import User

    held = Clinic.objects.count()
    if held and not add:
        raise InputError(
            "--add",
            f"the database already holds {held} clinics: give --add to write a chain beside them",
        )
    if User.objects.filter(username__startswith=f"synth{seed}-c").exists():
        raise InputError(
            "--seed", f"a chain of seed {seed} is already in the database: give another seed"
        )


def _made_ahead(made: Iterator[ClinicRows]) -> Iterator[ClinicRows]:
    """The next clinic made in a thread while this one is written: the writer mostly waits on
    the database (COPY, and the foreign-key checks at commit), which frees the interpreter."""
    ready: queue.Queue[ClinicRows | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()

    def make() -> None:
        try:
            for batch in made:
                if stop.is_set():
                    return
                ready.put(batch)
            ready.put(None)
        except BaseException as exc:  # handed to the writer, which raises it
            ready.put(exc)

    maker = threading.Thread(target=make, name="synth-maker", daemon=True)
    maker.start()
    try:
        while (found := ready.get()) is not None:
            if isinstance(found, BaseException):
                raise found
            yield found
    finally:
        stop.set()
        with contextlib.suppress(queue.Empty):
            ready.get_nowait()  # unblock a maker waiting to hand over a clinic
        maker.join()


def load_chain(
    *,
    seed: int,
    clinics: int,
    sessions: int,
    add: bool = False,
    today: dt.date | None = None,
    progress: Callable[[ClinicRows], None] = lambda batch: None,
) -> Loaded:
    """Write a synthetic chain into the configured database, one clinic a transaction;
    `progress` is told of each clinic written."""
    import time

    started = time.perf_counter()
    refuse_a_used_database(add, seed)
    check_columns()
    shapes = Shapes.of(bundled_knowledge())
    day = today or dt.date.today()
    rows = written = 0
    clinic_ids: list[int] = []
    with connection.cursor() as cursor:
        writer = _Writer(cursor)
        with transaction.atomic():
            ids = writer.first_ids()
        made = chain_rows(shapes, seed=seed, clinics=clinics, sessions=sessions, today=day, ids=ids)
        for batch in _made_ahead(made):
            with transaction.atomic():
                writer.write(batch)
                writer.move_sequences(batch)
            rows += batch.count()
            written += batch.sessions
            clinic_ids.extend(row[0] for row in batch.tables["clinic_clinic"])
            progress(batch)
        # Fresh statistics: a planner that still thinks the tables are empty picks nested
        # loops over a million rows (the patients page took 84 ms at 1M sessions, 19 after).
        # The summary is counted after, with them.
        cursor.execute("ANALYZE")
        rows += rebuild_report_summary(clinic_ids)
        cursor.execute(f"ANALYZE {connection.ops.quote_name(MonthlySummary._meta.db_table)}")
    return Loaded(clinics, written, rows, time.perf_counter() - started)
