"""`toxfill-manage operator USERNAME`: make an account the server's operator, who opens
clinics on the operator page (/clinic/operator/). A new account gets no password: the command
prints a one-time link where its owner chooses one. The operator page asks for a second factor
before anything else, so the operator sets one up at first sign-in.

    toxfill-manage operator ops --email ops@example.org --site https://clinic.example.org
    toxfill-manage operator ops --remove
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import transaction

from toxfill.web.clinic.first_password import sign_in_link

LOCAL_SITE = "http://127.0.0.1:8000"


class Command(BaseCommand):
    help = "Make an account the server's operator (opens clinics on /clinic/operator/)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username", help="The operator's username (new or existing).")
        parser.add_argument("--email", default="", help="A new account's e-mail address.")
        parser.add_argument("--remove", action="store_true", help="No longer an operator.")
        parser.add_argument(
            "--site", default=LOCAL_SITE, help=f"The site's address (default {LOCAL_SITE})."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        username, site = options["username"].strip(), options["site"]
        if not site.startswith(("https://", "http://")):
            raise CommandError(f"--site: {site!r} is not an address, e.g. {LOCAL_SITE}")
        if not username:
            raise CommandError("username: give the operator's username, e.g. ops")
        with transaction.atomic():
            user = User.objects.select_for_update().filter(username=username).first()
            if options["remove"]:
                if user is None or not user.is_staff:
                    raise CommandError(f"username: {username!r} is not an operator")
                user.is_staff = False
                user.save(update_fields=["is_staff"])
                self.stdout.write(f"{username} is no longer an operator.")
                return
            made = user is None
            if user is None:
                user = User.objects.create_user(username, options["email"].strip())
                user.set_unusable_password()
            user.is_staff = True
            user.save()
        self.stdout.write(f"{username} is an operator: /clinic/operator/ opens clinics.")
        if made:
            self.stdout.write(
                f"{username} chooses a password here (works once, for a few days; keep it "
                "private, like a key):"
            )
            self.stdout.write(f"  {sign_in_link(site, user)}")
        self.stdout.write("The operator page asks for a second factor before anything else.")
