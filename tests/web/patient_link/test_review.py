"""The two-week review after a first toxin or filler session."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.models import Membership, OutcomeReview, TreatmentSession
from toxfill.web.clinic.scoping import outcome_reviews
from toxfill.web.patient_link.actions import IssuedLink, send_outcome_review
from toxfill.web.patient_link.models import SentReview
from toxfill.web.patient_link.reads import pending_review

ANSWERS = {"satisfaction": "4", "symmetry": "slightly-uneven", "side_effects": "mild"}


def _treated_days_ago(session: TreatmentSession, days: int) -> None:
    TreatmentSession.objects.filter(pk=session.pk).update(
        performed_at=timezone.now() - dt.timedelta(days=days)
    )


def test_it_asks_nothing_in_the_first_two_weeks(ana: Client, dilution: TreatmentSession) -> None:
    # given Ana's only session was 10 days ago
    assert "Two weeks on" not in ana.get("/p/").content.decode()
    assert "no questions for you" in ana.get("/p/review").content.decode()


def test_it_asks_after_two_weeks_and_stores_the_answers_against_the_session(
    ana: Client, dilution: TreatmentSession, provider: Membership
) -> None:
    _treated_days_ago(dilution, 15)
    assert "Two weeks on" in ana.get("/p/").content.decode()
    form = ana.get("/p/review").content.decode()
    assert "How happy are you with the result?" in form
    assert ana.post("/p/review", ANSWERS).status_code == 302
    review = OutcomeReview.objects.get()
    assert review.session_id == dilution.pk
    assert (review.satisfaction, review.symmetry, review.side_effects) == (
        4,
        "slightly-uneven",
        "mild",
    )
    assert list(outcome_reviews(provider)) == [review]
    # and it is not asked again
    assert "Two weeks on" not in ana.get("/p/").content.decode()


@pytest.mark.parametrize("missing", ["satisfaction", "symmetry", "side_effects"])
def test_it_asks_again_for_a_missing_answer(
    ana: Client, dilution: TreatmentSession, missing: str
) -> None:
    _treated_days_ago(dilution, 20)
    answers = {k: v for k, v in ANSWERS.items() if k != missing}
    assert ana.post("/p/review", answers).status_code == 400
    assert not OutcomeReview.objects.exists()


def test_the_answers_show_in_the_clinic_report_beside_the_follow_ups(
    ana: Client,
    dilution: TreatmentSession,
    manager: Membership,
    client_for: Callable[[Membership], Client],
) -> None:
    _treated_days_ago(dilution, 15)
    ana.post("/p/review", ANSWERS)

    report = (
        client_for(manager)
        .get(reverse("clinic:reports", args=[manager.clinic.public_id]))
        .content.decode()
    )

    assert "1 patient answered the review" in report
    assert "<strong>100%</strong> happy or very happy" in report


def test_the_clinic_keeps_the_review_once_and_the_link_keeps_which_link_sent_it(
    issued: IssuedLink, dilution: TreatmentSession
) -> None:
    # given Ana's review due, sent twice at once (a double tap)
    _treated_days_ago(dilution, 15)
    pending = pending_review(bundled_knowledge(), issued.link)
    assert pending is not None
    answers = {"satisfaction": 4, "symmetry": "even", "side_effects": "none"}
    first = send_outcome_review(issued.link, pending, answers)
    again = send_outcome_review(issued.link, pending, {**answers, "satisfaction": 1})
    # then the first answer stands, stored once, and the link that sent it is recorded once
    assert again == first == OutcomeReview.objects.get()
    assert again.satisfaction == 4
    assert SentReview.objects.get().link_id == issued.link.pk
