"""No core module escapes the import contract: every module of toxfill outside web and cli is
a source of the contract that forbids Django, ninja, Typer and the database drivers, so a new
core module is checked from the day it is added."""

from __future__ import annotations

import tomllib
from pathlib import Path

import toxfill

PACKAGE = Path(toxfill.__file__).parent
PYPROJECT = PACKAGE.parent.parent / "pyproject.toml"
EDGES = {"web", "cli"}


def top_level_modules() -> set[str]:
    names = {path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__"}
    names |= {path.parent.name for path in PACKAGE.glob("*/__init__.py")}
    return {f"toxfill.{name}" for name in names - EDGES}


def forbidden_contract() -> dict[str, object]:
    contracts = tomllib.loads(PYPROJECT.read_text())["tool"]["importlinter"]["contracts"]
    [contract] = [c for c in contracts if c["type"] == "forbidden"]
    return dict(contract)


def test_every_core_module_is_a_source_of_the_forbidden_contract() -> None:
    sources = set(forbidden_contract()["source_modules"])  # type: ignore[call-overload]

    assert top_level_modules() - sources == set()


def test_the_contract_forbids_the_frameworks_and_the_edges() -> None:
    forbidden = set(forbidden_contract()["forbidden_modules"])  # type: ignore[call-overload]

    assert {"django", "ninja", "typer", "psycopg", "toxfill.web", "toxfill.cli"} <= forbidden
