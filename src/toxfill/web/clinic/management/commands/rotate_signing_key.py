"""`toxfill-manage rotate_signing_key --clinic <id> --manager <username> --reason "..."`: a
clinic's passport signing key rotated by the operator, in a manager's name, without the API
(e.g. when the secret key it was sealed under is lost); prints the new key's ID."""

from __future__ import annotations

import uuid
from argparse import ArgumentParser
from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from toxfill.errors import InputError
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import keys
from toxfill.web.clinic.errors import NotAllowed, RecordNotFound
from toxfill.web.clinic.models import Clinic


class Command(BaseCommand):
    help = (
        "Retire a clinic's passport signing key and make a new one, in a manager's name and "
        "with the reason (logged); the retired key stays published, so the passports it "
        "signed still verify. Prints the new key's ID."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--clinic", required=True, help="the clinic's public ID (a UUID)")
        parser.add_argument("--manager", required=True, help="the username of a manager there")
        parser.add_argument("--reason", required=True, help="why, e.g. 'secret key lost'")
        parser.add_argument(
            "--compromised",
            action="store_true",
            help="the key may be in someone else's hands: withdraw it from the published keys "
            "at once, so nothing it signed verifies any more",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        clinic_id, username = options["clinic"], options["manager"]
        try:
            clinic = Clinic.objects.get(public_id=uuid.UUID(clinic_id))
        except (ValueError, Clinic.DoesNotExist):
            raise CommandError(f"no clinic with the ID {clinic_id!r}") from None
        user = User.objects.filter(username=username).first()
        try:
            if user is None:
                raise RecordNotFound("clinic")
            member = scoping.member_of(user, clinic.public_id)
            key = keys.rotate_signing_key(
                member, reason=options["reason"], compromised=options["compromised"]
            )
        except RecordNotFound:
            raise CommandError(f"{username!r} does not work at {clinic.name}") from None
        except NotAllowed:
            raise CommandError(f"{username!r} is not a manager at {clinic.name}") from None
        except InputError as exc:
            raise CommandError(f"--reason: {exc.problem}") from None
        kept = (
            "the old key is withdrawn: nothing it signed verifies any more"
            if options["compromised"]
            else "the retired key stays published, so the passports it signed still verify"
        )
        self.stdout.write(f"{clinic.name}: new passport signing key {key.kid}; {kept}.")
