"""The clinics' passport signing keys sealed again with AES-256-GCM, bound to their rows
(clinic/signing/sealing.py), in place of Fernet (AES-128-CBC with HMAC-SHA256, legacy in ASVS
5.0). Every key any configured secret key opens, retired ones included, is sealed under the
current secret key; a key none opens is left as it is, and unseal() says what to do when it is
needed. Reversible: migrating back seals every key a secret key opens as a Fernet token again,
under the current secret key, for a release that reads nothing else."""

from typing import Any

from django.db import migrations

from toxfill.web.clinic.signing import sealing


def seal_with_gcm(apps: Any, schema_editor: Any) -> None:
    """Every key not already sealed with AES-256-GCM under the current secret key, resealed."""
    key_model = apps.get_model("clinic", "ClinicKey")
    for row in key_model.objects.only("pk", "clinic_id", "kid", "sealed_jwk").order_by("pk"):
        fresh = sealing.reseal(row.sealed_jwk, clinic_id=row.clinic_id, kid=row.kid)
        if fresh is not None:
            key_model.objects.filter(pk=row.pk).update(sealed_jwk=fresh)


def seal_with_fernet(apps: Any, schema_editor: Any) -> None:
    """Every key any secret key opens, back to a Fernet token under the current one; a key
    none opens is left as it is, as going forward does."""
    key_model = apps.get_model("clinic", "ClinicKey")
    for row in key_model.objects.only("pk", "clinic_id", "kid", "sealed_jwk").order_by("pk"):
        try:
            jwk = sealing.unseal(row.sealed_jwk, clinic_id=row.clinic_id, kid=row.kid)
        except sealing.UnsealError:
            continue
        fernet = sealing.legacy_fernet_seal(jwk)
        key_model.objects.filter(pk=row.pk).update(sealed_jwk=fernet)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0023_signed_in_browsers"),
    ]

    operations = [
        migrations.RunPython(seal_with_gcm, seal_with_fernet, elidable=False),
    ]
