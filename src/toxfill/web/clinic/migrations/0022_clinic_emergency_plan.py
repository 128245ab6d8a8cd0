"""The clinic's own emergency plan: its protocol and the people its team calls.

On SQLite, adding a column with a default rebuilds the table, and a rebuilt table has lost its
triggers: the clinic's history table gets its append-only triggers again (migration 0019's).
"""

from __future__ import annotations

from django.db import migrations, models

from toxfill.web.clinic.audit_guard import guard_again_after_rebuild


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
        guard_again_after_rebuild("clinic_historicalclinic"),
    ]
