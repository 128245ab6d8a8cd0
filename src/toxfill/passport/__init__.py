"""Treatment passports another clinic can trust: a FHIR R4 Bundle signed as a SMART Health Card.

A passport is a compact JWS (ES256, the payload raw-DEFLATE-compressed, `kid` the key's
RFC 7638 thumbprint), whose payload is `{"iss", "nbf", "vc": {"type", "credentialSubject":
{"fhirVersion", "fhirBundle"}}}`, as https://spec.smarthealth.cards/ describes. The issuer
publishes its public keys at `<iss>/.well-known/jwks.json`. This module signs and verifies
with the keys given as data: finding the key (a file, a URL, the database) is the caller's job.
"""

from __future__ import annotations

import json
import re
import time
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from joserfc import jws
from joserfc.errors import JoseError
from joserfc.jwk import ECKey, KeySet
from joserfc.registry import HeaderParameter, in_choices

from toxfill.errors import ToxfillError

ALGORITHM = "ES256"
CURVE = "P-256"
CARD_TYPES = ("https://smarthealth.cards#health-card",)
FHIR_VERSION = "4.0.1"
QR_PREFIX = "shc:/"
MAX_PASSPORT_CHARS = 1_000_000  # a file bigger than any passport is refused unread
MAX_QR_PARTS = 99  # the spec splits a card over a handful of QR codes at most
MAX_ISSUER_CHARS = 2_000
CLOCK_SKEW = 5 * 60  # seconds a signer's clock may run ahead of ours
LATEST_TIME = 253_402_300_799  # 9999-12-31T23:59:59Z: later is not a date
_REGISTRY = jws.JWSRegistry(
    header_registry={"zip": HeaderParameter("Compression: raw DEFLATE", in_choices(["DEF"]))}
)
_JWS = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$")


class PassportError(ToxfillError):
    """A passport that cannot be read or trusted; the message says why, in plain words."""


@dataclass(frozen=True)
class VerifiedPassport:
    """What a good signature proves: this issuer's key signed exactly this bundle."""

    issuer: str
    key_id: str
    signed_at: int  # seconds since 1970 (the card's `nbf`)
    bundle: Mapping[str, Any]

    def resources(self, kind: str) -> list[Mapping[str, Any]]:
        return [r for r in self._resources() if r.get("resourceType") == kind]

    def kinds(self) -> dict[str, int]:
        """How many resources of each type the bundle holds ('?' for one with no type)."""
        return dict(Counter(str(r.get("resourceType", "?")) for r in self._resources()))

    def _resources(self) -> list[Mapping[str, Any]]:
        # Signed is not well-formed: an issuer may sign any JSON, so skip what is not a resource.
        entries = self.bundle.get("entry", [])
        if not isinstance(entries, list):
            return []
        found = [e.get("resource", {}) for e in entries if isinstance(e, Mapping)]
        return [r for r in found if isinstance(r, Mapping)]


def new_signing_key() -> dict[str, Any]:
    """A new EC P-256 private key as a JWK, with its thumbprint as `kid`."""
    key = ECKey.generate_key(CURVE, private=True)
    return {**key.as_dict(private=True), "kid": key.thumbprint(), "use": "sig", "alg": ALGORITHM}


def public_jwk(private_jwk: Mapping[str, Any]) -> dict[str, Any]:
    """The public half of a signing key, as published in the issuer's JWKS."""
    key = ECKey.import_key(dict(private_jwk))
    return {**key.as_dict(private=False), "kid": key.thumbprint(), "use": "sig", "alg": ALGORITHM}


def sign_passport(
    bundle: Mapping[str, Any], *, issuer: str, private_jwk: Mapping[str, Any], signed_at: int
) -> str:
    """The bundle as a SMART Health Card JWS, signed by the issuer's key."""
    key = ECKey.import_key(dict(private_jwk))
    payload = {
        "iss": issuer,
        "nbf": signed_at,
        "vc": {
            "type": list(CARD_TYPES),
            "credentialSubject": {"fhirVersion": FHIR_VERSION, "fhirBundle": bundle},
        },
    }
    text = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = compressor.compress(text) + compressor.flush()
    header = {"alg": ALGORITHM, "zip": "DEF", "kid": key.thumbprint()}
    return jws.serialize_compact(header, deflated, key, algorithms=[ALGORITHM], registry=_REGISTRY)


