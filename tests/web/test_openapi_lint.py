"""The served OpenAPI document passes the linters client generators are judged by: Redocly's
recommended rules and Spectral's OpenAPI rules, with no error and no warning beyond the few
their configs in tools/api-lint/ keep, each saying why.

The linters are npm packages, installed by `npm ci --prefix tools/api-lint` (as .ci/run does);
without them these tests skip, unless TOXFILL_REQUIRE_API_LINT=1.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.test import Client

TOOLS = Path(__file__).resolve().parents[2] / "tools" / "api-lint"
CONFIGS = ("redocly.yaml", ".redocly.lint-ignore.yaml", ".spectral.yaml")
# No usage report, no update check: the suite makes no network calls.
QUIET = {"REDOCLY_TELEMETRY": "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE": "true", "NO_COLOR": "1"}


def _linter(name: str) -> Path:
    command = TOOLS / "node_modules" / ".bin" / name
    if not command.exists():
        if os.environ.get("TOXFILL_REQUIRE_API_LINT") == "1":
            pytest.fail(f"TOXFILL_REQUIRE_API_LINT=1 but {command} is missing")
        pytest.skip(f"{name} is not installed: npm ci --prefix tools/api-lint")
    return command


@pytest.fixture
def served(client: Client, tmp_path: Path) -> Path:
    """The document /api/v1/openapi.json serves, written beside the linters' configs: the
    Redocly ignore file names the document by its path from there."""
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = tmp_path / "openapi.json"
    document.write_bytes(response.content)
    for name in CONFIGS:
        shutil.copy(TOOLS / name, tmp_path / name)
    return document


def _run(command: list[str], where: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        command,
        cwd=where,
        env={**os.environ, **QUIET},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_redocly_finds_no_error_and_no_warning(served: Path) -> None:
    redocly = _linter("redocly")
    ran = _run([str(redocly), "lint", served.name, "--format=json"], served.parent)
    report = json.loads(ran.stdout)
    problems = [
        f"{p['severity']} {p['ruleId']}: {p['message']} at {p['location'][0]['pointer']}"
        for p in report["problems"]
        if not p.get("ignored")
    ]
    assert report["totals"]["errors"] == report["totals"]["warnings"] == 0, "\n".join(problems)
    assert ran.returncode == 0, ran.stderr


def test_spectral_finds_no_error_and_no_warning(served: Path) -> None:
    spectral = _linter("spectral")
    ran = _run(
        [str(spectral), "lint", served.name, "--ruleset", ".spectral.yaml", "--fail-severity=warn"],
        served.parent,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
