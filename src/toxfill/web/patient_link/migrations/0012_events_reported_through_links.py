"""Adverse events drafted from a patient's report say so in their own field (clinic 0017):
every event a report points to came through the patient's link. Backwards, the field goes
with clinic 0017, so nothing is undone here."""

from django.db import migrations


def mark_reported_events(apps, schema_editor):
    AdverseEvent = apps.get_model("clinic", "AdverseEvent")
    PatientReport = apps.get_model("patient_link", "PatientReport")
    reported = PatientReport.objects.filter(event__isnull=False).values_list(
        "clinic_id", "event_id"
    )
    by_clinic: dict[int, set[int]] = {}
    for clinic_id, event_id in reported:
        by_clinic.setdefault(clinic_id, set()).add(event_id)
    for clinic_id, events in by_clinic.items():
        AdverseEvent.objects.filter(clinic_id=clinic_id, pk__in=events).update(
            origin="patient-link"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("clinic", "0017_event_origin"),
        ("patient_link", "0011_health_link_passcodes"),
    ]

    operations = [migrations.RunPython(mark_reported_events, migrations.RunPython.noop)]
