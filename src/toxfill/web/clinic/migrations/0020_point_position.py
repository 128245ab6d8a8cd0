"""Where on the drawing each injection point was placed: its map view, x and y.

SQLite adds a column with a default by copying the table afresh, which leaves the history
table without the triggers that keep audit rows append-only (0019): they are made again."""

from django.db import migrations, models

from toxfill.web.clinic.audit_guard import guard_again_after_rebuild

HISTORY = "clinic_historicalinjectionpoint"


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0019_audit_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalinjectionpoint",
            name="view",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.AddField(
            model_name="historicalinjectionpoint",
            name="x",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
        ),
        migrations.AddField(
            model_name="historicalinjectionpoint",
            name="y",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
        ),
        migrations.AddField(
            model_name="injectionpoint",
            name="view",
            field=models.CharField(blank=True, default="", max_length=16),
        ),
        migrations.AddField(
            model_name="injectionpoint",
            name="x",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
        ),
        migrations.AddField(
            model_name="injectionpoint",
            name="y",
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True),
        ),
        guard_again_after_rebuild(HISTORY),
    ]
