"""`toxfill backup` and `toxfill restore` run in process, as the error and encryption tests
run them."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from toxfill.cli import app


def toxfill(*args: str):
    result = CliRunner().invoke(app, list(args))
    assert "Traceback" not in result.output
    return result


def restore_into(folder: Path, archive: Path, monkeypatch: pytest.MonkeyPatch, *extra: str):
    monkeypatch.setenv("TOXFILL_DATA_DIR", str(folder))
    return toxfill("restore", str(archive), *extra)
