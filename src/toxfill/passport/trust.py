"""How far a good passport signature proves who issued it.

A signature proves that the holder of a key signed the card; who holds the key is a separate
question, answered by where the key came from:

- a clinic on this installation: its keys are read from our own database;
- an issuer on the operator's list of trusted issuers: its keys from the address listed there;
- the issuer's own address (`<iss>/.well-known/jwks.json` over https): the card's issuer is
  whoever runs that address, which nobody has vouched for;
- a key set handed over with the card: anyone can make one, so the issuer is not verified.

Only the first two may say "signed by its issuer". The list of trusted issuers is a JSON file
in the format of the VCI directory of SMART Health Card issuers
(`{"participating_issuers": [{"iss": ..., "name": ...}]}`), each issuer optionally with its
`jwks_url` (else `<iss>/.well-known/jwks.json`).
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from enum import StrEnum
from typing import Any
from urllib.parse import urlsplit

from toxfill.passport import MAX_ISSUER_CHARS, PassportError

LOOPBACK_NAMES = frozenset({"localhost"})
MAX_TRUSTED_ISSUERS = 10_000


class KeySource(StrEnum):
    THIS_INSTALLATION = "this-installation"
    TRUSTED_ISSUER = "trusted-issuer"
    ISSUER_ADDRESS = "issuer-address"
    GIVEN = "given"


ISSUER_PROVEN = frozenset({KeySource.THIS_INSTALLATION, KeySource.TRUSTED_ISSUER})


@dataclass(frozen=True)
class Verdict:
    """What a good signature may be said to prove, given where its key came from."""

    issuer_verified: bool
    headline: str
    explanation: str


def verdict(source: KeySource, issuer: str, issuer_name: str = "") -> Verdict:
    who = issuer_name or issuer
    if source is KeySource.THIS_INSTALLATION:
        return Verdict(
            True,
            "Verified: signed by its issuer and unchanged",
            f"Signed with a key {who} publishes on this toxfill, read from its own records.",
        )
    if source is KeySource.TRUSTED_ISSUER:
        return Verdict(
            True,
            "Verified: signed by its issuer and unchanged",
            f"Signed with a key of {who}, an issuer on this installation's trusted list.",
        )
    if source is KeySource.ISSUER_ADDRESS:
        return Verdict(
            False,
            "Signature good, issuer not verified",
            f"Signed with a key published at {issuer} and unchanged since. Whoever runs that "
            "address signed it; it is not on the list of trusted issuers, so who that is has "
            "not been checked.",
        )
    return Verdict(
        False,
        "Signature good, issuer not verified",
        "The signature matches the key set given with the passport, and nothing changed since "
        f"it was signed. Who issued it is not verified: the card says {issuer}, but anyone can "
        "make a key set.",
    )


def fetchable(url: str, what: str) -> str:
    """`url` if keys may be fetched from it: https, or plain http to this machine itself
    (for development). The host is parsed, never matched as a prefix."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise PassportError(f"{what} is not an address: {url!r}") from None
    if parts.username is not None or parts.password is not None:
        raise PassportError(f"{what} carries a user name or password: refused ({url!r})")
    if parts.scheme == "https" and host:
        return url
    if parts.scheme == "http" and _is_loopback(host):
        return url
    raise PassportError(
        f"{what} must be an https address (or http to this machine, for development): {url!r}"
    )


def jwks_address(issuer: str) -> str:
    """Where an issuer publishes its keys, by the SMART Health Cards convention."""
    return fetchable(issuer.rstrip("/") + "/.well-known/jwks.json", "the passport's issuer")


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass(frozen=True)
class TrustedIssuer:
    iss: str
    name: str
    jwks_url: str


def parse_trusted_issuers(text: str, where: str) -> dict[str, TrustedIssuer]:
    """The trusted issuers in a VCI-directory JSON document, by issuer address."""
    try:
        document: Any = json.loads(text)
    except (ValueError, RecursionError):
        raise PassportError(f"{where}: not JSON") from None
    entries = document.get("participating_issuers") if isinstance(document, dict) else None
    if not isinstance(entries, list) or len(entries) > MAX_TRUSTED_ISSUERS:
        raise PassportError(f'{where}: expected {{"participating_issuers": [...]}}')
    issuers: dict[str, TrustedIssuer] = {}
    for n, entry in enumerate(entries, 1):
        iss = entry.get("iss") if isinstance(entry, dict) else None
        if not isinstance(iss, str) or not iss or len(iss) > MAX_ISSUER_CHARS:
            raise PassportError(f"{where}: issuer {n} has no 'iss' address")
        url = entry.get("jwks_url") or iss.rstrip("/") + "/.well-known/jwks.json"
        name = entry.get("name")
        issuers[iss] = TrustedIssuer(
            iss=iss,
            name=name if isinstance(name, str) else "",
            jwks_url=fetchable(str(url), f"{where}: issuer {n}'s key address"),
        )
    return issuers
