"""An independent verifier of SMART Health Cards and Links, written from the specs' checks
with jwcrypto (toxfill makes them with joserfc) and the official FHIR R4 JSON Schema (toxfill
minifies with the fhir.resources models).

Cards: https://spec.smarthealth.cards/ ("Health Cards are Compact", "Health Cards as QR
codes", "Determining keys associated with an issuer") and the checks of the reference
validator, smart-on-fhir/health-cards-dev-tools (src/jws-compact.ts, jws-payload.ts,
fhirBundle.ts, shcKeyValidator.ts). Links:
https://build.fhir.org/ig/HL7/smart-health-cards-and-links/links-specification.html

Each check fails with `Invalid`, saying which rule of the spec was broken.
"""

from __future__ import annotations

import base64
import json
import re
import time
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from jwcrypto import jwe, jwk, jws

from tests.fhir_schema import r4_schema

SINGLE_QR_CHARS = 1195  # JWS characters in one version 22 QR code at error correction L
HEALTH_CARD = "https://smarthealth.cards#health-card"
CLOCK_SKEW = 300
LOCAL_HOSTS = {"localhost", "127.0.0.1", "testserver"}  # http allowed for development only


class Invalid(AssertionError):
    """The artefact breaks a rule of the spec."""


@dataclass(frozen=True)
class Card:
    header: dict[str, Any]
    payload: dict[str, Any]
    payload_text: str

    @property
    def bundle(self) -> dict[str, Any]:
        bundle: dict[str, Any] = self.payload["vc"]["credentialSubject"]["fhirBundle"]
        return bundle


def check(condition: object, rule: str) -> None:
    if not condition:
        raise Invalid(rule)


def b64url(text: str) -> bytes:
    check(re.fullmatch(r"[A-Za-z0-9_-]*", text), "base64url characters only")
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


# --- keys -------------------------------------------------------------------------------------


def check_key_set(jwks: Mapping[str, Any]) -> None:
    """Each published key: EC P-256, use sig, alg ES256, kid its RFC 7638 thumbprint, public."""
    keys = jwks.get("keys")
    check(isinstance(keys, list) and keys, "a JWKS has a 'keys' list")
    for key in keys:
        check(key.get("kty") == "EC" and key.get("crv") == "P-256", "keys are EC P-256")
        check(key.get("use") == "sig" and key.get("alg") == "ES256", "keys: use sig, alg ES256")
        check("d" not in key, "a published key has no private part")
        public = {k: key[k] for k in ("kty", "crv", "x", "y")}
        check(key.get("kid") == jwk.JWK(**public).thumbprint(), "kid = SHA-256 JWK thumbprint")


# --- cards ------------------------------------------------------------------------------------


def verify_card(
    token: str,
    jwks: Mapping[str, Any],
    *,
    now: float | None = None,
    single_qr: bool = False,
) -> Card:
    """A JWS checked as a verifier must: header, signature with the issuer's key named by its
    thumbprint, inflated payload, claims, and the bundle's minification; `single_qr` also
    checks it fits one QR code."""
    check(re.fullmatch(r"[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+", token), "compact JWS")
    if single_qr:
        check(len(token) <= SINGLE_QR_CHARS, f"one QR code holds {SINGLE_QR_CHARS} characters")
    header = json.loads(b64url(token.split(".")[0]))
    check(header.get("alg") == "ES256", "header alg ES256")
    check(header.get("zip") == "DEF", "header zip DEF")
    check_key_set(jwks)
    keys = [k for k in jwks["keys"] if k.get("kid") == header.get("kid")]
    check(len(keys) == 1, "header kid names one key of the issuer's JWKS")
    signed = jws.JWS()
    signed.deserialize(token)
    try:
        signed.verify(jwk.JWK(**keys[0]), alg="ES256")
    except jws.InvalidJWSSignature:
        raise Invalid("the signature verifies with the issuer's key") from None
    text = zlib.decompress(signed.objects["payload"], -15).decode("utf-8")
    check(not _whitespace_outside_strings(text), "payload is minified (no optional whitespace)")
    payload = json.loads(text)
    check_claims(payload, now=time.time() if now is None else now)
    card = Card(header=header, payload=payload, payload_text=text)
    check_minified(card.bundle)
    return card


