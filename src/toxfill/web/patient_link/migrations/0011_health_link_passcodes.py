"""A health link may need a passcode (SMART Health Links' P flag): its hash, and the wrong
guesses it still takes."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("patient_link", "0010_health_links"),
    ]

    operations = [
        migrations.AddField(
            model_name="healthlink",
            name="passcode_attempts_left",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="healthlink",
            name="passcode_hash",
            field=models.CharField(blank=True, max_length=200),
        ),
    ]
