"""The visitor's address: the direct peer, or what a trusted reverse proxy says it forwarded.

Behind nginx every connection comes from the proxy, so REMOTE_ADDR alone makes every visitor
one address. X-Forwarded-For is believed only when the peer is a trusted proxy
(TOXFILL_TRUSTED_PROXIES), and then only as far as the right-most address that is not itself
a trusted proxy: anything further left was written by the client and proves nothing.
One answer for the patient-link throttle, the sign-in lockout (django-axes) and the access log.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings import this module: it imports no more of Django than it needs
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
VARIABLE = "TOXFILL_TRUSTED_PROXIES"


def trusted_proxies(entries: Iterable[str]) -> tuple[Network, ...]:
    """Each IP address or CIDR network (`10.0.0.0/8`), parsed; a bad one names the variable."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"{VARIABLE} must be comma-separated IP addresses or networks "
                f"(127.0.0.1,10.0.0.0/8), not {entry!r}"
            ) from None
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    # An IPv4 peer on a dual-stack socket is ::ffff:a.b.c.d: compare it as IPv4.
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _trusted(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    networks: tuple[Network, ...] = settings.TRUSTED_PROXIES
    return any(address in network for network in networks)


def client_address_of(meta: Mapping[str, object]) -> str:
    """The client's address from a WSGI-style environ (request.META, gunicorn's log environ)."""
    peer = str(meta.get("REMOTE_ADDR") or "")
    peer_address = _address(peer)
    if peer_address is None or not _trusted(peer_address):
        return peer
    forwarded = str(meta.get("HTTP_X_FORWARDED_FOR") or "")
    client = str(peer_address)
    # Right to left: each hop a trusted proxy appended; the first untrusted one is the client.
    for hop in reversed(forwarded.split(",")):
        address = _address(hop)
        if address is None:
            break  # garbage (or a client's "unknown"): stop at the last address we trust
        client = str(address)
        if not _trusted(address):
            break
    return client


def client_address(request: HttpRequest) -> str:
    """The address to throttle, lock out and log this request by. (AXES_CLIENT_IP_CALLABLE.)"""
    return client_address_of(request.META)
