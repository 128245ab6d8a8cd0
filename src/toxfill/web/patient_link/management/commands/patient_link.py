"""`toxfill-manage patient_link USERNAME [PATIENT]`: issue a patient link as a clinic member
and print it (the token is shown this once), e.g. to try the link on the demo clinic."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from toxfill.errors import ToxfillError
from toxfill.web.clinic import scoping
from toxfill.web.clinic.errors import NotAllowed
from toxfill.web.patient_link.actions import issue_patient_link


class Command(BaseCommand):
    help = "Issue a patient link as a clinic member and print its address (shown once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="the member issuing it, e.g. demo-provider")
        parser.add_argument(
            "patient", nargs="?", help="the patient's ID (default: the most treated patient)"
        )
        parser.add_argument("--days", type=int, default=30, help="valid for (30)")
        parser.add_argument(
            "--site", default="http://127.0.0.1:8000", help="the site's address (make run's)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(username=options["username"]).first()
        member = scoping.memberships(user).first() if user else None
        if member is None:
            raise CommandError(f"{options['username']!r} works at no clinic here")
        patients = scoping.patients(member)
        if options["patient"]:
            try:
                patient = patients.filter(public_id=uuid.UUID(options["patient"])).first()
            except ValueError:
                patient = None
        else:
            patient = patients.annotate(n=Count("sessions")).order_by("-n", "id").first()
        if patient is None:
            raise CommandError("no such patient at that member's clinic")
        try:
            issued = issue_patient_link(member, patient.public_id, days=options["days"])
        except (ToxfillError, NotAllowed) as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"A link for {patient} at {member.clinic}, valid {options['days']} days "
            "(shown once, not stored):"
        )
        self.stdout.write(f"  {options['site'].rstrip('/')}/p/{issued.token}")
