"""Finding a passport issuer's keys: the one place toxfill reads them from the network or from
the operator's list of trusted issuers (the command line and the import page both come here).

What a passport names is never opened as a file, and an address is fetched only if
passport.trust.fetchable allows it (https, or http to this machine), without following
redirects: a key address that answers "look elsewhere" is refused, not followed.
"""

from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from toxfill.passport import PassportError
from toxfill.passport.trust import TrustedIssuer, fetchable, parse_trusted_issuers

TRUSTED_ISSUERS_ENV = "TOXFILL_TRUSTED_ISSUERS"
MAX_KEY_SET_BYTES = 1_000_000
TIMEOUT_SECONDS = 10


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # urllib then raises HTTPError with the 3xx status


def fetch_key_set(url: str, what: str) -> dict[str, Any]:
    """The JSON key set at `url` (https, or http to this machine), read without redirects."""
    fetchable(url, what)
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(url, timeout=TIMEOUT_SECONDS) as reply:
            body = reply.read(MAX_KEY_SET_BYTES + 1)
    except urllib.error.HTTPError as exc:
        exc.close()  # its body is not read
        if 300 <= exc.code < 400:
            raise PassportError(
                f"{what} {url} answered with a redirect to {exc.headers.get('Location')!r}: "
                "redirects are not followed"
            ) from None
        raise PassportError(f"cannot read the keys at {url}: HTTP {exc.code}") from None
    except (OSError, ValueError) as exc:
        raise PassportError(f"cannot read the keys at {url}: {exc}") from None
    return key_set_from_bytes(body, url)


def read_key_set_file(path: str) -> dict[str, Any]:
    """A key set from a file the person named themselves (never one a passport names)."""
    try:
        with Path(path).open("rb") as file:
            body = file.read(MAX_KEY_SET_BYTES + 1)
    except OSError as exc:
        raise PassportError(f"cannot read the key set {path}: {exc.strerror or exc}") from None
    return key_set_from_bytes(body, path)


def key_set_from_bytes(body: bytes, where: str) -> dict[str, Any]:
    if len(body) > MAX_KEY_SET_BYTES:
        raise PassportError(f"{where} is far larger than a key set: not read")
    try:
        keys = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise PassportError(f"{where} is not a JSON key set") from None
    if not isinstance(keys, dict) or not isinstance(keys.get("keys"), list):
        raise PassportError(f'{where} is not a JSON key set ({{"keys": [...]}})')
    return keys


def configured_trusted_issuers() -> dict[str, TrustedIssuer]:
    """The operator's trusted issuers: the file TOXFILL_TRUSTED_ISSUERS names, if set."""
    path = os.environ.get(TRUSTED_ISSUERS_ENV, "").strip()
    if not path:
        return {}
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise PassportError(f"{TRUSTED_ISSUERS_ENV}: cannot read {path}: {exc}") from None
    return parse_trusted_issuers(text, f"{TRUSTED_ISSUERS_ENV} ({path})")
