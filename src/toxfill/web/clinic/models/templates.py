"""Treatment templates: a clinic's named sets of points (e.g. "Glabella, 5 points x 4 U")
an injector adds to a session in one tap."""

from __future__ import annotations

from django.db import models

from toxfill.web.clinic.models.base import ClinicHistory, ClinicRecord, Voidable


class TreatmentTemplate(ClinicRecord, Voidable):
    """A named set of points for one product: each point's zone, its place on the drawing and
    its dose in the product's unit, as [{"zone", "view", "x", "y", "dose"}, ...]."""

    name = models.CharField(max_length=80)
    product = models.CharField(max_length=64)  # a knowledge-base product ID
    points = models.JSONField(default=list)
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        indexes = (models.Index(fields=["clinic", "name"]),)
