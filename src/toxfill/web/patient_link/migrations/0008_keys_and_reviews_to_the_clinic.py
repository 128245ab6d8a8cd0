"""The signing keys and the two-week reviews are the clinic's models now (clinic 0008): gone
from this app's state only, their tables and rows kept; a sent review names the clinic's."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0008_signing_keys_and_outcome_reviews"),
        ("patient_link", "0007_sent_reviews"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="sentreview",
                    name="review",
                    field=models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="clinic.outcomereview",
                    ),
                ),
                migrations.DeleteModel(name="OutcomeReview"),
                migrations.DeleteModel(name="ClinicKey"),
            ],
        ),
    ]
