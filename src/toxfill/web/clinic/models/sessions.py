"""Treatment sessions and the injection points charted in them."""

from __future__ import annotations

from django.db import models

from toxfill.web.clinic.models.base import (
    ClinicHistory,
    ClinicRecord,
    SameClinicForeignKey,
    Voidable,
)


class TreatmentSession(ClinicRecord, Voidable):
    """One visit at which a licensed provider treated a patient."""

    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="sessions"
    )
    provider = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    performed_at = models.DateTimeField()
    notes = models.TextField(blank=True)  # clinical notes: never shown to the front desk
    # Every finding of the rules (toxfill.records) when it was saved: the warnings shown, and
    # each confirmation (hyaluronidase at hand) or written override reason (interval) given.
    findings = models.JSONField(default=list, blank=True)
    knowledge_version = models.CharField(max_length=40, blank=True)  # the rules' data
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        indexes = (
            models.Index(fields=["clinic", "patient", "performed_at"]),
            models.Index(fields=["clinic", "performed_at"]),
            models.Index(fields=["clinic", "provider"]),
        )


class InjectionPoint(ClinicRecord):
    """Product, lot and dose at one zone of the face and body map. Doses are decimals:
    units for toxins, mL for fillers, the unit fixed by the product."""

    session = SameClinicForeignKey(
        TreatmentSession, on_delete=models.PROTECT, db_index=False, related_name="points"
    )
    zone = models.CharField(max_length=64)  # a knowledge-base zone ID
    concern = models.CharField(max_length=64, blank=True)  # what it treats, if not the zone's
    product = models.CharField(max_length=64)  # a knowledge-base product ID
    lot = SameClinicForeignKey(
        "clinic.ProductLot", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    dose = models.DecimalField(max_digits=8, decimal_places=2)
    unit = models.CharField(max_length=8)
    dilution_ml = models.DecimalField(  # toxins: diluent added to the vial
        max_digits=6, decimal_places=2, null=True, blank=True
    )
    depth = models.CharField(max_length=64, blank=True)  # e.g. intramuscular, subdermal
    technique = models.CharField(max_length=64, blank=True)  # e.g. needle, cannula, bolus
    # Where on the drawing the injector placed it (a knowledge-base map view, x and y on its
    # 0-100 grid): five glabella points keep five places. Blank for points charted by zone.
    view = models.CharField(max_length=16, blank=True, default="")
    x = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    y = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        indexes = (
            models.Index(fields=["clinic", "session"]),
            models.Index(fields=["clinic", "lot"]),
        )
