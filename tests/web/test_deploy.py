"""Production settings (no TOXFILL_DEBUG, HTTPS on) pass Django's deployment checklist with
nothing to report: HSTS, HTTPS redirect, secure cookies, a strong key."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

MANAGE = Path(sys.executable).parent / "toxfill-manage"
LOCAL_SWITCHES = {
    "TOXFILL_DEBUG",
    "TOXFILL_HTTPS",
    "TOXFILL_DEMO",
    "TOXFILL_SECURE_COOKIES",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # the browser tests set it for Playwright
}


def check_deploy(tmp_path: Path, **switches: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in LOCAL_SWITCHES | {"DATABASE_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="toxfill.web.settings",
        TOXFILL_DATA_DIR=str(tmp_path),
        TOXFILL_SECRET_KEY=secrets.token_urlsafe(50),
        **switches,
    )
    return subprocess.run(
        [str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deployment_checklist(tmp_path: Path) -> None:
    result = check_deploy(tmp_path)

    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout


def test_plain_http_for_make_run_is_what_the_checklist_reports(tmp_path: Path) -> None:
    result = check_deploy(tmp_path, TOXFILL_HTTPS="0")

    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stderr + result.stdout


def test_a_missing_secret_key_is_one_line_naming_it_not_a_traceback(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k not in LOCAL_SWITCHES | {"DATABASE_URL"}}
    env.pop("TOXFILL_SECRET_KEY", None)
    env.update(DJANGO_SETTINGS_MODULE="toxfill.web.settings", TOXFILL_DATA_DIR=str(tmp_path))

    result = subprocess.run(
        [str(MANAGE), "check"], env=env, capture_output=True, text=True, timeout=120
    )

    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "TOXFILL_SECRET_KEY" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
