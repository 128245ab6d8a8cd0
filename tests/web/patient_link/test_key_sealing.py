"""The clinics' passport signing keys sealed at rest: nothing in a database dump signs a
passport, a secret-key rotation done as Django documents it keeps passports signable, and a
key no secret opens says what to do (the patient sees a plain page, never a new key)."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client, override_settings

from toxfill import passport
from toxfill.web.clinic.models import Clinic, ClinicKey, Membership
from toxfill.web.clinic.signing import sealing
from toxfill.web.clinic.signing.keys import published_keys, rotate_signing_key, signing_key
from toxfill.web.patient_link.actions import IssuedLink

LOST_SECRET = "a-secret-key-since-lost"
NEW_SECRET = "the-secret-key-after-the-rotation"
BEFORE = ("patient_link", "0002_outcome_reviews")
SEALED = ("patient_link", "0003_sealed_signing_keys")


def migrate_past_sealing() -> None:
    """Through the sealing migration to the latest schema, which the current model reads."""
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.fixture
def riverside(manager: Membership) -> Clinic:
    """mia's clinic, whose passports patients carry to other clinics."""
    return manager.clinic


def _card(browser: Client) -> Any:
    return browser.get("/p/passport.smart-health-card")


def _jwks(clinic: Clinic) -> dict[str, Any]:
    keys: dict[str, Any] = Client().get(f"/clinics/{clinic.public_id}/.well-known/jwks.json").json()
    return keys


def test_it_stores_no_private_scalar_in_clear(riverside: Clinic) -> None:
    # given Riverside's signing key, made on first use
    jwk = signing_key(riverside)
    # when the row is read raw, as a database dump has it
    row = ClinicKey.objects.filter(clinic=riverside).values().get()
    # then the private scalar appears nowhere in it, and the key is there only sealed
    assert "private_jwk" not in row
    assert jwk["d"] not in str(row)
    assert "d" not in row["public_jwk"]
    assert row["sealed_jwk"].startswith(sealing.SCHEME)  # AES-256-GCM


def test_it_gives_back_the_key_it_sealed(riverside: Clinic) -> None:
    jwk = signing_key(riverside)
    assert signing_key(riverside) == jwk
    row = {"clinic_id": riverside.pk, "kid": jwk["kid"]}
    assert sealing.unseal(sealing.seal(jwk, **row), **row) == jwk
    assert ClinicKey.objects.filter(clinic=riverside).count() == 1


def test_it_publishes_the_public_half_of_the_sealed_key(riverside: Clinic) -> None:
    jwk = signing_key(riverside)
    assert _jwks(riverside) == {"keys": [passport.public_jwk(jwk)]}
    assert _jwks(riverside)["keys"][0]["kid"] == jwk["kid"]


def test_it_signs_and_verifies_after_the_secret_key_is_rotated(
    ana: Client, issued: IssuedLink
) -> None:
    # given Riverside's key, sealed under the secret key in use now
    clinic = issued.link.clinic
    kid = signing_key(clinic)["kid"]
    # when the secret key is rotated as Django documents it (the old one a fallback)
    with override_settings(SECRET_KEY=NEW_SECRET, SECRET_KEY_FALLBACKS=[settings.SECRET_KEY]):
        response = _card(ana)
    # then Ana's passport is signed with the same key, and another clinic verifies it
    assert response.status_code == 200
    token = passport.passport_from_text(response.content.decode())
    assert passport.read_passport(token, _jwks(clinic)).key_id == kid
    # and the key is now sealed under the new secret key alone
    with override_settings(SECRET_KEY=NEW_SECRET, SECRET_KEY_FALLBACKS=[]):
        assert signing_key(clinic)["kid"] == kid


