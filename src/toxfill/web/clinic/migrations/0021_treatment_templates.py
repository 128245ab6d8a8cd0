"""A clinic's treatment templates, and their history as audit rows: chained like the others
(the chain's columns come with the history model) and kept append-only by the database's
triggers, as 0019 made them for the audit tables before it."""

import uuid

import django.db.models.deletion
import django.utils.timezone
import simple_history.models
from django.db import migrations, models

from toxfill.web.clinic.audit_guard import guard

TABLES = ("clinic_historicaltreatmenttemplate",)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0020_point_position"),
    ]

    operations = [
        migrations.CreateModel(
            name="HistoricalTreatmentTemplate",
            fields=[
                ("id", models.BigIntegerField(auto_created=True, blank=True, verbose_name="ID")),
                ("chain_seq", models.PositiveBigIntegerField(editable=False)),
                ("chain_hash", models.CharField(editable=False, max_length=64)),
                ("public_id", models.UUIDField(default=uuid.uuid4, editable=False)),
                (
                    "created_at",
                    models.DateTimeField(default=django.utils.timezone.now, editable=False),
                ),
                ("version", models.PositiveIntegerField(default=1)),
                ("voided_at", models.DateTimeField(blank=True, null=True)),
                ("void_reason", models.TextField(blank=True)),
                ("name", models.CharField(max_length=80)),
                ("product", models.CharField(max_length=64)),
                ("points", models.JSONField(default=list)),
                ("history_user_id", models.IntegerField(blank=True, null=True)),
                ("history_change_reason", models.TextField(null=True)),
                ("history_id", models.AutoField(primary_key=True, serialize=False)),
                ("history_date", models.DateTimeField()),
                (
                    "history_type",
                    models.CharField(
                        choices=[("+", "Created"), ("~", "Changed"), ("-", "Deleted")], max_length=1
                    ),
                ),
                (
                    "clinic",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="clinic.clinic",
                    ),
                ),
                (
                    "voided_by",
                    models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="clinic.membership",
                    ),
                ),
            ],
            options={
                "verbose_name": "historical treatment template",
                "verbose_name_plural": "historical treatment templates",
                "ordering": ("-history_date", "-history_id"),
                "get_latest_by": ("history_date", "history_id"),
                "indexes": [
                    models.Index(
                        fields=["clinic", "id", "history_date"],
                        name="clinic_hist_clinic__a3adc0_idx",
                    )
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("clinic", "chain_seq"),
                        name="clinic_historytreatmenttemplate_chain_seq",
                    )
                ],
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name="TreatmentTemplate",
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
                ("voided_at", models.DateTimeField(blank=True, null=True)),
                ("void_reason", models.TextField(blank=True)),
                ("name", models.CharField(max_length=80)),
                ("product", models.CharField(max_length=64)),
                ("points", models.JSONField(default=list)),
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
                    "voided_by",
                    models.ForeignKey(
                        blank=True,
                        db_index=False,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="clinic.membership",
                    ),
                ),
            ],
            options={
                "abstract": False,
                "indexes": [
                    models.Index(fields=["clinic", "name"], name="clinic_trea_clinic__002eba_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("clinic", "public_id"), name="clinic_treatmenttemplate_public_id"
                    )
                ],
            },
        ),
        guard(*TABLES),
    ]
