from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "toxfill.web.clinic"
    label = "clinic"
    default_auto_field = "django.db.models.BigAutoField"
