"""Patients' own two-week reviews of a first toxin or filler session, sent through their link
and counted in the clinic's follow-up report."""

from __future__ import annotations

from django.db import models

from toxfill.web.clinic.models.base import ClinicRecord, SameClinicForeignKey


class Satisfaction(models.IntegerChoices):
    VERY_UNHAPPY = 1, "Very unhappy"
    UNHAPPY = 2, "Unhappy"
    OKAY = 3, "Okay"
    HAPPY = 4, "Happy"
    VERY_HAPPY = 5, "Very happy"


class Symmetry(models.TextChoices):
    EVEN = "even", "Both sides look the same"
    SLIGHTLY_UNEVEN = "slightly-uneven", "A little uneven"
    UNEVEN = "uneven", "Clearly uneven"


class SideEffects(models.TextChoices):
    NONE = "none", "None"
    MILD = "mild", "Mild, and gone by now"
    ONGOING = "ongoing", "Still there"
    NEEDED_CARE = "needed-care", "I needed to see a doctor or nurse"


class OutcomeReview(ClinicRecord):
    """The patient's own two-week review of a first toxin or filler session."""

    session = SameClinicForeignKey(
        "clinic.TreatmentSession", on_delete=models.PROTECT, db_index=False, related_name="+"
    )
    option = models.CharField(max_length=64)  # the treatment reviewed, an option ID
    satisfaction = models.PositiveSmallIntegerField(choices=Satisfaction.choices)
    symmetry = models.CharField(max_length=20, choices=Symmetry.choices)
    side_effects = models.CharField(max_length=20, choices=SideEffects.choices)

    class Meta(ClinicRecord.Meta):
        # Named in the patient link app, which held the reviews before the clinic did.
        db_table = "patient_link_outcomereview"
        constraints = (
            *ClinicRecord.Meta.constraints,
            models.UniqueConstraint(
                fields=["clinic", "session", "option"], name="link_one_review_per_session"
            ),
        )

    def __str__(self) -> str:
        return f"review of {self.session_id} ({self.option})"
