"""A Spanish catalogue broken on purpose: the bundled catalogues copied, one of them changed,
and what loading them refuses."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from toxfill.errors import KnowledgeError
from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.loader import BUNDLED_DATA
from toxfill.knowledge.translation import translated

Change = Callable[[dict[str, Any]], None]


def catalogue_changed(part: str, tmp_path: Path, change: Change) -> Path:
    """A data directory holding the bundled Spanish catalogues, `part`'s (triage, compare,
    decide, plan) after `change`."""
    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA / "es", data / "es")
    path = data / "es" / f"{part}.yaml"
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(raw)
    path.write_text(yaml.safe_dump(raw, allow_unicode=True), encoding="utf-8")
    return data


def refusal(part: str, tmp_path: Path, change: Change) -> KnowledgeError:
    """What loading the Spanish knowledge base says when `part`'s catalogue had `change`."""
    data = catalogue_changed(part, tmp_path, change)
    with pytest.raises(KnowledgeError) as raised:
        translated(bundled_knowledge(), "es", data)
    return raised.value
