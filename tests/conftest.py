from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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


@pytest.fixture(autouse=True, scope="session")
def live_server_requests_take_turns_on_sqlite() -> Iterator[None]:
    """Django's live server hands its request threads the test's one in-memory SQLite
    connection (connections_override), so two requests at once, as a browser sends for a
    page's images, would share one transaction and read the same audit-chain head; production
    never shares a connection between threads. Here requests take turns. A request that
    calls back into the server (a passport's keys fetched from it) waits 2 s, then goes on."""
    from django.conf import settings
    from django.core.handlers.wsgi import WSGIHandler

    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3":
        yield
        return
    turn = threading.Lock()
    original = WSGIHandler.__call__

    def one_at_a_time(self: WSGIHandler, environ: Any, start_response: Any) -> Any:
        got = turn.acquire(timeout=2)
        try:
            return original(self, environ, start_response)
        finally:
            if got:
                turn.release()

    WSGIHandler.__call__ = one_at_a_time  # type: ignore[method-assign]
    yield
    WSGIHandler.__call__ = original  # type: ignore[method-assign]