def check_claims(payload: Mapping[str, Any], *, now: float) -> None:
    iss = payload.get("iss")
    check(isinstance(iss, str), "iss is a URL")
    parts = urlsplit(iss)
    check(
        parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS),
        "iss uses https",
    )
    check(not iss.endswith("/"), "iss has no trailing /")
    nbf = payload.get("nbf")
    check(isinstance(nbf, int | float) and nbf <= now + CLOCK_SKEW, "nbf is not in the future")
    if "exp" in payload:
        check(payload["exp"] > now, "exp is not past")
    vc = payload.get("vc", {})
    check(HEALTH_CARD in vc.get("type", []), f"vc.type includes {HEALTH_CARD}")
    subject = vc.get("credentialSubject", {})
    check(re.fullmatch(r"\d+\.\d+\.\d+", str(subject.get("fhirVersion"))), "fhirVersion x.y.z")
    check(subject.get("fhirBundle", {}).get("resourceType") == "Bundle", "fhirBundle is a Bundle")


def _whitespace_outside_strings(text: str) -> bool:
    inside = escaped = False
    for ch in text:
        if inside:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                inside = False
        elif ch == '"':
            inside = True
        elif ch in " \t\r\n":
            return True
    return False


# --- minification, by FHIR type ---------------------------------------------------------------


@cache
def fhir_schema() -> dict[str, Any]:
    return r4_schema()


def check_minified(bundle: Mapping[str, Any]) -> None:
    """The spec's rules for a card's bundle, with each element's type from the FHIR schema."""
    entries = bundle.get("entry")
    check(isinstance(entries, list) and entries, "the bundle has entries")
    urls = [e.get("fullUrl") for e in entries]
    for n, url in enumerate(urls):
        check(isinstance(url, str) and re.fullmatch(r"resource:\d+", url), f"entry {n}: resource:N")
    check(len(set(urls)) == len(urls), "fullUrls are unique")
    for n, entry in enumerate(entries):
        _resource(entry["resource"], set(urls), f"entry/{n}")


def _resource(resource: Mapping[str, Any], urls: set[str], path: str) -> None:
    kind = resource.get("resourceType")
    check(kind in fhir_schema()["definitions"], f"{path}: a known resource type ({kind})")
    check("id" not in resource, f"{path}: no Resource.id")
    check("text" not in resource, f"{path}: no DomainResource.text")
    if "meta" in resource:
        check(set(resource["meta"]) == {"security"}, f"{path}: meta holds security only")
    _walk(resource, str(kind), urls, f"{path}/{kind}")


def _walk(value: Any, kind: str, urls: set[str], path: str) -> None:
    check(value not in ("", [], {}), f"{path}: no empty element")
    if isinstance(value, list):
        for n, item in enumerate(value):
            _walk(item, kind, urls, f"{path}/{n}")
        return
    if not isinstance(value, Mapping):
        return
    if kind == "ResourceList":
        _resource(value, urls, path)
        return
    if kind == "CodeableConcept":
        check("text" not in value, f"{path}: no CodeableConcept.text")
    if kind == "Coding":
        check("display" not in value, f"{path}: no Coding.display")
    if kind == "Reference" and "reference" in value:
        check(value["reference"] in urls, f"{path}: reference is resource:N of this bundle")
    properties = fhir_schema()["definitions"].get(kind, {}).get("properties", {})
    for key, item in value.items():
        if key == "resourceType":
            continue
        spec = properties.get(key)
        check(spec is not None, f"{path}/{key}: an element of {kind}")
        ref = spec.get("$ref") or spec.get("items", {}).get("$ref", "")
        _walk(item, ref.rsplit("/", 1)[-1], urls, f"{path}/{key}")


# --- QR text ----------------------------------------------------------------------------------


def jws_of_qr(text: str) -> str:
    """The JWS in one QR code's text: `shc:/` and digit pairs (chunked codes are deprecated,
    and refused here)."""
    match = re.fullmatch(r"shc:/(\d+)", text.strip())
    check(match and len(match[1]) % 2 == 0, "one QR code: shc:/ and pairs of digits")
    digits = match[1] if match else ""
    return "".join(chr(int(digits[i : i + 2]) + 45) for i in range(0, len(digits), 2))


# --- SMART Health Links -----------------------------------------------------------------------


