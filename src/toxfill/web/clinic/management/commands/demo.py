"""`toxfill-manage demo`: load the demo clinic once, then print its logins."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from toxfill.web.clinic.demo import (
    DEMO_CLINIC,
    DEMO_PASSWORD,
    LOGINS,
    load_demo,
    refresh_demo_passwords,
)


class Command(BaseCommand):
    help = "Load the demo clinic (once) and print its logins."

    def handle(self, *args: Any, **options: Any) -> None:
        loaded = load_demo()
        if not loaded:
            refresh_demo_passwords()
        self.stdout.write(
            f"{DEMO_CLINIC}: {'loaded' if loaded else 'already loaded'}. Demo logins "
            f"(password {DEMO_PASSWORD!r}), which work only in demo mode (TOXFILL_DEMO=1):"
        )
        for login in LOGINS:
            self.stdout.write(f"  {login.username:<16} {login.role:<11} {login.name}")
        self.stdout.write("Sign in to the clinic workspace at /clinic/ (e.g. demo-provider).")
        if not settings.DEMO:
            self.stdout.write("Demo mode is off here: these logins are refused.")
