"""SMART Health Links of a patient link: the digest of the manifest ID, the files as ciphertext
only (their key is in the QR code alone), expiry, revocation and an access log naming the
recipient of each request."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0010_scanned_label_and_receipt_findings"),
        ("patient_link", "0009_link_directory"),
    ]

    operations = [
        migrations.CreateModel(
            name="HealthLink",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                ("digest", models.CharField(max_length=64)),
                ("files", models.JSONField(default=list)),
                ("flag", models.CharField(blank=True, max_length=3)),
                ("expires_at", models.DateTimeField()),
                ("revoked_at", models.DateTimeField(blank=True, null=True)),
                ("access_count", models.PositiveIntegerField(default=0)),
                ("last_accessed_at", models.DateTimeField(blank=True, null=True)),
                (
                    "clinic",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="clinic.clinic",
                    ),
                ),
                (
                    "link",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="patient_link.patientlink",
                    ),
                ),
            ],
            options={
                "abstract": False,
            },
        ),
        migrations.CreateModel(
            name="HealthLinkAccess",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("recipient", models.CharField(blank=True, max_length=200)),
                ("what", models.CharField(max_length=20)),
                ("accessed_at", models.DateTimeField(default=django.utils.timezone.now)),
                (
                    "clinic",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="clinic.clinic",
                    ),
                ),
                (
                    "health_link",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="patient_link.healthlink",
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="healthlink",
            index=models.Index(
                fields=["clinic", "link", "created_at"], name="patient_lin_clinic__bc2a67_idx"
            ),
        ),
        migrations.AddConstraint(
            model_name="healthlink",
            constraint=models.UniqueConstraint(
                fields=("clinic", "public_id"), name="patient_link_healthlink_public_id"
            ),
        ),
        migrations.AddConstraint(
            model_name="healthlink",
            constraint=models.UniqueConstraint(
                fields=("clinic", "digest"), name="health_link_digest"
            ),
        ),
        migrations.AddIndex(
            model_name="healthlinkaccess",
            index=models.Index(
                fields=["clinic", "health_link", "accessed_at"],
                name="patient_lin_clinic__15ac41_idx",
            ),
        ),
    ]
