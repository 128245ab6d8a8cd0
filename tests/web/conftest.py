from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from django.utils import translation
from tests.web.servers import copy_data_dir, prepare_data_dir


@pytest.fixture(scope="session")
def prepared_data_dir_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One data dir `toxfill serve --prepare-only` made, for every server test of the run to
    copy: test_serve.py alone starts from an empty one, as `make run` on a new machine."""
    template = tmp_path_factory.mktemp("prepared") / "data"
    prepare_data_dir(template)
    return template


@pytest.fixture
def prepared_data_dir(tmp_path: Path, prepared_data_dir_template: Path) -> Path:
    """A copy of the prepared data dir, the test's own."""
    return copy_data_dir(prepared_data_dir_template, tmp_path / "data")


@pytest.fixture(autouse=True)
def each_test_starts_in_english() -> Iterator[None]:
    """A Spanish request leaves Spanish active in the thread that served it (LocaleMiddleware
    activates a language and nothing resets it), which in a test is the test's own thread: a
    later test that renders without a request would speak Spanish, whatever the test order."""
    yield
    translation.deactivate()
