"""A setting from the environment that is not valid stops start-up with a message naming the
variable and what would be valid, never a bare ValueError traceback."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from toxfill.web.environment import env_int


@pytest.mark.parametrize(("raw", "expected"), [(None, 3), ("", 3), ("0", 0), ("14", 14)])
def test_a_whole_number_in_range_is_read(
    raw: str | None, expected: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    if raw is None:
        monkeypatch.delenv("TOXFILL_REMINDER_DAYS", raising=False)
    else:
        monkeypatch.setenv("TOXFILL_REMINDER_DAYS", raw)
    assert env_int("TOXFILL_REMINDER_DAYS", 3, 0, 60) == expected


@pytest.mark.parametrize("raw", ["three", "-1", "61", "2.5", "1e3"])
def test_anything_else_names_the_variable_and_the_range(
    raw: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOXFILL_REMINDER_DAYS", raw)
    with pytest.raises(ImproperlyConfigured) as refused:
        env_int("TOXFILL_REMINDER_DAYS", 3, 0, 60)
    assert str(refused.value) == (
        f"TOXFILL_REMINDER_DAYS must be a whole number from 0 to 60, not {raw!r}"
    )


def test_postgresql_goes_through_a_bounded_pool_per_worker(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from toxfill.web import settings

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/toxfill")
    monkeypatch.setenv("TOXFILL_DB_POOL_SIZE", "6")

    database = settings.database()

    assert database["CONN_MAX_AGE"] == 0  # Django refuses persistent connections with a pool
    assert database["OPTIONS"]["pool"]["max_size"] == 6  # type: ignore[index]
    assert database["OPTIONS"]["pool"]["timeout"] < 30  # type: ignore[index]


def test_sqlite_waits_for_its_one_writer_as_long_as_postgresql_waits_for_a_connection(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from toxfill.web import settings

    monkeypatch.delenv("DATABASE_URL", raising=False)

    database = settings.database()

    assert database["OPTIONS"]["timeout"] == settings.POOL_TIMEOUT  # type: ignore[index]
    assert settings.POOL_TIMEOUT < 30  # gunicorn restarts a worker whose request takes 30 s


def test_a_pool_size_of_0_leaves_pooling_to_a_pooler_in_front(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from toxfill.web import settings

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/toxfill")
    monkeypatch.setenv("TOXFILL_DB_POOL_SIZE", "0")

    database = settings.database()

    assert "pool" not in (database.get("OPTIONS") or {})  # type: ignore[operator]
    assert database["CONN_MAX_AGE"] == 0


def test_a_pool_size_that_is_not_a_number_names_the_variable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from toxfill.web import settings

    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/toxfill")
    monkeypatch.setenv("TOXFILL_DB_POOL_SIZE", "lots")

    with pytest.raises(ImproperlyConfigured, match="TOXFILL_DB_POOL_SIZE"):
        settings.database()
