"""The clinics' private signing keys sealed at rest: Fernet under a key derived from SECRET_KEY.

A database dump alone then reveals no key that could sign a passport. The sealing key is
derived (HKDF-SHA256) from Django's SECRET_KEY, so nothing needs configuring, and it is kept
wherever the secret key is (the environment, a file apart from the data, a systemd credential:
toxfill.web.environment); after a
secret-key rotation done as Django documents it (the old key moved to SECRET_KEY_FALLBACKS),
keys sealed under an old secret still open, and `reseal` moves them to the current one.
"""

from __future__ import annotations

import base64
import functools
import json
from collections.abc import Mapping
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from toxfill.errors import ToxfillError

LABEL = b"toxfill passport signing keys"


class UnsealError(ToxfillError):
    """A sealed key that no configured secret key opens; the message says what to do."""


def seal(jwk: Mapping[str, Any]) -> str:
    """The JWK encrypted under the current secret key (a Fernet token, ASCII)."""
    return _fernet(settings.SECRET_KEY).encrypt(json.dumps(dict(jwk)).encode()).decode("ascii")


def unseal(sealed: str, *, what: str = "a passport signing key") -> dict[str, Any]:
    """The JWK inside `sealed`, opened with SECRET_KEY or one of SECRET_KEY_FALLBACKS."""
    try:
        opened = MultiFernet(_all_fernets()).decrypt(sealed.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        raise UnsealError(
            f"{what} cannot be decrypted: it was sealed under another secret key. If the "
            "secret key (TOXFILL_SECRET_KEY, or its file) was changed, put the old one in "
            "TOXFILL_SECRET_KEY_FALLBACKS (or its file); otherwise a manager "
            "rotates the clinic's signing key (toxfill-manage rotate_signing_key), and "
            "the passports it signed before still verify"
        ) from None
    jwk: dict[str, Any] = json.loads(opened)
    return jwk


def reseal(sealed: str) -> str | None:
    """`sealed` encrypted again under the current secret key, or None when it already is."""
    try:
        _fernet(settings.SECRET_KEY).decrypt(sealed.encode("ascii"))
    except (InvalidToken, UnicodeEncodeError):
        try:
            return MultiFernet(_all_fernets()).rotate(sealed.encode("ascii")).decode("ascii")
        except (InvalidToken, UnicodeEncodeError):
            return None  # no key opens it: unseal() says so
    return None


def _all_fernets() -> list[Fernet]:
    return [_fernet(s) for s in (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)]


@functools.lru_cache(maxsize=8)
def _fernet(secret: str) -> Fernet:
    derived = HKDF(algorithm=SHA256(), length=32, salt=None, info=LABEL).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))
