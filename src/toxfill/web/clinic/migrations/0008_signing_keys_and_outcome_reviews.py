"""The clinics' passport signing keys and the patients' two-week reviews become the clinic's
models, moved from the patient link app. Their tables stay as they are, rows and names: the
models are made here in Django's state only (the link app's 0008 removes them from its own).
Only the review's public-ID constraint is renamed, to the name a clinic record's has."""

import uuid

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models

REVIEW_CHOICES = {
    "satisfaction": [
        (1, "Very unhappy"),
        (2, "Unhappy"),
        (3, "Okay"),
        (4, "Happy"),
        (5, "Very happy"),
    ],
    "symmetry": [
        ("even", "Both sides look the same"),
        ("slightly-uneven", "A little uneven"),
        ("uneven", "Clearly uneven"),
    ],
    "side_effects": [
        ("none", "None"),
        ("mild", "Mild, and gone by now"),
        ("ongoing", "Still there"),
        ("needed-care", "I needed to see a doctor or nurse"),
    ],
}


def _id() -> models.BigAutoField:
    return models.BigAutoField(
        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
    )


def _to(model: str) -> models.ForeignKey:
    return models.ForeignKey(
        db_index=False,
        on_delete=django.db.models.deletion.PROTECT,
        related_name="+",
        to=model,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0007_idempotent_requests"),
        # where the tables were made, and the review's link moved out of its row
        ("patient_link", "0007_sent_reviews"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ClinicKey",
                    fields=[
                        ("id", _id()),
                        ("kid", models.CharField(max_length=64)),
                        ("sealed_jwk", models.TextField()),
                        ("public_jwk", models.JSONField()),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("retired_at", models.DateTimeField(blank=True, null=True)),
                        ("withdrawn_at", models.DateTimeField(blank=True, null=True)),
                        ("clinic", _to("clinic.clinic")),
                    ],
                    options={
                        "db_table": "patient_link_clinickey",
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("clinic", "kid"), name="link_clinic_kid"
                            ),
                            models.UniqueConstraint(
                                condition=models.Q(("retired_at__isnull", True)),
                                fields=("clinic",),
                                name="link_clinic_one_current_key",
                            ),
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="OutcomeReview",
                    fields=[
                        ("id", _id()),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False)),
                        (
                            "created_at",
                            models.DateTimeField(default=django.utils.timezone.now, editable=False),
                        ),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("option", models.CharField(max_length=64)),
                        (
                            "satisfaction",
                            models.PositiveSmallIntegerField(
                                choices=REVIEW_CHOICES["satisfaction"]
                            ),
                        ),
                        (
                            "symmetry",
                            models.CharField(choices=REVIEW_CHOICES["symmetry"], max_length=20),
                        ),
                        (
                            "side_effects",
                            models.CharField(choices=REVIEW_CHOICES["side_effects"], max_length=20),
                        ),
                        ("clinic", _to("clinic.clinic")),
                        ("session", _to("clinic.treatmentsession")),
                    ],
                    options={
                        "db_table": "patient_link_outcomereview",
                        "abstract": False,
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("clinic", "public_id"),
                                name="patient_link_outcomereview_public_id",
                            ),
                            models.UniqueConstraint(
                                fields=("clinic", "session", "option"),
                                name="link_one_review_per_session",
                            ),
                        ],
                    },
                ),
            ],
        ),
        # the new name first, so the public IDs are never without their constraint
        migrations.AddConstraint(
            model_name="outcomereview",
            constraint=models.UniqueConstraint(
                fields=("clinic", "public_id"), name="clinic_outcomereview_public_id"
            ),
        ),
        migrations.RemoveConstraint(
            model_name="outcomereview",
            name="patient_link_outcomereview_public_id",
        ),
    ]
