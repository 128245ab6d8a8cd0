"""toxfill's own log lines name records by ID, never health details, and are kept from INFO
up: a patient's report passed on to the provider must leave a trace, as the reminders do."""

from __future__ import annotations

import logging

import pytest


@pytest.mark.parametrize(
    "name", ["toxfill.patient_link", "toxfill.signing_keys", "toxfill.reminders"]
)
def test_toxfill_info_lines_are_kept(name: str) -> None:
    assert logging.getLogger(name).isEnabledFor(logging.INFO)


def test_other_libraries_stay_at_warning() -> None:
    assert not logging.getLogger("urllib3").isEnabledFor(logging.INFO)
