"""SMART Health Links: the `shlink:/` text of a QR code, and the encrypted files behind it.

A link is `shlink:/` and the base64url of a JSON payload `{url, key, exp, flag, label, v}`,
optionally after a viewer's address ending in `#`. `url` is the manifest: POSTed `{recipient,
passcode?, embeddedLengthMax?}`, it answers `{files: [{contentType, embedded | location}]}`;
each file is a compact JWE (`alg: dir`, `enc: A256GCM`, `cty` its content type, optionally
`zip: DEF`) opened with the link's 32-byte key. As the HL7 spec says:
https://build.fhir.org/ig/HL7/smart-health-cards-and-links/links-specification.html

This module reads and writes links and files; the network is a `Transport` the caller gives
(urllib for the command line, the site itself for its import page, the test client in tests).
"""

from __future__ import annotations

import base64
import binascii
import json
import re
import secrets
import urllib.parse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwa import DeflateZipModel
from joserfc.jwk import OctKey

from toxfill.errors import InputError
from toxfill.passport import PassportError

PREFIX = "shlink:/"
KEY_BYTES = 32
KEY_CHARS = 43  # 32 bytes, base64url without padding
MAX_URL_CHARS = 128
MAX_LABEL_CHARS = 80
MAX_LINK_CHARS = 8_000  # a QR code holds about 3,000 characters at most
MAX_FILE_BYTES = 10_000_000
MAX_FILES = 100
MAX_RECIPIENT_CHARS = 200
MAX_REQUEST_BYTES = 10_000
MAX_PASSCODE_CHARS = 200
CARD = "application/smart-health-card"
FHIR = "application/fhir+json"
API_ACCESS = "application/smart-api-access"
CONTENT_TYPES = (CARD, FHIR, API_ACCESS)
_BASE64URL = re.compile(r"^[A-Za-z0-9_-]*$")
_ENCRYPTION = ["dir", "A256GCM", "DEF"]


class _Deflate(DeflateZipModel):
    # joserfc stops at 250 kB inflated: a long treatment history in FHIR is more than that.
    MAX_SIZE = MAX_FILE_BYTES


class _Registry(jwe.JWERegistry):
    max_ciphertext_length = MAX_FILE_BYTES
    algorithms = {**jwe.JWERegistry.algorithms, "zip": {"DEF": _Deflate()}}  # noqa: RUF012


_REGISTRY = _Registry(algorithms=_ENCRYPTION)


@dataclass(frozen=True)
class HealthLink:
    """What a `shlink:/` QR code says: where the manifest is and the key to its files."""

    url: str
    key: str
    exp: int | None = None  # seconds since 1970: a hint, the server decides
    flag: str = ""  # L long-term, P needs a passcode, U one file by GET (never with P)
    label: str = ""

    @property
    def needs_passcode(self) -> bool:
        return "P" in self.flag


@dataclass(frozen=True)
class SharedFile:
    """One file behind a link, decrypted: its content type (the JWE's `cty`) and bytes."""

    content_type: str
    content: bytes


@dataclass(frozen=True)
class Reply:
    """What a server answered: status, content type and body."""

    status: int
    content_type: str
    body: bytes


# (method, address, JSON body for a POST) -> the reply
Transport = Callable[[str, str, bytes | None], Reply]


def new_key() -> str:
    """A fresh 256-bit key, as the payload carries it (43 base64url characters)."""
    return _b64(secrets.token_bytes(KEY_BYTES))


def health_link_text(link: HealthLink, viewer: str = "") -> str:
    """The link as text for a QR code: `shlink:/...`, after `viewer` (ending in `#`) if given."""
    payload: dict[str, Any] = {"url": link.url, "key": link.key}
    if link.exp is not None:
        payload["exp"] = link.exp
    if link.flag:
        payload["flag"] = link.flag
    if link.label:
        payload["label"] = link.label
    payload["v"] = 1
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return viewer + PREFIX + _b64(body)


def is_health_link(text: str) -> bool:
    """Whether the text is a SMART Health Link (bare, or after a viewer's address)."""
    text = text.strip()
    at = text.find(PREFIX)
    return at == 0 or (at > 0 and text[at - 1] == "#")


def read_health_link(text: str) -> HealthLink:
    """The link in `shlink:/...` text (or `https://viewer#shlink:/...`), checked as the spec
    says: https manifest address of at most 128 characters, a 32-byte key, known flags."""
    text = text.strip()
    if len(text) > MAX_LINK_CHARS:
        raise PassportError("this is far longer than any SMART Health Link")
    at = text.find(PREFIX)
    if at < 0 or (at > 0 and text[at - 1] != "#"):
        raise PassportError("this is not a SMART Health Link (it should start with shlink:/)")
    encoded = text[at + len(PREFIX) :]
    if not _BASE64URL.match(encoded):
        raise PassportError("this SMART Health Link is damaged: not base64url after shlink:/")
    try:
        payload = json.loads(_unb64(encoded))
    except (ValueError, RecursionError):
        raise PassportError("this SMART Health Link is damaged: its payload is not JSON") from None
    if not isinstance(payload, dict):
        raise PassportError("this SMART Health Link is damaged: its payload is not an object")
    return _payload(payload)


