"""Reaching a SMART Health Link's server over HTTP (urllib): the transport the command line
gives `shlink.fetch_files`, and the import page for a link of another installation.

As for issuers' keys (passport.keys), only https is fetched (or http to this machine, for
development), redirects are refused, not followed, and replies are read up to a limit. A server
fetching for a visitor (`public_only`) also refuses an address that resolves to a private,
loopback or link-local address, so a pasted link cannot make it reach the inside network.
"""

from __future__ import annotations

import ipaddress
import socket
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from toxfill.passport import PassportError
from toxfill.passport.keys import TIMEOUT_SECONDS, _NoRedirects
from toxfill.passport.shlink import MAX_FILE_BYTES, Reply, Transport
from toxfill.passport.trust import fetchable

USER_AGENT = "toxfill (SMART Health Links receiver)"


def http_transport(*, public_only: bool = False) -> Transport:
    """A transport over urllib; `public_only` for a server fetching what a visitor names."""

    def send(method: str, url: str, body: bytes | None) -> Reply:
        fetchable(url, "the SMART Health Link's address")
        if public_only:
            _public(url)
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json, application/jose"}
        if body is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        opener = urllib.request.build_opener(_NoRedirects)
        try:
            with opener.open(request, timeout=TIMEOUT_SECONDS) as reply:
                return _read(reply.status, reply.headers.get("Content-Type", ""), reply, url)
        except urllib.error.HTTPError as exc:
            with exc:
                if 300 <= exc.code < 400:
                    raise PassportError(
                        f"{url} answered with a redirect: redirects are not followed"
                    ) from None
                return _read(exc.code, exc.headers.get("Content-Type", ""), exc, url)
        except (OSError, ValueError) as exc:
            raise PassportError(f"cannot reach {url}: {exc}") from None

    return send


def _read(status: int, content_type: str, stream: object, url: str) -> Reply:
    body = stream.read(MAX_FILE_BYTES + 1)  # type: ignore[attr-defined]
    if len(body) > MAX_FILE_BYTES:
        raise PassportError(f"{url} sent far more than a health record: not read")
    return Reply(status=status, content_type=content_type, body=body)


def _public(url: str) -> None:
    """PassportError unless every address the host resolves to is a public one."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    try:
        found = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        raise PassportError(f"cannot find {host}: {exc}") from None
    for *_, address in found:
        if not ipaddress.ip_address(address[0]).is_global:
            raise PassportError(
                f"{host} is an address inside a private network: this server does not fetch it"
            )