def read_shlink(text: str) -> dict[str, Any]:
    """The payload of `shlink:/...` (bare or after a viewer's `#`), checked."""
    at = text.find("shlink:/")
    check(at == 0 or (at > 0 and text[at - 1] == "#"), "shlink:/ or a viewer URL ending in #")
    payload: dict[str, Any] = json.loads(b64url(text[at + len("shlink:/") :]))
    url = payload.get("url")
    check(isinstance(url, str) and len(url) <= 128, "url: at most 128 characters")
    parts = urlsplit(url)
    check(
        parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOCAL_HOSTS),
        "url: https",
    )
    key = payload.get("key")
    check(isinstance(key, str) and len(key) == 43 and len(b64url(key)) == 32, "key: 32 bytes")
    flag = payload.get("flag", "")
    check(set(flag) <= set("LPU") and not {"P", "U"} <= set(flag), "flag: L, P, U (not P+U)")
    check(len(payload.get("label", "")) <= 80, "label: at most 80 characters")
    check(isinstance(payload.get("exp", 0), int | float), "exp: a number")
    # the manifest ID has at least 256 bits: 43 base64url characters or more in the address
    check(any(len(p) >= 43 for p in urlsplit(url).path.split("/")), "url: 256 bits of entropy")
    return payload


def decrypt(token: str, key: str) -> tuple[str, bytes]:
    """A file of the link: compact JWE, alg dir, enc A256GCM, cty its type."""
    check(token.count(".") == 4, "compact JWE")
    header = json.loads(b64url(token.split(".")[0]))
    check(header.get("alg") == "dir" and header.get("enc") == "A256GCM", "JWE: dir + A256GCM")
    check(isinstance(header.get("cty"), str), "JWE: cty names the content type")
    check(header.get("zip") in (None, "DEF"), "JWE: zip is DEF if any")
    opened = jwe.JWE()
    opened.deserialize(token, key=jwk.JWK(kty="oct", k=key))
    return header["cty"], opened.payload


Post = Callable[[str, bytes], tuple[int, bytes]]
Get = Callable[[str], tuple[int, str, bytes]]


class PasscodeRefused(Exception):
    """The manifest refused the passcode: 401 with the attempts the link still takes."""

    def __init__(self, remaining: int) -> None:
        super().__init__(f"passcode refused, {remaining} attempts remain")
        self.remaining = remaining


def resolve_shlink(
    text: str, post: Post, get: Get, recipient: str, passcode: str | None = None
) -> list[tuple[str, bytes]]:
    """Every file of the link, decrypted: POST the manifest (with the passcode a P link needs),
    then each file embedded or GET from its location (served as application/jose). A refused
    passcode is PasscodeRefused, after checking the 401 says how many attempts remain."""
    payload = read_shlink(text)
    flag = payload.get("flag", "")
    check("U" not in flag, "this verifier reads manifest links")
    request: dict[str, Any] = {"recipient": recipient}
    if passcode is not None:
        # "passcode: SHALL be populated with a user-supplied Passcode if the P flag was present"
        request["passcode"] = passcode
    status, body = post(payload["url"], json.dumps(request).encode())
    if status == 401:
        # "the server SHALL respond with a 401 ... JSON payload ... remainingAttempts", and only
        # a link that asks for a passcode may refuse one
        check("P" in flag, "a 401 only from a link flagged P")
        remaining = json.loads(body).get("remainingAttempts")
        check(
            isinstance(remaining, int) and not isinstance(remaining, bool) and remaining >= 0,
            "401: remainingAttempts, a whole number",
        )
        raise PasscodeRefused(remaining)
    check(status == 200, f"the manifest answers 200 (got {status})")
    check("P" not in flag or passcode is not None, "a link flagged P opens only with a passcode")
    files = json.loads(body)["files"]
    opened = []
    for entry in files:
        check(
            entry["contentType"] in ("application/smart-health-card", "application/fhir+json"),
            "a known content type",
        )
        if "embedded" in entry:
            token = entry["embedded"]
        else:
            status, kind, raw = get(entry["location"])
            check(status == 200 and kind.startswith("application/jose"), "location: a JWE")
            token = raw.decode()
        cty, content = decrypt(token, payload["key"])
        check(cty == entry["contentType"], "the JWE's cty is the manifest's contentType")
        opened.append((cty, content))
    return opened
