"""Where on the drawing each injection point was placed: its map view, x and y.

SQLite adds a column with a default by copying the table afresh, which leaves the history
table without the triggers that keep audit rows append-only (0019): they are made again."""

import importlib
from typing import Any

from django.db import migrations, models

AUDIT_CHAIN = importlib.import_module("toxfill.web.clinic.migrations.0019_audit_chain")
HISTORY = "clinic_historicalinjectionpoint"


def keep_rows_append_only(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL adds the columns in place, its triggers kept
    for op in ("update", "delete"):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{HISTORY}_append_only_{op}";')
    for statement in AUDIT_CHAIN._sqlite_triggers(HISTORY):
        schema_editor.execute(statement)


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
        migrations.RunPython(keep_rows_append_only, migrations.RunPython.noop),
    ]
