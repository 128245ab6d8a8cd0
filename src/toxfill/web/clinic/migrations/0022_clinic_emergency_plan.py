from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0019_audit_chain"),
    ]

    operations = [
        migrations.AddField(
            model_name=model,
            name=name,
            field=field,
        )
        for model in ("clinic", "historicalclinic")
        for name, field in (
            ("emergency_protocol", models.TextField(blank=True, max_length=2000)),
            ("escalation_contacts", models.JSONField(blank=True, default=list)),
        )
    ]
