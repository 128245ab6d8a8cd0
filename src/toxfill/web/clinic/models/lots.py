"""Product lots: what the clinic received, and how much of it is left."""

from __future__ import annotations

from django.db import models

from toxfill.web.clinic.models.base import (
    ClinicHistory,
    ClinicRecord,
    SameClinicForeignKey,
    Voidable,
)


class ProductLot(ClinicRecord, Voidable):
    """A lot of one knowledge-base product. Quantities are in the product's dose unit
    (units for toxins, mL for fillers), so charting a dose draws down the same number.

    `scanned` is the barcode text exactly as the scanner typed it when the lot was first
    received (the group separator stays ASCII 29, U+001D; nothing is trimmed or replaced), blank
    when it was typed by hand: what a UDI carrier sends on verbatim. `receipt_findings` are what
    the rules said on receiving it (toxfill.records.check_receipt), with the confirmations given.
    """

    product = models.CharField(max_length=64)  # a knowledge-base product ID
    gtin = models.CharField(max_length=14, blank=True)
    lot_number = models.CharField(max_length=40)
    serial = models.CharField(max_length=40, blank=True)
    expires_on = models.DateField()
    scanned = models.CharField(max_length=200, blank=True)
    receipt_findings = models.JSONField(default=list, blank=True)
    received_at = models.DateTimeField()
    received_by = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    unit = models.CharField(max_length=8)  # "U" or "mL", fixed by the product
    quantity_received = models.DecimalField(max_digits=10, decimal_places=2)
    quantity_on_hand = models.DecimalField(max_digits=10, decimal_places=2)
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        constraints = (
            *ClinicRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["clinic", "product", "lot_number"], name="clinic_lot_number"
            ),
            models.CheckConstraint(
                condition=models.Q(quantity_on_hand__gte=0), name="clinic_lot_never_negative"
            ),
        )
        indexes = (models.Index(fields=["clinic", "lot_number"]),)

    def __str__(self) -> str:
        return f"{self.product} lot {self.lot_number}"


class RecallContact(ClinicRecord):
    """Whether the clinic has reached a patient about a lot's recall: one row per lot and
    patient, kept with who ticked it and when (and its history, if it is unticked)."""

    lot = SameClinicForeignKey(
        "clinic.ProductLot", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    patient = SameClinicForeignKey(
        "clinic.Patient", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    contacted_at = models.DateTimeField(null=True, blank=True)
    contacted_by = models.ForeignKey(
        "clinic.Membership",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        db_index=False,
        related_name="+",
    )
    history = ClinicHistory()

    class Meta(ClinicRecord.Meta):
        constraints = (
            *ClinicRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["clinic", "lot", "patient"], name="clinic_recall_contact"
            ),
        )
