"""Seal the clinics' private signing keys (clinic/signing/sealing.py) and keep the public halves in clear, so
the published JWKS is the same as before (same keys, same `kid`) and needs no secret."""

from typing import Any

from django.db import migrations, models

from toxfill import passport
from toxfill.web.clinic.signing import sealing


def seal_keys(apps: Any, schema_editor: Any) -> None:
    """Every clear private key, sealed; its public half kept for the JWKS."""
    key_model = apps.get_model("patient_link", "ClinicKey")
    clear = key_model.objects.filter(private_jwk__isnull=False)
    for row in clear.only("pk", "clinic_id", "kid", "private_jwk"):
        row.sealed_jwk = sealing.seal(row.private_jwk, clinic_id=row.clinic_id, kid=row.kid)
        row.public_jwk = passport.public_jwk(row.private_jwk)
        row.private_jwk = None
        row.save(update_fields=["sealed_jwk", "public_jwk", "private_jwk"])


def unseal_keys(apps: Any, schema_editor: Any) -> None:
    """Back to clear private keys (raises sealing.UnsealError if the secret key is lost)."""
    key_model = apps.get_model("patient_link", "ClinicKey")
    for row in key_model.objects.only("pk", "clinic_id", "kid", "sealed_jwk"):
        row.private_jwk = sealing.unseal(
            row.sealed_jwk, clinic_id=row.clinic_id, kid=row.kid, what=f"the signing key {row.kid}"
        )
        row.save(update_fields=["private_jwk"])


class Migration(migrations.Migration):
    dependencies = [
        ("patient_link", "0002_outcome_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="clinickey",
            name="sealed_jwk",
            field=models.TextField(default=""),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="clinickey",
            name="public_jwk",
            field=models.JSONField(default=dict),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="clinickey",
            name="private_jwk",
            field=models.JSONField(null=True),
        ),
        migrations.RunPython(seal_keys, unseal_keys),
        migrations.RemoveField(
            model_name="clinickey",
            name="private_jwk",
        ),
    ]
