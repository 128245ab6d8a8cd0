"""The clinic's own emergency plan: its protocol and the people its team calls.

On SQLite, adding a column with a default rebuilds the table, and a rebuilt table has lost its
triggers: the clinic's history table gets its append-only triggers again (migration 0019's).
"""

from __future__ import annotations

import importlib
from typing import Any

from django.db import migrations, models

_audit_chain = importlib.import_module("toxfill.web.clinic.migrations.0019_audit_chain")
HISTORY = "clinic_historicalclinic"


def guard_the_history_again(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return  # PostgreSQL adds a column in place, triggers and all
    for op in ("update", "delete"):
        schema_editor.execute(f'DROP TRIGGER IF EXISTS "{HISTORY}_append_only_{op}";')
    for statement in _audit_chain._sqlite_triggers(HISTORY):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0021_treatment_templates"),
    ]

    operations = [
        *(
            migrations.AddField(model_name=model, name=name, field=field)
            for model in ("clinic", "historicalclinic")
            for name, field in (
                ("emergency_protocol", models.TextField(blank=True, default="", max_length=2000)),
                ("escalation_contacts", models.JSONField(blank=True, null=True)),
            )
        ),
        migrations.RunPython(guard_the_history_again, migrations.RunPython.noop),
    ]
