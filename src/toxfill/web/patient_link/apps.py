from django.apps import AppConfig


class PatientLinkConfig(AppConfig):
    name = "toxfill.web.patient_link"
    label = "patient_link"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The clinic's demo cannot import the link (it stands below it): the link listens.
        from toxfill.web.clinic.demo import demo_loaded
        from toxfill.web.patient_link.demo import report_a_demo_problem

        demo_loaded.connect(report_a_demo_problem, dispatch_uid="patient-link-demo-report")