def _payload(payload: Mapping[str, Any]) -> HealthLink:
    url, key = payload.get("url"), payload.get("key")
    if not isinstance(url, str) or not url or len(url) > MAX_URL_CHARS:
        raise PassportError(
            f"this SMART Health Link's 'url' must be an address of at most {MAX_URL_CHARS} "
            "characters"
        )
    if not isinstance(key, str) or len(key) != KEY_CHARS or not _BASE64URL.match(key):
        raise PassportError(
            f"this SMART Health Link's 'key' must be {KEY_CHARS} base64url characters (32 bytes)"
        )
    exp = payload.get("exp")
    if exp is not None and (isinstance(exp, bool) or not isinstance(exp, int | float)):
        raise PassportError("this SMART Health Link's 'exp' must be a number of seconds")
    flag = payload.get("flag", "")
    if not isinstance(flag, str) or any(c not in "LPU" for c in flag) or len(set(flag)) < len(flag):
        raise PassportError("this SMART Health Link's 'flag' may hold only L, P and U, once each")
    if "P" in flag and "U" in flag:
        raise PassportError("this SMART Health Link's flags P and U cannot go together")
    label = payload.get("label", "")
    if not isinstance(label, str) or len(label) > MAX_LABEL_CHARS:
        raise PassportError(
            f"this SMART Health Link's 'label' must be {MAX_LABEL_CHARS} characters at most"
        )
    version = payload.get("v", 1)
    if version != 1:
        raise PassportError(f"this SMART Health Link is of version {version!r}; version 1 is read")
    return HealthLink(
        url=url, key=key, exp=int(exp) if exp is not None else None, flag=flag, label=label
    )


def unsigned_resources(shared: SharedFile) -> dict[str, int]:
    """How many resources of each type an `application/fhir+json` file holds (a Bundle's
    entries, or the one resource); PassportError if it is not FHIR JSON."""
    try:
        document = json.loads(shared.content)
    except (ValueError, RecursionError):
        document = None
    if not isinstance(document, dict) or not isinstance(document.get("resourceType"), str):
        raise PassportError("a FHIR file of this SMART Health Link is not FHIR JSON")
    entries = document.get("entry") if document["resourceType"] == "Bundle" else None
    if not isinstance(entries, list):
        return {document["resourceType"]: 1}
    counts: dict[str, int] = {}
    for entry in entries:
        resource = entry.get("resource") if isinstance(entry, dict) else None
        kind = resource.get("resourceType") if isinstance(resource, dict) else None
        name = kind if isinstance(kind, str) else "?"
        counts[name] = counts.get(name, 0) + 1
    return counts


def encrypt_file(content: bytes, key: str, content_type: str) -> str:
    """The file as the link serves it: compact JWE, `dir` + A256GCM, DEFLATEd, `cty` its type.
    Each call draws a new nonce, as the spec asks of every encryption with a link's key."""
    header = {"alg": "dir", "enc": "A256GCM", "cty": content_type, "zip": "DEF"}
    return jwe.encrypt_compact(header, content, _key(key), registry=_REGISTRY)


def decrypt_file(token: str, key: str) -> SharedFile:
    """A file of the link, opened with its key; PassportError if it is not one."""
    if not isinstance(token, str) or len(token) > MAX_FILE_BYTES * 2:
        raise PassportError("a file of this SMART Health Link is not an encrypted file")
    try:
        opened = jwe.decrypt_compact(token, _key(key), registry=_REGISTRY)
    except (JoseError, ValueError, TypeError, binascii.Error):
        raise PassportError(
            "a file of this SMART Health Link cannot be opened with its key: damaged, or the "
            "link's key is not the one it was encrypted with"
        ) from None
    content_type = opened.protected.get("cty")
    if not isinstance(content_type, str) or not content_type:
        raise PassportError("a file of this SMART Health Link does not say its type ('cty')")
    return SharedFile(content_type=content_type, content=opened.plaintext or b"")


def manifest_request(recipient: str, passcode: str | None = None) -> bytes:
    """The JSON a receiver POSTs to the manifest address."""
    body: dict[str, Any] = {"recipient": recipient}
    if passcode is not None:
        body["passcode"] = passcode
    return json.dumps(body).encode()


@dataclass(frozen=True)
class ManifestRequest:
    """What a receiver asks the manifest: who it is, and at most how long an embedded file
    may be (a longer one is given by `location`)."""

    recipient: str
    passcode: str | None = None
    embedded_length_max: int | None = None


