"""The clinics' passport signing keys sealed with AES-256-GCM (ASVS 5.0 V11.3.2): a versioned
envelope, a key of its own derived from the secret key, bound to its row (the clinic and key
ID), so any change to it, or a copy into another row, is refused; keys sealed before with
Fernet still open, and migration 0024 and the secret-key rotation seal them again."""

from __future__ import annotations

import base64
import json
from collections.abc import Iterator
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.hashes import SHA256
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import override_settings
from django.utils import timezone

from toxfill import passport
from toxfill.web.clinic.models import Clinic, ClinicKey, Membership
from toxfill.web.clinic.signing import sealing
from toxfill.web.clinic.signing.keys import published_keys, rotate_signing_key, signing_key

BEFORE = [("clinic", "0023_signed_in_browsers")]
RESEALED = [("clinic", "0024_signing_keys_sealed_with_aes_gcm")]
OLD_SECRET = "the-secret-key-before-the-rotation"
NEW_SECRET = "the-secret-key-after-the-rotation"
JWK = passport.new_signing_key()


def _row(clinic_id: int = 7, kid: str = JWK["kid"]) -> dict[str, Any]:
    return {"clinic_id": clinic_id, "kid": kid}


def _sealed_row(clinic: Clinic) -> str:
    return str(ClinicKey.objects.get(clinic=clinic, retired_at__isnull=True).sealed_jwk)


def _changed(sealed: str, at: int) -> str:
    """`sealed` with one bit of its byte `at` (after the scheme) flipped."""
    raw = bytearray(base64.urlsafe_b64decode(sealed.removeprefix(sealing.SCHEME)))
    raw[at] ^= 0x01
    return sealing.SCHEME + base64.urlsafe_b64encode(bytes(raw)).decode()


def test_a_key_sealed_is_aes_256_gcm_under_a_key_derived_for_it_and_opens_again() -> None:
    sealed = sealing.seal(JWK, **_row())
    assert sealing.unseal(sealed, **_row()) == JWK
    # the envelope: the scheme, a 96-bit nonce, the ciphertext and its 128-bit tag
    raw = base64.urlsafe_b64decode(sealed.removeprefix(sealing.SCHEME))
    nonce, ciphertext = raw[:12], raw[12:]
    assert sealed.startswith("a256gcm1.")
    assert len(ciphertext) == len(json.dumps(JWK)) + 16
    assert JWK["d"] not in sealed
    # opened by AES-256-GCM alone, with a 256-bit key from HKDF-SHA256 of the secret key, and
    # the clinic and key ID as associated data
    key = HKDF(algorithm=SHA256(), length=32, salt=None, info=sealing.GCM_INFO).derive(
        settings.SECRET_KEY.encode()
    )
    associated = json.dumps(["toxfill clinic signing key", 7, JWK["kid"]]).encode()
    assert json.loads(AESGCM(key).decrypt(nonce, ciphertext, associated)) == JWK
    # and each seal has its own random nonce
    again = base64.urlsafe_b64decode(sealing.seal(JWK, **_row()).removeprefix(sealing.SCHEME))
    assert again[:12] != nonce


@pytest.mark.parametrize(
    ("part", "at"),
    [("nonce", 0), ("nonce", 11), ("ciphertext", 12), ("ciphertext", -17), ("tag", -1)],
)
def test_a_changed_nonce_ciphertext_or_tag_is_refused(part: str, at: int) -> None:
    sealed = sealing.seal(JWK, **_row())
    with pytest.raises(sealing.UnsealError, match="TOXFILL_SECRET_KEY_FALLBACKS"):
        sealing.unseal(_changed(sealed, at), **_row())


@pytest.mark.parametrize(
    "sealed_for", [_row(clinic_id=8), _row(kid="another-key"), _row(clinic_id=8, kid="k")]
)
def test_changed_associated_data_is_refused(sealed_for: dict[str, Any]) -> None:
    sealed = sealing.seal(JWK, **_row())
    with pytest.raises(sealing.UnsealError):
        sealing.unseal(sealed, **sealed_for)
    assert sealing.reseal(sealed, **sealed_for) is None  # nothing to reseal


