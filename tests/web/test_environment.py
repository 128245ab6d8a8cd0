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
