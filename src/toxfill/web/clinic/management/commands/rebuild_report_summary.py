"""`toxfill-manage rebuild_report_summary [--clinic <id> ...]`: the reports' monthly summary
counted afresh from the sessions, for some clinics or all; for rows written around the actions
(a bulk import, a repair by hand)."""

from __future__ import annotations

import uuid
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from toxfill.web.clinic.actions.report_summary import rebuild_report_summary
from toxfill.web.clinic.models import Clinic


class Command(BaseCommand):
    help = (
        "Count the reports' monthly summary afresh from the sessions and injection points, "
        "for the clinics named (all when none is), one transaction a clinic."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--clinic",
            action="append",
            default=[],
            help="a clinic's public ID (a UUID); give it again for more clinics",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        ids: list[int] | None = None
        if options["clinic"]:
            ids = [_clinic(given) for given in options["clinic"]]
        rows = rebuild_report_summary(ids)
        clinics = len(ids) if ids is not None else Clinic.objects.count()
        self.stdout.write(f"report summary rebuilt: {clinics} clinics, {rows} rows")


def _clinic(given: str) -> int:
    try:
        return Clinic.objects.get(public_id=uuid.UUID(given)).pk
    except (ValueError, Clinic.DoesNotExist):
        raise CommandError(f"--clinic: no clinic with the ID {given!r}") from None
