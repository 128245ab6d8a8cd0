from django.urls import include, path

from toxfill.web.api import api
from toxfill.web.language import choose_language

urlpatterns = [
    path("api/v1/", api.urls),
    path("language/<str:code>/", choose_language, name="choose-language"),  # the switch
    path("clinic/", include("toxfill.web.clinic.urls")),
    path("fhir/r4/", include("toxfill.web.clinic.fhir_api.urls")),
    path("", include("toxfill.web.guide.urls")),
    path("", include("toxfill.web.patient_link.urls")),
]

# A database too busy to answer is a 503 with Retry-After; anything else Django's 500 page.
handler500 = "toxfill.web.overload.server_error"
# A body over the limit is a 413 in the route's kind of answer; anything else Django's 400.
handler400 = "toxfill.web.error_answers.bad_request"
