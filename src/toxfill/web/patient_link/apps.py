from django.apps import AppConfig


class PatientLinkConfig(AppConfig):
    name = "toxfill.web.patient_link"
    label = "patient_link"
    default_auto_field = "django.db.models.BigAutoField"