def read_manifest_request(body: bytes) -> ManifestRequest:
    """A manifest request as a server receives it, checked; InputError names the field."""
    if len(body) > MAX_REQUEST_BYTES:
        raise InputError("body", f"must be a JSON object of at most {MAX_REQUEST_BYTES} bytes")
    try:
        asked = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        asked = None
    if not isinstance(asked, dict):
        raise InputError("body", 'must be a JSON object such as {"recipient": "Lakeside Clinic"}')
    recipient = asked.get("recipient")
    if not isinstance(recipient, str) or not recipient.strip():
        raise InputError("recipient", "is required: a name of the person or organization asking")
    recipient = recipient.strip()
    if len(recipient) > MAX_RECIPIENT_CHARS or not recipient.isprintable():
        raise InputError(
            "recipient",
            f"must be at most {MAX_RECIPIENT_CHARS} printable characters, without line breaks",
        )
    passcode = asked.get("passcode")
    if passcode is not None and (
        not isinstance(passcode, str) or len(passcode) > MAX_PASSCODE_CHARS
    ):
        raise InputError("passcode", f"must be text of at most {MAX_PASSCODE_CHARS} characters")
    if passcode == "":
        passcode = None  # an empty box is no passcode given: a 401 for a link that needs one
    most = asked.get("embeddedLengthMax")
    if most is not None and (isinstance(most, bool) or not isinstance(most, int) or most < 0):
        raise InputError("embeddedLengthMax", "must be a whole number of characters, 0 or more")
    return ManifestRequest(recipient=recipient, passcode=passcode, embedded_length_max=most)


def fetch_files(
    link: HealthLink, transport: Transport, *, recipient: str, passcode: str | None = None
) -> list[SharedFile]:
    """Every file behind the link, decrypted: the manifest's (POST), or the one file a `U` link
    points to (GET). PassportError says plainly what failed."""
    recipient = recipient.strip()
    if not recipient or len(recipient) > MAX_RECIPIENT_CHARS:
        raise PassportError(
            f"say who is asking (the recipient), in 1 to {MAX_RECIPIENT_CHARS} characters"
        )
    if link.needs_passcode and not passcode:
        raise PassportError("this SMART Health Link needs a passcode: ask the person who shared it")
    if "U" in link.flag:
        address = _with_query(link.url, {"recipient": recipient})
        return [decrypt_file(_file_reply(transport("GET", address, None), address), link.key)]
    reply = transport("POST", link.url, manifest_request(recipient, passcode))
    if reply.status == 401:
        left = _json_or_none(reply.body)
        remaining = left.get("remainingAttempts") if isinstance(left, dict) else None
        tries = f" ({remaining} tries left)" if isinstance(remaining, int) else ""
        raise PassportError(f"the passcode is wrong{tries}")
    if reply.status == 404:
        raise PassportError(
            "this SMART Health Link is no longer active: it expired or was withdrawn"
        )
    if reply.status == 429:
        raise PassportError("the server is busy with this link: try again in a minute")
    if reply.status != 200:
        raise PassportError(f"the link's manifest answered HTTP {reply.status}")
    files = []
    for entry in manifest_entries(_json_or_none(reply.body)):
        if "embedded" in entry:
            token = entry["embedded"]
        else:
            token = _file_reply(transport("GET", entry["location"], None), entry["location"])
        shared = decrypt_file(token, link.key)
        if shared.content_type != entry["contentType"]:
            raise PassportError(
                f"a file the manifest lists as {entry['contentType']} says it is "
                f"{shared.content_type}: the link's server is not to be trusted"
            )
        files.append(shared)
    return files


def manifest_entries(document: object) -> list[dict[str, str]]:
    """The manifest's files, checked: each a known content type with `embedded` or `location`."""
    files = document.get("files") if isinstance(document, dict) else None
    if not isinstance(files, list) or len(files) > MAX_FILES:
        raise PassportError("the link's manifest is not one: it has no list of 'files'")
    entries = []
    for n, entry in enumerate(files, 1):
        kind = entry.get("contentType") if isinstance(entry, dict) else None
        if kind not in CONTENT_TYPES:
            raise PassportError(f"file {n} of the link's manifest has no known 'contentType'")
        embedded, location = entry.get("embedded"), entry.get("location")
        if isinstance(embedded, str) and embedded:
            entries.append({"contentType": kind, "embedded": embedded})
        elif isinstance(location, str) and location:
            entries.append({"contentType": kind, "location": location})
        else:
            raise PassportError(f"file {n} of the link's manifest has no 'embedded' or 'location'")
    return entries


def _file_reply(reply: Reply, address: str) -> str:
    if reply.status != 200:
        raise PassportError(f"a file of the link ({address}) answered HTTP {reply.status}")
    try:
        return reply.body.decode("ascii").strip()
    except UnicodeDecodeError:
        raise PassportError(f"a file of the link ({address}) is not an encrypted file") from None


def _json_or_none(body: bytes) -> object:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):
        return None


def _with_query(url: str, query: Mapping[str, str]) -> str:
    parts = urllib.parse.urlsplit(url)
    joined = "&".join(p for p in (parts.query, urllib.parse.urlencode(query)) if p)
    return urllib.parse.urlunsplit(parts._replace(query=joined))


def _key(key: str) -> OctKey:
    raw = _unb64(key) if len(key) == KEY_CHARS and _BASE64URL.match(key) else b""
    if len(raw) != KEY_BYTES:
        raise PassportError("a SMART Health Link's key is 32 bytes, as 43 base64url characters")
    return OctKey.import_key(raw)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    try:
        return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        raise PassportError("this SMART Health Link is damaged: not base64url") from None