def passport_from_text(text: str) -> str:
    """The JWS in a passport file: a `.smart-health-card` JSON document
    (`{"verifiableCredential": [jws]}`), a bare JWS, or the `shc:/` text of its QR code(s)."""
    text = text.strip()
    if len(text) > MAX_PASSPORT_CHARS:
        raise PassportError("this file is far larger than any passport: it is not one")
    if text.startswith("{"):
        try:
            document = json.loads(text)
        except (ValueError, RecursionError):
            raise PassportError("this file is not a passport: its JSON cannot be read") from None
        credentials = document.get("verifiableCredential") if isinstance(document, dict) else None
        if not isinstance(credentials, list) or len(credentials) != 1:
            raise PassportError(
                "this file is not a passport: it needs one signed card in 'verifiableCredential'"
            )
        if not isinstance(credentials[0], str):
            raise PassportError("this file is not a passport: its signed card is not text")
        text = credentials[0].strip()
    elif text.startswith(QR_PREFIX):  # one QR code's text, or every part's, one a line
        text = from_qr_text(text.split())
    if not _JWS.match(text):
        raise PassportError("this is not a signed passport (expected three dot-separated parts)")
    return text


def passports_from_file(text: str) -> list[str]:
    """Every JWS in a `.smart-health-card` file (a SMART Health Link may hold one with several
    cards); a file with one card reads as `passport_from_text` reads it."""
    try:
        document = json.loads(text) if len(text) <= MAX_PASSPORT_CHARS else None
    except (ValueError, RecursionError):
        document = None
    credentials = document.get("verifiableCredential") if isinstance(document, dict) else None
    if not isinstance(credentials, list) or not credentials or len(credentials) > MAX_QR_PARTS:
        raise PassportError("this file is not a passport: it has no 'verifiableCredential' list")
    return [passport_from_text(json.dumps({"verifiableCredential": [c]})) for c in credentials]


def claimed_issuer(token: str) -> str:
    """The issuer the passport names, before any check: where to look for its key."""
    return issuer_of(_payload(_unverified(token).payload))


def verify_passport(token: str, jwks: Mapping[str, Any]) -> str:
    """Check the signature against the issuer's published keys; return the key ID used.

    Raises PassportError naming what failed: the key is not the issuer's, or the passport was
    changed after signing (the signature no longer matches).
    """
    header = _unverified(token).headers()
    if header.get("alg") != ALGORITHM:
        raise PassportError(f"the passport is signed with {header.get('alg')!r}, not {ALGORITHM}")
    kid = header.get("kid")
    published = jwks.get("keys", [])
    if not isinstance(kid, str) or not isinstance(published, list):
        raise PassportError("the passport or the key set names no key ID: it cannot be checked")
    keys = [k for k in published if isinstance(k, Mapping) and k.get("kid") == kid]
    if not keys:
        raise PassportError(
            "no published key of the issuing clinic matches this passport's key ID: "
            "it was not signed by that clinic, or the key was withdrawn"
        )
    try:
        key_set = KeySet.import_key_set({"keys": [dict(k) for k in keys]})
        jws.deserialize_compact(token, key_set, algorithms=[ALGORITHM], registry=_REGISTRY)
    except (JoseError, ValueError, TypeError, KeyError, AttributeError):  # a key set is input too
        raise PassportError(
            "the signature does not match: this passport was changed after the clinic signed "
            "it, or it was not signed with the clinic's key. Do not rely on it."
        ) from None
    return str(kid)


def read_passport(
    token: str,
    jwks: Mapping[str, Any],
    *,
    now: int | None = None,
    retired: Mapping[str, int] | None = None,
) -> VerifiedPassport:
    """Verify a passport against the issuer's JWKS, then return what it holds.

    `now` is the time of the check in seconds since 1970 (default: the clock's). `retired`
    gives, for each key the checker knows was retired, when: a card it says was signed later is
    refused, as is a card signed in the future beyond a few minutes of clock skew."""
    kid = verify_passport(token, jwks)
    payload = _payload(_unverified(token).payload)
    vc = payload.get("vc")
    subject = vc.get("credentialSubject") if isinstance(vc, Mapping) else None
    bundle = subject.get("fhirBundle") if isinstance(subject, Mapping) else None
    if not isinstance(bundle, Mapping) or bundle.get("resourceType") != "Bundle":
        raise PassportError("the signed card holds no FHIR Bundle")
    signed_at = _signed_at(payload.get("nbf"))
    if signed_at > (time.time() if now is None else now) + CLOCK_SKEW:
        raise PassportError(
            "the passport says it was signed in the future: the signer's clock is wrong, or "
            "the card was made to look newer than it is. Do not rely on it."
        )
    retired_at = (retired or {}).get(kid)
    if retired_at is not None and signed_at > retired_at:
        raise PassportError(
            f"the passport was signed after its key ({kid}) was retired, and a retired key "
            "signs nothing new. Do not rely on it."
        )
    issuer = issuer_of(payload)
    return VerifiedPassport(issuer=issuer, key_id=kid, signed_at=signed_at, bundle=bundle)


