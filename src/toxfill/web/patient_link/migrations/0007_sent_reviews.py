"""Which link sent each two-week review moves from the review's row to the link's own table
(SentReview), row for row, so the review can become the clinic's record (clinic 0008) without
naming the patient link. Reversed, the link goes back on each review."""

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

BATCH = 1000


def links_to_sent_reviews(apps: Any, schema_editor: Any) -> None:
    review_model = apps.get_model("patient_link", "OutcomeReview")
    sent_model = apps.get_model("patient_link", "SentReview")
    rows = review_model.objects.values_list("clinic_id", "pk", "link_id")
    sent = [sent_model(clinic_id=clinic, review_id=pk, link_id=link) for clinic, pk, link in rows]
    sent_model.objects.bulk_create(sent, batch_size=BATCH)


def sent_reviews_to_links(apps: Any, schema_editor: Any) -> None:
    review_model = apps.get_model("patient_link", "OutcomeReview")
    sent_model = apps.get_model("patient_link", "SentReview")
    for clinic, review, link in sent_model.objects.values_list("clinic_id", "review_id", "link_id"):
        review_model.objects.filter(clinic_id=clinic, pk=review).update(link_id=link)


class Migration(migrations.Migration):
    dependencies = [
        ("patient_link", "0006_withdrawn_signing_keys"),
    ]

    operations = [
        migrations.CreateModel(
            name="SentReview",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
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
                    "review",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="patient_link.outcomereview",
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
                "constraints": [
                    models.UniqueConstraint(
                        fields=("clinic", "review"), name="link_one_link_per_review"
                    )
                ],
            },
        ),
        # Nullable while the links move, so that reversed they can move back before the
        # column is required again.
        migrations.AlterField(
            model_name="outcomereview",
            name="link",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="patient_link.patientlink",
            ),
        ),
        migrations.RunPython(links_to_sent_reviews, sent_reviews_to_links),
        migrations.RemoveField(
            model_name="outcomereview",
            name="link",
        ),
    ]
