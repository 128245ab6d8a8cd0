"""`toxfill-manage reseal_signing_keys`: after a secret-key rotation done as Django documents it
(the old key in SECRET_KEY_FALLBACKS), every clinic's signing key, retired ones included, is
sealed under the new key, so the old one can leave the fallbacks without a clinic losing the
key it signs passports with; a current key no configured secret opens is named, and fails."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from toxfill.web.clinic.models import ClinicKey, Membership
from toxfill.web.clinic.signing import sealing
from toxfill.web.clinic.signing.keys import rotate_signing_key, signing_key

OLD, NEW, LOST = "the-secret-key-before-rotation", "the-secret-key-after-it", "a-lost-secret"


def reseal() -> str:
    out = io.StringIO()
    call_command("reseal_signing_keys", stdout=out)
    return out.getvalue()


def test_every_key_moves_to_the_new_secret_and_the_old_one_can_go(
    manager: Membership, outsider: Membership
) -> None:
    # given two clinics' keys sealed under the old secret, one clinic with a retired key too
    with override_settings(SECRET_KEY=OLD, SECRET_KEY_FALLBACKS=[]):
        riverside = signing_key(manager.clinic)
        rotate_signing_key(manager)
        signing_key(manager.clinic)
        elsewhere = signing_key(outsider.clinic)
    # when the secret key is rotated, the old one kept as a fallback, and the keys resealed
    with override_settings(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD]):
        said = reseal()
        again = reseal()
    # then all three are sealed under the new key alone, and the clinics sign as before
    assert "3 sealed again under the current secret key, 0 already were" in said
    assert "no longer need the earlier ones" in said
    assert "0 sealed again under the current secret key, 3 already were" in again
    with override_settings(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[]):
        for row in ClinicKey.objects.all():
            assert sealing.opens(row.sealed_jwk, clinic_id=row.clinic_id, kid=row.kid)
        assert signing_key(outsider.clinic) == elsewhere
        assert signing_key(manager.clinic)["kid"] != riverside["kid"]  # the rotated one


def test_a_current_key_no_secret_opens_is_named_and_fails(
    manager: Membership, outsider: Membership
) -> None:
    # given one clinic's key sealed under a secret since lost, another's under the old one
    with override_settings(SECRET_KEY=LOST, SECRET_KEY_FALLBACKS=[]):
        signing_key(manager.clinic)
    with override_settings(SECRET_KEY=OLD, SECRET_KEY_FALLBACKS=[]):
        signing_key(outsider.clinic)
    # when the keys are resealed under the new secret with only the old one kept
    with override_settings(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[OLD]):
        out = io.StringIO()
        with pytest.raises(CommandError) as refused:
            call_command("reseal_signing_keys", stdout=out)
    # then the other clinic's key moved, and the lost one is named with what to do
    assert "1 sealed again" in out.getvalue()
    assert manager.clinic.name in str(refused.value)
    assert "rotate_signing_key" in str(refused.value)
    assert outsider.clinic.name not in str(refused.value)


def test_a_retired_key_no_secret_opens_is_only_reported(manager: Membership) -> None:
    with override_settings(SECRET_KEY=LOST, SECRET_KEY_FALLBACKS=[]):
        signing_key(manager.clinic)
    with override_settings(SECRET_KEY=NEW, SECRET_KEY_FALLBACKS=[]):
        rotate_signing_key(manager)  # the lost key retired, a new one made on first use
        signing_key(manager.clinic)
        said = reseal()
    assert "Retired keys no secret key opens" in said
    assert manager.clinic.name in said
    assert "1 already were" in said
