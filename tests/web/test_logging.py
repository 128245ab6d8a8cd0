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


def test_every_log_goes_to_the_process_own_output_as_the_inventory_says() -> None:
    """docs/security/README.md, "What is logged, and where": the process writes its lines to
    stderr and the service manager keeps them; a handler that sends them anywhere else (a file,
    a socket, a mail) must be added to that inventory first."""
    from toxfill.web import gunicorn_conf
    from toxfill.web import settings as production

    handlers = production.LOGGING["handlers"].values()

    assert {handler["class"] for handler in handlers} == {"logging.StreamHandler"}
    assert not any("stream" in handler for handler in handlers)  # stderr, the default
    assert gunicorn_conf.accesslog == "-"
    assert getattr(gunicorn_conf, "errorlog", "-") == "-"
