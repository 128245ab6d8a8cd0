"""Every log line also goes to syslog, for a logically separate system to keep and watch (ASVS
5.0 V16.4.3): TOXFILL_LOG_SYSLOG names where, in gunicorn's syntax, which gunicorn's own
lines (access, errors) follow too (gunicorn_conf).

    unix:///dev/log              the machine's syslog daemon (journald, rsyslog), which forwards
                                 to the separate system over TLS (rsyslog's gtls driver,
                                 syslog-ng's tls(), journald's upload)
    udp://127.0.0.1:514          a relay on this machine, by UDP or TCP
    tcp://127.0.0.1:601

syslog's own UDP and TCP are unencrypted, so an address on another machine is refused (as
every plain connection off the machine is: connection_tls), unless the operator writes
TOXFILL_ALLOW_UNENCRYPTED_NETWORK=1. Lines go with facility local0 and the tag `toxfill`, in
the log's format (TOXFILL_LOG_FORMAT: text, or JSON after the tag). Once an hour each clinic's
audit chain head is logged too (clinic.tasks.log_audit_chain_heads), so the separate system
holds the heads `toxfill audit verify --noted` compares a chain with.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from toxfill.web.connection_tls import network_trusted, on_this_machine

VARIABLE = "TOXFILL_LOG_SYSLOG"
TAG = "toxfill"
DEFAULT_PORT = 514


@dataclass(frozen=True)
class SyslogTarget:
    address: str | tuple[str, int]
    socktype: int | None  # None: a Unix socket, either kind (the standard library tries both)


def syslog_target() -> SyslogTarget | None:
    """Where TOXFILL_LOG_SYSLOG sends the log, or None; a bad value names the setting."""
    raw = os.environ.get(VARIABLE, "").strip()
    if not raw:
        return None
    parts = urlsplit(raw)
    if parts.scheme == "unix":
        if not parts.path or not Path(parts.path).exists():
            raise ImproperlyConfigured(f"{VARIABLE} names no socket: {parts.path or raw!r}")
        return SyslogTarget(parts.path, None)
    if parts.scheme not in ("udp", "tcp"):
        raise ImproperlyConfigured(
            f"{VARIABLE} must be unix:///dev/log, udp://127.0.0.1:514 or tcp://127.0.0.1:601, "
            f"not {raw!r}"
        )
    try:
        host, port = parts.hostname or "", parts.port or DEFAULT_PORT
    except ValueError:
        raise ImproperlyConfigured(f"{VARIABLE} has no port number in {raw!r}") from None
    if not on_this_machine(host) and not network_trusted():
        raise ImproperlyConfigured(
            f"{VARIABLE} would send the log unencrypted to {host!r}: send it to this machine's "
            "syslog daemon (unix:///dev/log) and let it forward over TLS"
        )
    socktype = socket.SOCK_STREAM if parts.scheme == "tcp" else socket.SOCK_DGRAM
    return SyslogTarget((host or "127.0.0.1", port), socktype)


def syslog_handler(target: SyslogTarget, formatter: str) -> dict[str, Any]:
    """The handler of Django's LOGGING that sends each line to `target`."""
    handler: dict[str, Any] = {
        "class": "logging.handlers.SysLogHandler",
        "address": target.address,
        "facility": "local0",
        "formatter": formatter,
        "filters": ["no_link_tokens"],
    }
    if target.socktype is not None:
        handler["socktype"] = target.socktype
    return handler


class Tagged(logging.Formatter):
    """A line as syslog expects it: the tag and process first (`toxfill[4242]: ...`), then
    the line in the log's own format."""

    def __init__(self, inner: str = "plain") -> None:
        super().__init__()
        if inner == "json":
            from toxfill.web.log_format import JsonLines

            self.inner: logging.Formatter = JsonLines()
        else:
            self.inner = logging.Formatter("[%(levelname)s] %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        return f"{TAG}[{record.process}]: {self.inner.format(record)}"
