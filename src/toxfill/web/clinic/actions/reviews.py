"""Patients' two-week reviews of a first session: the patient's own answers, sent through
their link (which has checked who they are), kept as the clinic's record."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction

from toxfill.web.clinic.models import OutcomeReview, TreatmentSession


def record_outcome_review(
    session: TreatmentSession, option: str, answers: Mapping[str, Any]
) -> tuple[OutcomeReview, bool]:
    """Store the answers against the session's treatment `option`; the review, and whether it
    is new. A second answer for the same session and option changes nothing (a double tap):
    the first stands."""
    try:
        with transaction.atomic():
            review = OutcomeReview.objects.create(
                clinic_id=session.clinic_id,
                session=session,
                option=option,
                satisfaction=answers["satisfaction"],
                symmetry=answers["symmetry"],
                side_effects=answers["side_effects"],
            )
    except IntegrityError:
        found = OutcomeReview.objects.get(
            clinic_id=session.clinic_id, session=session, option=option
        )
        return found, False
    return review, True
