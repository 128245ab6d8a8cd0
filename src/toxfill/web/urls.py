from django.urls import include, path

from toxfill.web.api import api

urlpatterns = [
    path("api/v1/", api.urls),
    path("clinic/", include("toxfill.web.clinic.urls")),
    path("fhir/r4/", include("toxfill.web.clinic.fhir_api.urls")),
    path("", include("toxfill.web.guide.urls")),
    path("", include("toxfill.web.patient_link.urls")),
]