@pytest.mark.parametrize(
    "sealed",
    [sealing.SCHEME, sealing.SCHEME + "AAAA", sealing.SCHEME + "not base64!", "", "gAAAAAé"],
)
def test_a_cut_or_garbled_seal_is_refused_with_what_to_do(sealed: str) -> None:
    with pytest.raises(sealing.UnsealError, match="rotate_signing_key"):
        sealing.unseal(sealed, **_row())


def test_a_key_copied_into_another_clinics_row_does_not_sign(
    manager: Membership, outsider: Membership
) -> None:
    # given Riverside's key, and Lakeside's row given Riverside's sealed key and key ID
    riverside, lakeside = manager.clinic, outsider.clinic
    jwk = signing_key(riverside)
    signing_key(lakeside)
    ClinicKey.objects.filter(clinic=lakeside).update(
        kid=jwk["kid"], sealed_jwk=_sealed_row(riverside)
    )
    # then Lakeside cannot sign with it, and no new key is made in its place
    with pytest.raises(sealing.UnsealError):
        signing_key(lakeside)
    assert ClinicKey.objects.filter(clinic=lakeside).count() == 1
    assert signing_key(riverside) == jwk


def test_a_retired_key_copied_into_the_current_row_does_not_sign(manager: Membership) -> None:
    clinic = manager.clinic
    signing_key(clinic)
    retired = _sealed_row(clinic)
    rotate_signing_key(manager)
    ClinicKey.objects.filter(clinic=clinic, retired_at__isnull=True).update(sealed_jwk=retired)
    with pytest.raises(sealing.UnsealError):
        signing_key(clinic)


def test_a_fernet_sealed_key_still_signs_and_is_sealed_again_with_gcm(
    manager: Membership,
) -> None:
    # given Riverside's key as sealed before, a Fernet token
    clinic = manager.clinic
    jwk = signing_key(clinic)
    legacy = sealing.legacy_fernet_seal(jwk)
    ClinicKey.objects.filter(clinic=clinic).update(sealed_jwk=legacy)
    assert legacy.startswith("gAAAAA")
    assert sealing.is_legacy(legacy)
    # when the clinic signs, then it signs with that key, and the key is sealed with GCM now
    assert signing_key(clinic) == jwk
    assert _sealed_row(clinic).startswith(sealing.SCHEME)
    assert signing_key(clinic) == jwk


def test_a_fernet_token_holding_another_key_is_refused(manager: Membership) -> None:
    # a Fernet token names no row: the key it holds must at least be the row's
    clinic = manager.clinic
    signing_key(clinic)
    ClinicKey.objects.filter(clinic=clinic).update(
        sealed_jwk=sealing.legacy_fernet_seal(passport.new_signing_key())
    )
    with pytest.raises(sealing.UnsealError):
        signing_key(clinic)


def test_after_a_rotation_a_key_sealed_under_the_earlier_secret_opens_and_moves_to_the_new(
    manager: Membership,
) -> None:
    # given Riverside's key sealed with GCM under the secret key used before a rotation
    clinic = manager.clinic
    with override_settings(SECRET_KEY=OLD_SECRET, SECRET_KEY_FALLBACKS=[]):
        jwk = signing_key(clinic)
        before = _sealed_row(clinic)
    # when the secret key is rotated, the old one kept as a fallback, and the clinic signs
    with override_settings(SECRET_KEY=NEW_SECRET, SECRET_KEY_FALLBACKS=[OLD_SECRET]):
        assert signing_key(clinic) == jwk
    # then the key is sealed with GCM under the new secret alone, and no longer the old
    after = _sealed_row(clinic)
    assert after != before
    assert after.startswith(sealing.SCHEME)
    with override_settings(SECRET_KEY=NEW_SECRET, SECRET_KEY_FALLBACKS=[]):
        assert signing_key(clinic) == jwk
    forgotten = override_settings(SECRET_KEY=OLD_SECRET, SECRET_KEY_FALLBACKS=[])
    with forgotten, pytest.raises(sealing.UnsealError):
        signing_key(clinic)


