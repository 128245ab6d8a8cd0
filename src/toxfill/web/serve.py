"""`toxfill serve`: prepare the key, database and static files, then run gunicorn."""

from __future__ import annotations

import os
import secrets
import shutil
import sys

from toxfill.errors import InputError
from toxfill.web.environment import secret_key_file


def prepare_and_exec_gunicorn(host: str, port: int, workers: int) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
    key_file = secret_key_file()
    if not os.environ.get("TOXFILL_SECRET_KEY") and not key_file.exists():
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(50), encoding="utf-8")
        key_file.chmod(0o600)

    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    if settings.DEMO:  # `make run`: the demo clinic on first start, its logins on every start
        call_command("demo")

    gunicorn = shutil.which("gunicorn", path=os.path.dirname(sys.executable)) or shutil.which(
        "gunicorn"
    )
    if gunicorn is None:
        raise InputError("serve", "gunicorn is not installed; run `make run` instead")
    print(f"toxfill is serving on http://{host}:{port}/ (Ctrl-C stops it)", flush=True)
    os.execv(
        gunicorn,
        [
            gunicorn,
            "toxfill.web.wsgi",
            f"--bind={host}:{port}",
            f"--workers={workers}",
            "--access-logfile=-",
            # Paths only: the public pages carry health answers in their query strings.
            '--access-logformat=%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss',
        ],
    )
