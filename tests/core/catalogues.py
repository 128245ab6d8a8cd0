"""A Spanish catalogue broken on purpose: the bundled catalogues copied, one of them changed."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from toxfill.knowledge.loader import BUNDLED_DATA


def catalogue_changed(part: str, tmp_path: Path, change: Callable[[dict[str, Any]], None]) -> Path:
    """A data directory holding the bundled Spanish catalogues, `part`'s (triage, compare,
    decide, plan) after `change`."""
    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA / "es", data / "es")
    path = data / "es" / f"{part}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return data
