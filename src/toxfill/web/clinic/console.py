"""`toxfill demo` from the command line: the database prepared, then the demo clinic loaded.

Imported before Django is set up, so Django is imported inside the function only.
"""

from __future__ import annotations

import os
import secrets

from toxfill.web.environment import secret_key_file


def load_demo_database() -> None:
    """Migrate the configured database, load the demo clinic once and print its logins."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
    key_file = secret_key_file()
    if not os.environ.get("TOXFILL_SECRET_KEY") and not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.touch(mode=0o600)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")

    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("demo")
