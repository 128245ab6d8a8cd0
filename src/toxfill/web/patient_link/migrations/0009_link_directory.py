"""The link directory: which clinic holds a link, found by its digest or ID before any clinic
is known; a link's digest is then unique at its clinic (the directory keeps it unique across
clinics). Existing links are entered in the directory."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models


def enter_existing_links(apps: Any, schema_editor: Any) -> None:
    links = apps.get_model("patient_link", "PatientLink")
    directory = apps.get_model("patient_link", "LinkDirectory")
    rows = links.objects.values_list("digest", "public_id", "clinic_id").iterator()
    directory.objects.bulk_create(
        (directory(digest=d, link_public_id=p, clinic_id=c) for d, p, c in rows), batch_size=1000
    )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0008_signing_keys_and_outcome_reviews"),
        ("patient_link", "0008_keys_and_reviews_to_the_clinic"),
    ]

    operations = [
        migrations.CreateModel(
            name="LinkDirectory",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("digest", models.CharField(max_length=64, unique=True)),
                ("link_public_id", models.UUIDField(unique=True)),
                (
                    "clinic",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="clinic.clinic",
                    ),
                ),
            ],
        ),
        migrations.RunPython(enter_existing_links, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="patientlink",
            name="digest",
            field=models.CharField(max_length=64),
        ),
        migrations.AddConstraint(
            model_name="patientlink",
            constraint=models.UniqueConstraint(
                fields=("clinic", "digest"), name="patient_link_digest"
            ),
        ),
    ]
