"""Connections to another machine are encrypted, with the server's certificate checked
(ASVS 5.0 V12.3.1 and V12.3.4): PostgreSQL (DATABASE_URL, TOXFILL_REPLICA_URL), Redis
(TOXFILL_REDIS_URL) and an S3-compatible photo store (TOXFILL_PHOTOS_S3_ENDPOINT_URL); syslog
and a node's own HTTP are checked where they are set up (log_shipping, serve). A plain
connection is accepted only to this machine (a Unix socket, or localhost, 127.0.0.0/8 or ::1),
where nothing crosses a network.

PostgreSQL to another machine needs `sslmode=verify-full` (or `verify-ca`) in its URL or in
PGSSLMODE: libpq's `require` encrypts but takes any certificate, so a machine in the middle
could read everything. Give the authority with `sslrootcert=/path/ca.pem` when it is not the
system's. Redis to another machine needs rediss://, whose certificate redis-py checks unless
told `ssl_cert_reqs=none`, which is refused.

An operator whose database is on a private network they trust may say so with
TOXFILL_ALLOW_UNENCRYPTED_NETWORK=1: their decision, written in their environment.
"""

from __future__ import annotations

import ipaddress
import os
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ImproperlyConfigured

from toxfill.web.environment import env_bool

CHECKED_SSLMODES = frozenset({"verify-full", "verify-ca"})


def on_this_machine(host: str) -> bool:
    """A host name that never leaves this machine: empty or a path (a Unix socket), localhost,
    or a loopback address."""
    host = host.strip().strip("[]").lower()
    if not host or host.startswith("/") or host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_postgresql(variable: str, url: str) -> None:
    """Refuse a PostgreSQL URL that would cross a network unencrypted or unchecked."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    hosts = [
        *_hosts(parts.netloc),
        *query.get("host", []),
    ]  # postgresql:///db?host=/var/run/postgresql
    if all(on_this_machine(host) for host in hosts) or network_trusted():
        return
    sslmode = (query.get("sslmode") or [os.environ.get("PGSSLMODE", "")])[-1]
    if sslmode not in CHECKED_SSLMODES:
        said = f"sslmode={sslmode}" if sslmode else "no sslmode"
        raise ImproperlyConfigured(
            f"{variable} reaches PostgreSQL on another machine with {said}: add "
            "?sslmode=verify-full (and sslrootcert=/path/to/ca.pem if its authority is not the "
            "system's), so the connection is encrypted and the server's certificate checked"
        )


def check_redis(variable: str, url: str) -> None:
    """Refuse a Redis URL that would cross a network unencrypted or unchecked."""
    parts = urlsplit(url)
    if parts.scheme == "unix" or on_this_machine(parts.hostname or "") or network_trusted():
        return
    if parts.scheme != "rediss":
        raise ImproperlyConfigured(
            f"{variable} reaches Redis on another machine unencrypted: use rediss:// "
            "(TLS, the server's certificate checked)"
        )
    if parse_qs(parts.query).get("ssl_cert_reqs", ["required"])[-1].lower() != "required":
        raise ImproperlyConfigured(
            f"{variable} asks Redis's certificate not to be checked (ssl_cert_reqs): leave it "
            "out, so a machine in the middle cannot pose as the server"
        )


def check_https(variable: str, url: str) -> None:
    """Refuse an HTTP service's address that would cross a network unencrypted (https checks
    the certificate by default: boto3 and urllib both do)."""
    parts = urlsplit(url)
    if parts.scheme == "https" or on_this_machine(parts.hostname or "") or network_trusted():
        return
    raise ImproperlyConfigured(
        f"{variable} reaches {parts.hostname or url!r} unencrypted: use https://"
    )


def _hosts(netloc: str) -> list[str]:
    """The host names of a libpq URL's `user@host1:port,[::1]:port` part, ports left off."""
    return [
        entry[1 : entry.index("]")] if entry.startswith("[") else entry.split(":")[0]
        for entry in netloc.rsplit("@", 1)[-1].split(",")
    ]


def network_trusted() -> bool:
    """The operator wrote that their network is private (TOXFILL_ALLOW_UNENCRYPTED_NETWORK)."""
    return env_bool("TOXFILL_ALLOW_UNENCRYPTED_NETWORK")