def test_it_says_what_to_do_when_no_secret_key_opens_the_key(riverside: Clinic) -> None:
    with override_settings(SECRET_KEY=LOST_SECRET, SECRET_KEY_FALLBACKS=[]):
        signing_key(riverside)
    with pytest.raises(sealing.UnsealError) as raised:
        signing_key(riverside)
    assert "secret key" in str(raised.value)
    assert "TOXFILL_SECRET_KEY_FALLBACKS" in str(raised.value)
    assert "rotate_signing_key" in str(raised.value)
    assert ClinicKey.objects.filter(clinic=riverside).count() == 1  # no new key made


def test_it_shows_the_patient_a_plain_page_and_logs_why(
    ana: Client, issued: IssuedLink, caplog: pytest.LogCaptureFixture
) -> None:
    # given Riverside's key, sealed under a secret key since lost
    clinic = issued.link.clinic
    with override_settings(SECRET_KEY=LOST_SECRET, SECRET_KEY_FALLBACKS=[]):
        signing_key(clinic)
    # when Ana downloads her signed passport, as a card and as a PDF
    with caplog.at_level(logging.ERROR, logger="toxfill.patient_link"):
        card = _card(ana)
        pdf = ana.get("/p/passport.pdf")
    # then she reads that it cannot be signed now and to contact the clinic
    for response in (card, pdf):
        assert response.status_code == 503
        assert response["Cache-Control"] == "no-store"
        page = response.content.decode()
        assert "cannot be made right now" in page
        assert "contact Riverside" in page
        assert "Traceback" not in page
    # and the log says why, and what to do
    assert "TOXFILL_SECRET_KEY_FALLBACKS" in caplog.text
    assert ClinicKey.objects.filter(clinic=clinic).count() == 1


def test_it_signs_again_once_a_manager_rotates_the_lost_key(
    ana: Client, issued: IssuedLink, manager: Membership
) -> None:
    clinic = issued.link.clinic
    with override_settings(SECRET_KEY=LOST_SECRET, SECRET_KEY_FALLBACKS=[]):
        lost = signing_key(clinic)["kid"]
    assert _card(ana).status_code == 503
    new_kid = rotate_signing_key(manager)
    response = _card(ana)
    assert response.status_code == 200
    token = passport.passport_from_text(response.content.decode())
    assert passport.read_passport(token, _jwks(clinic)).key_id == new_kid
    assert [k["kid"] for k in _jwks(clinic)["keys"]] == [lost, new_kid]


@pytest.fixture
def unsealed_schema(transactional_db: None, riverside: Clinic) -> Iterator[MigrationExecutor]:
    """The database as it was before keys were sealed; migrated to the latest afterwards. The
    clinic and its people are written first, by today's models (later migrations added
    columns, such as the NPI, that the older schema does not have)."""
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    yield executor
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_seals_clear_keys_and_keeps_the_jwks(
    unsealed_schema: MigrationExecutor, riverside: Clinic
) -> None:
    # given a clear key, as stored before this migration, and the JWKS it published
    old_model = unsealed_schema.loader.project_state([BEFORE]).apps.get_model(
        "patient_link", "ClinicKey"
    )
    jwk = passport.new_signing_key()
    old_model.objects.create(clinic_id=riverside.pk, kid=jwk["kid"], private_jwk=jwk)
    published = {"keys": [passport.public_jwk(jwk)]}
    # when the database is migrated
    migrate_past_sealing()
    # then the row holds the key only sealed, signs as before, and publishes the same JWKS
    row = ClinicKey.objects.filter(clinic=riverside).values().get()
    assert jwk["d"] not in str(row)
    assert row["kid"] == jwk["kid"]
    assert signing_key(riverside) == jwk
    assert published_keys(riverside) == published


def test_the_migration_reversed_gives_back_the_clear_keys(
    unsealed_schema: MigrationExecutor, riverside: Clinic
) -> None:
    migrate_past_sealing()
    jwk = signing_key(riverside)
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    old_model = executor.loader.project_state([BEFORE]).apps.get_model("patient_link", "ClinicKey")
    assert old_model.objects.get(clinic_id=riverside.pk).private_jwk == jwk
