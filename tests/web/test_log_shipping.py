"""ASVS V16.4.3: with TOXFILL_LOG_SYSLOG every log line also goes to syslog, for a separate
system to keep: received here by a syslog listener of the test's own, tagged `toxfill` with
facility local0, in the log's format, a patient link's secret left out. An address on another
machine is refused (syslog's UDP and TCP are unencrypted), naming the setting; gunicorn's own
lines follow the same address."""

from __future__ import annotations

import importlib
import json
import logging
import logging.config
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from toxfill.web import gunicorn_conf
from toxfill.web.log_format import logging_config
from toxfill.web.log_shipping import SyslogTarget, syslog_target

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

LINK_SECRET = "aVeryPrivateLinkToken0123456789abcdefABCDEF"
LOCAL0_INFO = 16 * 8 + 6  # syslog's priority: facility local0 (16), severity info (6)


@pytest.fixture
def listener() -> Iterator[socket.socket]:
    """A syslog relay on this machine: a UDP socket the log is sent to."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as relay:
        relay.bind(("127.0.0.1", 0))
        relay.settimeout(5)
        yield relay


@pytest.fixture
def shipping_to(listener: socket.socket) -> Iterator[callable]:  # type: ignore[valid-type]
    """Configure the process's logging to ship to the listener in a format; put it back after."""

    def configure(log_format: str) -> None:
        target = SyslogTarget(listener.getsockname(), socket.SOCK_DGRAM)
        logging.config.dictConfig(logging_config(log_format, target))

    yield configure
    logging.config.dictConfig(settings.LOGGING)


def received(listener: socket.socket) -> str:
    return listener.recv(65536).decode()


def test_every_line_goes_to_syslog_as_json_after_the_tag(
    listener: socket.socket,
    shipping_to: callable,  # type: ignore[valid-type]
) -> None:
    shipping_to("json")

    logging.getLogger("toxfill.sign_in").info("signed in: mia from 10.0.0.9")

    line = received(listener)
    match = re.fullmatch(r"<(\d+)>toxfill\[(\d+)\]: (\{.*\})\x00?", line)
    assert match, line
    assert int(match.group(1)) == LOCAL0_INFO
    entry = json.loads(match.group(3))
    assert (entry["logger"], entry["message"]) == (
        "toxfill.sign_in",
        "signed in: mia from 10.0.0.9",
    )


def test_refused_requests_and_text_lines_go_too_without_a_links_secret(
    listener: socket.socket,
    shipping_to: callable,  # type: ignore[valid-type]
) -> None:
    shipping_to("text")

    logging.getLogger("django.security.DisallowedHost").warning(
        "Invalid HTTP_HOST header on %s", f"/p/{LINK_SECRET}"
    )

    line = received(listener)
    assert line.startswith("<")
    assert "toxfill[" in line
    assert "[WARNING] django.security.DisallowedHost: Invalid HTTP_HOST header on /p/" in line
    assert LINK_SECRET not in line


@pytest.mark.parametrize(
    ("value", "address"),
    [
        ("udp://127.0.0.1:5514", ("127.0.0.1", 5514)),
        ("tcp://localhost:601", ("localhost", 601)),
        ("udp://127.0.0.1", ("127.0.0.1", 514)),
    ],
)
def test_a_relay_on_this_machine_is_taken(
    monkeypatch: pytest.MonkeyPatch, value: str, address: tuple[str, int]
) -> None:
    monkeypatch.setenv("TOXFILL_LOG_SYSLOG", value)
    target = syslog_target()
    assert target is not None
    assert target.address == address


def test_the_machines_syslog_socket_is_taken(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    path = tmp_path / "log"
    with socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM) as daemon:
        daemon.bind(str(path))
        monkeypatch.setenv("TOXFILL_LOG_SYSLOG", f"unix://{path}")
        target = syslog_target()
    assert target == SyslogTarget(str(path), None)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("udp://logs.example.org:514", "would send the log unencrypted to 'logs.example.org'"),
        ("unix:///no/such/socket", "names no socket: '/no/such/socket'"),
        ("syslog://127.0.0.1", "must be unix:///dev/log, udp://127.0.0.1:514"),
        ("udp://127.0.0.1:port", "has no port number"),
    ],
)
def test_a_bad_address_is_refused_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, value: str, why: str
) -> None:
    monkeypatch.delenv("TOXFILL_ALLOW_UNENCRYPTED_NETWORK", raising=False)
    monkeypatch.setenv("TOXFILL_LOG_SYSLOG", value)

    with pytest.raises(ImproperlyConfigured) as refused:
        syslog_target()

    assert str(refused.value).startswith("TOXFILL_LOG_SYSLOG")
    assert why in str(refused.value)


def test_gunicorns_own_lines_follow_the_same_address(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOXFILL_LOG_SYSLOG", "udp://127.0.0.1:5514")
    try:
        shipped = importlib.reload(gunicorn_conf)
        assert shipped.syslog is True
        assert shipped.syslog_addr == "udp://127.0.0.1:5514"
        assert (shipped.syslog_prefix, shipped.syslog_facility) == ("toxfill", "local0")
    finally:
        monkeypatch.delenv("TOXFILL_LOG_SYSLOG")
        importlib.reload(gunicorn_conf)
