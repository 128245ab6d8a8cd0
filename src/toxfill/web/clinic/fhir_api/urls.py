"""The FHIR API's addresses, under /fhir/r4/ (included by the site's urls)."""

from django.urls import path

from toxfill.web.clinic.fhir_api import views

app_name = "fhir"

urlpatterns = [
    path("metadata", views.metadata, name="metadata"),
    path("clinic/<str:clinic_id>/metadata", views.clinic_metadata, name="clinic-metadata"),
    path("clinic/<str:clinic_id>/Patient/<str:patient_id>", views.patient, name="patient"),
    path(
        "clinic/<str:clinic_id>/Patient/<str:patient_id>/$everything",
        views.patient_everything,
        name="patient-everything",
    ),
    path("", views.unsupported),
    path("<path:rest>", views.unsupported, name="unsupported"),
]
