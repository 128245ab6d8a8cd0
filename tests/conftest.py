from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from toxfill.knowledge import KnowledgeBase, bundled_knowledge, load_knowledge

pytest_plugins = [
    "tests.sql_scope",  # every clinic query names its clinic
    "tests.audit_triggers",  # the suite wipes its database past the audit tables' triggers
]

FIXTURE_KB = Path(__file__).parent / "fixtures" / "kb"


@pytest.fixture(scope="session")
def tiny_kb() -> KnowledgeBase:
    """A tiny knowledge base whose every value the tests know: for rules and rendering."""
    return load_knowledge(FIXTURE_KB)


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """The real knowledge base shipped with toxfill."""
    return bundled_knowledge()


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the tiny knowledge base, for breaking on purpose."""
    target = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, target)
    return target
