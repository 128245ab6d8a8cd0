from django.apps import AppConfig


class ClinicConfig(AppConfig):
    name = "toxfill.web.clinic"
    label = "clinic"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from toxfill.web.clinic import browser_log, sign_in_log  # models are ready only now

        sign_in_log.connect()
        browser_log.connect()
