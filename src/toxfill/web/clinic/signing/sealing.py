"""The clinics' private signing keys sealed at rest: AES-256-GCM, its key derived from SECRET_KEY.

A database dump alone then reveals no key that could sign a passport. The sealing key is
derived (HKDF-SHA256, its own `info`) from Django's SECRET_KEY, so nothing needs configuring,
and it is kept wherever the secret key is (the environment, a file apart from the data, a
systemd credential: toxfill.web.environment). Each sealed key names its scheme
(`a256gcm1.`, then base64url of a random 96-bit nonce and the ciphertext with its tag) and is
bound to its row: the clinic and the key ID are the associated data, so a sealed key copied
into another clinic's row, or another key's, does not open.

Keys sealed before (Fernet: AES-128-CBC with HMAC-SHA256, which ASVS 5.0 calls legacy) still
open, so a database not yet migrated keeps working; clinic migration 0024 seals them again
with AES-256-GCM, and `reseal` does so for any met later. After a secret-key rotation done as
Django documents it (the old key moved to SECRET_KEY_FALLBACKS), keys sealed under an old
secret still open, and `reseal` moves them to the current one.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import os
from collections.abc import Mapping
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from toxfill.errors import ToxfillError

SCHEME = "a256gcm1."
"""How a sealed key begins: AES-256-GCM, version 1 of this envelope. (A Fernet token begins
with `gAAAAA`, so the two never look alike.)"""
GCM_INFO = b"toxfill passport signing keys: AES-256-GCM sealing, v1"
LABEL = b"toxfill passport signing keys"  # the HKDF info of the Fernet keys sealed before
NONCE_BYTES = 12


class UnsealError(ToxfillError):
    """A sealed key that no configured secret key opens; the message says what to do."""


def seal(jwk: Mapping[str, Any], *, clinic_id: int, kid: str) -> str:
    """The JWK encrypted under the current secret key, bound to the clinic's row for `kid`."""
    return _gcm_seal(settings.SECRET_KEY, jwk, clinic_id=clinic_id, kid=kid)


def unseal(
    sealed: str, *, clinic_id: int, kid: str, what: str = "a passport signing key"
) -> dict[str, Any]:
    """The JWK inside `sealed`, opened with SECRET_KEY or one of SECRET_KEY_FALLBACKS; only
    in the row it was sealed for (the clinic and key ID)."""
    opened = _open(sealed, clinic_id=clinic_id, kid=kid)
    if opened is None:
        raise UnsealError(
            f"{what} cannot be decrypted: it was sealed under another secret key (or for "
            "another clinic's key). If the "
            "secret key (TOXFILL_SECRET_KEY, or its file) was changed, put the old one in "
            "TOXFILL_SECRET_KEY_FALLBACKS (or its file); otherwise a manager "
            "rotates the clinic's signing key (toxfill-manage rotate_signing_key), and "
            "the passports it signed before still verify"
        )
    return opened[0]


def opens(sealed: str, *, clinic_id: int, kid: str) -> bool:
    """Whether a configured secret key (the current one or a fallback) opens `sealed`."""
    return _open(sealed, clinic_id=clinic_id, kid=kid) is not None


def reseal(sealed: str, *, clinic_id: int, kid: str) -> str | None:
    """`sealed` sealed again with AES-256-GCM under the current secret key; None when it
    already is, or when no key opens it (unseal() then says what to do)."""
    opened = _open(sealed, clinic_id=clinic_id, kid=kid)
    if opened is None:
        return None
    jwk, current = opened
    if current and sealed.startswith(SCHEME):
        return None
    return seal(jwk, clinic_id=clinic_id, kid=kid)


def is_legacy(sealed: str) -> bool:
    """Whether `sealed` is a Fernet token, sealed before AES-256-GCM."""
    return not sealed.startswith(SCHEME)


def legacy_fernet_seal(jwk: Mapping[str, Any]) -> str:
    """The JWK as a Fernet token under the current secret key: only for migrating back to a
    release that reads nothing else (clinic migration 0024 reversed), and for tests."""
    return _fernet(settings.SECRET_KEY).encrypt(json.dumps(dict(jwk)).encode()).decode("ascii")


def _open(sealed: str, *, clinic_id: int, kid: str) -> tuple[dict[str, Any], bool] | None:
    """The JWK and whether the current secret key opened it; None when no key does."""
    secrets = (settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS)
    if sealed.startswith(SCHEME):
        for place, secret in enumerate(secrets):
            if (opened := _gcm_open(secret, sealed, clinic_id=clinic_id, kid=kid)) is not None:
                return opened, place == 0
        return None
    try:
        token = sealed.encode("ascii")
        current = _opens_with_current(token)
        jwk: dict[str, Any] = json.loads(MultiFernet([_fernet(s) for s in secrets]).decrypt(token))
    except (InvalidToken, UnicodeEncodeError):
        return None
    # A Fernet token names no row; at least the key inside must be the row's key.
    return (jwk, current) if jwk.get("kid") == kid else None


def _opens_with_current(token: bytes) -> bool:
    try:
        _fernet(settings.SECRET_KEY).decrypt(token)
    except InvalidToken:
        return False
    return True


def _associated_data(clinic_id: int, kid: str) -> bytes:
    return json.dumps(["toxfill clinic signing key", int(clinic_id), str(kid)]).encode()


def _gcm_seal(secret: str, jwk: Mapping[str, Any], *, clinic_id: int, kid: str) -> str:
    nonce = os.urandom(NONCE_BYTES)
    ciphertext = _aesgcm(secret).encrypt(
        nonce, json.dumps(dict(jwk)).encode(), _associated_data(clinic_id, kid)
    )
    return SCHEME + base64.urlsafe_b64encode(nonce + ciphertext).decode("ascii")


def _gcm_open(secret: str, sealed: str, *, clinic_id: int, kid: str) -> dict[str, Any] | None:
    try:
        raw = base64.urlsafe_b64decode(sealed.removeprefix(SCHEME).encode("ascii"))
    except (binascii.Error, UnicodeEncodeError, ValueError):
        return None
    nonce, ciphertext = raw[:NONCE_BYTES], raw[NONCE_BYTES:]
    if len(nonce) != NONCE_BYTES or not ciphertext:
        return None
    try:
        opened = _aesgcm(secret).decrypt(nonce, ciphertext, _associated_data(clinic_id, kid))
    except InvalidTag:
        return None
    jwk: dict[str, Any] = json.loads(opened)
    return jwk


@functools.lru_cache(maxsize=8)
def _aesgcm(secret: str) -> AESGCM:
    derived = HKDF(algorithm=SHA256(), length=32, salt=None, info=GCM_INFO).derive(secret.encode())
    return AESGCM(derived)


@functools.lru_cache(maxsize=8)
def _fernet(secret: str) -> Fernet:
    derived = HKDF(algorithm=SHA256(), length=32, salt=None, info=LABEL).derive(secret.encode())
    return Fernet(base64.urlsafe_b64encode(derived))