def issuer_of(payload: Mapping[str, Any]) -> str:
    """The card's issuer, which must be an address written as text."""
    iss = payload.get("iss")
    if not isinstance(iss, str) or not iss:
        raise PassportError("the passport does not name its issuer ('iss') as an address")
    if len(iss) > MAX_ISSUER_CHARS or any(ch.isspace() or not ch.isprintable() for ch in iss):
        raise PassportError("the passport's issuer ('iss') is not an address")
    return iss


def _signed_at(nbf: object) -> int:
    """The card's `nbf`: seconds since 1970, within the calendar."""
    if isinstance(nbf, bool) or not isinstance(nbf, int | float):
        raise PassportError("the passport does not say when it was signed ('nbf')")
    if not 0 <= nbf <= LATEST_TIME:  # NaN compares false both ways, so it is refused too
        raise PassportError("the passport's signing time ('nbf') is not a real date")
    return int(nbf)


def to_qr_text(token: str) -> str:
    """The `shc:/` numeric text a QR code carries: each character as two digits (ord - 45)."""
    return QR_PREFIX + "".join(f"{ord(ch) - 45:02d}" for ch in token)


def qr_chunks(token: str, size: int) -> list[str]:
    """The token's QR text in at most `size`-character parts, `shc:/<n>/<of>/...` when split."""
    if len(token) <= size:
        return [to_qr_text(token)]
    count = -(-len(token) // size)
    part = -(-len(token) // count)
    pieces = [token[i : i + part] for i in range(0, len(token), part)]
    return [
        f"{QR_PREFIX}{n}/{len(pieces)}/" + to_qr_text(p)[len(QR_PREFIX) :]
        for n, p in enumerate(pieces, 1)
    ]


def from_qr_text(texts: str | Sequence[str]) -> str:
    """The JWS back from one `shc:/` text, or from every part of a split one (any order)."""
    parts = [texts] if isinstance(texts, str) else list(texts)
    if len(parts) > MAX_QR_PARTS:
        raise PassportError(f"a passport is split over at most {MAX_QR_PARTS} QR codes")
    numbered: dict[int, str] = {}
    totals: set[int] = set()
    for text in parts:
        body = text.strip()[len(QR_PREFIX) :]
        match = re.fullmatch(r"(?:(\d{1,2})/(\d{1,2})/)?(\d+)", body)
        if not text.strip().startswith(QR_PREFIX) or match is None or len(match[3]) % 2:
            raise PassportError("this QR text is not a passport (shc:/ and pairs of digits)")
        number, total = int(match[1] or 1), int(match[2] or 1)
        if not 1 <= number <= total or number in numbered:
            raise PassportError(f"QR code {number} of {total} is not a part of one passport")
        pairs = [int(match[3][i : i + 2]) for i in range(0, len(match[3]), 2)]
        if any(pair > ord("z") - 45 for pair in pairs):  # no JWS character comes after "z"
            raise PassportError("this QR text is not a passport (a pair of digits is too high)")
        numbered[number] = "".join(chr(pair + 45) for pair in pairs)
        totals.add(total)
    if len(totals) != 1 or len(numbered) != min(totals):
        raise PassportError("some of this passport's QR codes are missing: scan every one")
    return "".join(numbered[n] for n in sorted(numbered))


def _unverified(token: str) -> jws.CompactSignature:
    try:
        return jws.extract_compact(token.encode())
    except (JoseError, ValueError, RecursionError):
        raise PassportError("this passport cannot be read: damaged, or not a passport") from None


def _payload(raw: bytes | None) -> dict[str, Any]:
    try:
        inflater = zlib.decompressobj(-15)
        inflated = inflater.decompress(raw or b"", MAX_PASSPORT_CHARS * 4)
        if inflater.unconsumed_tail:  # a tiny payload inflating to gigabytes: refused
            raise ValueError("too large")
        payload = json.loads(inflated)
    except (zlib.error, ValueError, RecursionError):
        raise PassportError("this passport's contents cannot be read: it is damaged") from None
    if not isinstance(payload, dict):
        raise PassportError("this passport's contents are not a signed card")
    return payload
