"""`toxfill-manage reseal_signing_keys`: after the secret key changed (the old one kept in
TOXFILL_SECRET_KEY_FALLBACKS), seal every clinic's passport signing key under the new one, and
say whether the old key can now leave the fallbacks."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from toxfill.web.clinic.actions.keys import reseal_every_key


class Command(BaseCommand):
    help = (
        "Seal every clinic's passport signing key, retired ones included, under the current "
        "secret key; run it after changing the secret key, before removing the old one from "
        "TOXFILL_SECRET_KEY_FALLBACKS. Fails, naming them, if a current key opens with no "
        "configured secret key."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        done = reseal_every_key()
        self.stdout.write(
            f"Passport signing keys: {done.sealed_again} sealed again under the current secret "
            f"key, {done.already_current} already were."
        )
        if done.unopened_retired:
            self.stdout.write(
                "Retired keys no secret key opens (they never sign again; the passports they "
                f"signed still verify): {', '.join(done.unopened_retired)}."
            )
        if done.unopened_current:
            raise CommandError(
                "no configured secret key opens the current signing key of "
                f"{', '.join(done.unopened_current)}: keep the old secret key in "
                "TOXFILL_SECRET_KEY_FALLBACKS, or have a manager there rotate the key "
                "(toxfill-manage rotate_signing_key)"
            )
        self.stdout.write(
            "Every current key opens with the current secret key: the signing keys no longer "
            "need the earlier ones in TOXFILL_SECRET_KEY_FALLBACKS. Patients' calendar "
            "subscriptions made before still do (their addresses are signed with the old key), "
            "and removing it signs everyone out."
        )
