"""`toxfill-manage citus_plan`: the SQL that lays this database's tables out on Citus."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from toxfill.web.clinic import citus


class Command(BaseCommand):
    help = (
        "Print the SQL that distributes the clinical tables by clinic_id on a distributed "
        "PostgreSQL (Citus): keys that include the clinic, reference and distributed tables. "
        "It reads the constraint names from the configured PostgreSQL database; it runs nothing."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                f"DATABASE_URL names a {connection.vendor} database: the plan is for "
                "PostgreSQL (migrate a PostgreSQL database first, then run this against it)"
            )
        layout = citus.plan(connection)
        if layout.problems:
            raise CommandError("Not ready for Citus:\n  " + "\n  ".join(layout.problems))
        keys = layout.plain_postgresql()
        self.stdout.write("-- Keys that include the clinic: plain PostgreSQL, in one transaction.")
        self.stdout.write("\n".join(["BEGIN;", *keys, "COMMIT;"]))
        self.stdout.write("-- Then, on the Citus coordinator, the tables' places.")
        self.stdout.write("\n".join(layout.statements()[len(keys) :]))
