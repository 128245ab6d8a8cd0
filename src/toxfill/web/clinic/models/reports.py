"""What the manager's reports count, summed per clinic, month and provider, so a year's report
reads a few hundred rows instead of every injection point of the year."""

from __future__ import annotations

from django.db import models

from toxfill.web.clinic.models.base import SameClinicRow


class Counted(models.TextChoices):
    SESSIONS = "sessions", "Sessions given"
    PRODUCT = "product", "Sessions that used a product, and the dose used"
    LOT = "lot", "Sessions that used a lot number"


class MonthlySummary(SameClinicRow):
    """One provider's current (not voided) sessions in one month of the clinic's time zone:
    how many (SESSIONS rows), how many used each product and how much of it (PRODUCT rows,
    by product and unit), and how many used each lot number (LOT rows).

    Every count adds up across months and providers, since a session has one of each; the
    rows of one kind never add up to another's, since a session can use two products, or one
    product from two lots. Derived from the sessions and points alone: the actions that
    change them recount the month and provider they touch
    (toxfill.web.clinic.actions.report_summary), and a bulk load rebuilds it (as would a
    change of the clinic's time zone, which moves the months' bounds).
    """

    clinic = models.ForeignKey(
        "clinic.Clinic", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    month = models.DateField()  # its first day
    provider = models.ForeignKey(
        "clinic.Membership", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    counted = models.CharField(max_length=10, choices=Counted.choices)
    product = models.CharField(max_length=64, blank=True)  # PRODUCT rows
    unit = models.CharField(max_length=8, blank=True)  # PRODUCT rows
    lot_number = models.CharField(max_length=40, blank=True)  # LOT rows
    sessions = models.PositiveIntegerField()
    dose = models.DecimalField(max_digits=14, decimal_places=2, default=0)  # PRODUCT rows

    class Meta:
        constraints = (
            models.UniqueConstraint(
                fields=["clinic", "month", "provider", "counted", "product", "unit", "lot_number"],
                name="clinic_monthly_summary_row",
            ),
        )
