"""`toxfill-manage open_clinic`: open a clinic and its first manager without a Python shell,
and print a one-time link where the manager chooses a password. The manager then invites
everyone else from the Members page (the invitation actions).

    toxfill-manage open_clinic --name "Lakeside Skin" --time-zone Europe/London \\
        --manager mia --manager-email mia@example.org --site https://clinic.example.org
    toxfill-manage open_clinic --sign-in-link-for mia --site https://clinic.example.org
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser

from toxfill.errors import InputError
from toxfill.web.clinic.actions.clinics import open_clinic_for_new_manager
from toxfill.web.clinic.first_password import sign_in_link

LOCAL_SITE = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Open a clinic with its first manager and print the manager's one-time sign-in link."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--name", help="The clinic's name, as patients know it.")
        parser.add_argument("--time-zone", default="UTC", help="IANA zone, e.g. Europe/London.")
        parser.add_argument("--jurisdiction", default="", help="Where it is licensed, e.g. NY.")
        parser.add_argument("--manager", help="The first manager's username (a new account).")
        parser.add_argument("--manager-email", default="", help="The manager's e-mail address.")
        parser.add_argument(
            "--sign-in-link-for",
            metavar="USERNAME",
            help="Only print a new one-time link for this existing account.",
        )
        parser.add_argument(
            "--site", default=LOCAL_SITE, help=f"The site's address (default {LOCAL_SITE})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        site = options["site"]
        if not site.startswith(("https://", "http://")):
            raise CommandError(f"--site: {site!r} is not an address, e.g. {LOCAL_SITE}")
        again = options["sign_in_link_for"]
        if again:
            user = User.objects.filter(username=again, is_active=True).first()
            if user is None:
                raise CommandError(f"--sign-in-link-for: no active account is named {again!r}")
            self._print_link(site, user)
            return
        try:
            manager = open_clinic_for_new_manager(
                name=options["name"] or "",
                time_zone=options["time_zone"],
                jurisdiction=options["jurisdiction"],
                manager=options["manager"] or "",
                manager_email=options["manager_email"],
            )
        except InputError as exc:
            raise CommandError(f"--{exc.field.replace('_', '-')}: {exc.problem}") from None
        user, username = manager.user, manager.user.get_username()
        self.stdout.write(
            f"Opened {manager.clinic.name} ({manager.clinic.time_zone}) with {username} as its "
            "manager."
        )
        self._print_link(site, user)

    def _print_link(self, site: str, user: User) -> None:
        self.stdout.write(
            f"{user.get_username()} chooses a password here (works once, for a few days; "
            "keep it private, like a key):"
        )
        self.stdout.write(f"  {sign_in_link(site, user)}")
        self.stdout.write("Then sign in at /clinic/ and invite the others from the Members page.")