def test_after_a_rotation_a_fernet_key_under_the_earlier_secret_moves_to_gcm() -> None:
    with override_settings(SECRET_KEY=OLD_SECRET, SECRET_KEY_FALLBACKS=[]):
        legacy = sealing.legacy_fernet_seal(JWK)
    with override_settings(SECRET_KEY=NEW_SECRET, SECRET_KEY_FALLBACKS=[OLD_SECRET]):
        assert sealing.unseal(legacy, **_row()) == JWK
        fresh = sealing.reseal(legacy, **_row())
        assert fresh is not None
        assert fresh.startswith(sealing.SCHEME)
        assert sealing.reseal(fresh, **_row()) is None  # already sealed as it should be
    with override_settings(SECRET_KEY=NEW_SECRET, SECRET_KEY_FALLBACKS=[]):
        assert sealing.unseal(fresh, **_row()) == JWK
        with pytest.raises(sealing.UnsealError):
            sealing.unseal(legacy, **_row())


def _migrate(targets: list[tuple[str, str]] | None = None) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(targets or executor.loader.graph.leaf_nodes())


@pytest.fixture
def fernet_keys(
    transactional_db: None, manager: Membership, outsider: Membership
) -> Iterator[dict[str, Any]]:
    """Riverside's keys as a database before migration 0024 holds them: Fernet tokens, a
    retired key under a secret key since rotated (kept as a fallback), the current one under
    the current secret; and a Lakeside key no secret key opens. Migrated to the latest after."""
    clinic = manager.clinic
    retired, current, lost = (passport.new_signing_key() for _ in range(3))
    _migrate(BEFORE)
    old_model = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    clinic_key = old_model.get_model("clinic", "ClinicKey")
    lakeside = outsider.clinic
    with override_settings(SECRET_KEY=OLD_SECRET):
        sealed_retired = sealing.legacy_fernet_seal(retired)
    with override_settings(SECRET_KEY="a-secret-key-since-lost"):
        sealed_lost = sealing.legacy_fernet_seal(lost)
    for clinic_id, jwk, sealed, retired_at in (
        (clinic.pk, retired, sealed_retired, timezone.now()),
        (clinic.pk, current, sealing.legacy_fernet_seal(current), None),
        (lakeside.pk, lost, sealed_lost, None),
    ):
        clinic_key.objects.create(
            clinic_id=clinic_id,
            kid=jwk["kid"],
            sealed_jwk=sealed,
            public_jwk=passport.public_jwk(jwk),
            retired_at=retired_at,
        )
    yield {"retired": retired, "current": current, "lost": lost, "lakeside": lakeside}
    _migrate()


def _sealed(kid: str) -> str:
    return str(ClinicKey.objects.get(kid=kid).sealed_jwk)


def test_the_migration_seals_every_fernet_key_again_with_gcm(
    fernet_keys: dict[str, Any], manager: Membership
) -> None:
    # given Fernet-sealed keys, one under a secret key now a fallback
    clinic = manager.clinic
    retired, current, lost = fernet_keys["retired"], fernet_keys["current"], fernet_keys["lost"]
    lost_before = _sealed(lost["kid"])
    published = published_keys(clinic)
    # when the database is migrated, the rotated secret key kept as a fallback
    with override_settings(SECRET_KEY_FALLBACKS=[OLD_SECRET]):
        _migrate(RESEALED)
    # then every key a secret opens is sealed with GCM under the current secret, for its row
    for jwk in (retired, current):
        sealed = _sealed(jwk["kid"])
        assert sealed.startswith(sealing.SCHEME)
        with override_settings(SECRET_KEY_FALLBACKS=[]):
            assert sealing.unseal(sealed, clinic_id=clinic.pk, kid=jwk["kid"]) == jwk
    # and the clinic signs with the same key and publishes the same JWKS
    assert signing_key(clinic) == current
    assert published_keys(clinic) == published
    # and the key no secret opens is left as it was, to say what to do when it is needed
    assert _sealed(lost["kid"]) == lost_before
    with pytest.raises(sealing.UnsealError, match="rotate_signing_key"):
        signing_key(fernet_keys["lakeside"])


def test_the_migration_reversed_gives_back_fernet_tokens_that_still_open(
    fernet_keys: dict[str, Any], manager: Membership
) -> None:
    clinic = manager.clinic
    current = fernet_keys["current"]
    _migrate(RESEALED)
    assert _sealed(current["kid"]).startswith(sealing.SCHEME)
    _migrate(BEFORE)
    legacy = _sealed(current["kid"])
    assert legacy.startswith("gAAAAA")
    opened = sealing._fernet(settings.SECRET_KEY).decrypt(legacy.encode())
    assert json.loads(opened) == current
    assert sealing.unseal(legacy, clinic_id=clinic.pk, kid=current["kid"]) == current
