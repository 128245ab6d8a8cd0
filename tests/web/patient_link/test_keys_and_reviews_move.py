"""The signing keys and the two-week reviews moved from the patient link app to the clinic
(clinic 0008, patient_link 0007 and 0008): the rows a database already holds are kept and read
through the clinic's models, and the link that sent each review stays with the link app."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from toxfill import passport
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.models import ClinicKey, Membership, OutcomeReview, TreatmentSession
from toxfill.web.clinic.scoping import outcome_reviews
from toxfill.web.clinic.signing import sealing
from toxfill.web.clinic.signing.keys import published_keys, signing_key
from toxfill.web.patient_link.actions import IssuedLink, send_outcome_review
from toxfill.web.patient_link.models import SentReview
from toxfill.web.patient_link.reads import pending_review
from toxfill.web.patient_link.tokens import open_link

BEFORE = [("clinic", "0007_idempotent_requests"), ("patient_link", "0006_withdrawn_signing_keys")]
ANSWERS = {"satisfaction": 4, "symmetry": "slightly-uneven", "side_effects": "mild"}


def _migrate(targets: list[tuple[str, str]] | None = None) -> Any:
    """The database migrated to `targets` (the latest when none); the apps of that state."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return MigrationExecutor(connection).loader.project_state(targets).apps


@pytest.fixture
def before_the_move(transactional_db: None) -> Iterator[Any]:
    """The database as it was with keys and reviews in the link app; the latest afterwards.
    Ask for it after the fixtures that write records: they write with today's models."""
    yield _migrate(BEFORE)
    _migrate()


@pytest.fixture
def reviewed(dilution: TreatmentSession) -> TreatmentSession:
    """Ana's session, 15 days ago: due for her two-week review, unless she sent it."""
    performed = timezone.now() - dt.timedelta(days=15)
    TreatmentSession.objects.filter(pk=dilution.pk).update(performed_at=performed)
    return dilution


def test_the_keys_and_reviews_a_database_holds_are_the_clinics_after_the_move(
    issued: IssuedLink, manager: Membership, reviewed: TreatmentSession, before_the_move: Any
) -> None:
    # given Riverside's current and retired keys and Ana's review, stored in the link app
    clinic = manager.clinic
    old_key = before_the_move.get_model("patient_link", "ClinicKey")
    retired, current = passport.new_signing_key(), passport.new_signing_key()
    for jwk, retired_at in ((retired, timezone.now()), (current, None)):
        old_key.objects.create(
            clinic_id=clinic.pk,
            kid=jwk["kid"],
            sealed_jwk=sealing.seal(jwk, clinic_id=clinic.pk, kid=jwk["kid"]),
            public_jwk=passport.public_jwk(jwk),
            retired_at=retired_at,
        )
    old_review = before_the_move.get_model("patient_link", "OutcomeReview").objects.create(
        clinic_id=clinic.pk,
        link_id=issued.link.pk,
        session_id=reviewed.pk,
        option="botulinum-toxin",
        **ANSWERS,
    )
    # when the database is migrated
    _migrate()
    # then the clinic signs with the same key and publishes both
    assert signing_key(clinic) == current
    assert [k["kid"] for k in published_keys(clinic)["keys"]] == [retired["kid"], current["kid"]]
    assert ClinicKey.objects.filter(clinic=clinic).count() == 2
    # and the review is the clinic's, as it was, counted in its reports and not asked again
    [review] = outcome_reviews(manager)
    assert (review.pk, review.public_id, review.created_at) == (
        old_review.pk,
        old_review.public_id,
        old_review.created_at,
    )
    assert (review.session_id, review.option, review.satisfaction) == (
        reviewed.pk,
        "botulinum-toxin",
        4,
    )
    assert pending_review(bundled_knowledge(), issued.link) is None
    # and the link that sent it is kept by the link app, and found again by its token
    assert SentReview.objects.get(clinic=clinic, review=review).link_id == issued.link.pk
    assert open_link(issued.token).pk == issued.link.pk


def test_the_review_keeps_its_constraints_under_the_clinics_names(
    manager: Membership, reviewed: TreatmentSession, before_the_move: Any
) -> None:
    _migrate()
    with connection.cursor() as cursor:
        table = OutcomeReview._meta.db_table
        constraints = connection.introspection.get_constraints(cursor, table)
        columns = {c.name for c in connection.introspection.get_table_description(cursor, table)}
    unique = {
        tuple(c["columns"]) for c in constraints.values() if c["unique"] and not c["primary_key"]
    }
    assert {("clinic_id", "public_id"), ("clinic_id", "session_id", "option")} <= unique
    assert "clinic_outcomereview_public_id" in constraints
    assert "patient_link_outcomereview_public_id" not in constraints
    assert "link_id" not in columns
    first = OutcomeReview.objects.create(
        clinic_id=manager.clinic_id, session=reviewed, option="botulinum-toxin", **ANSWERS
    )
    assert (
        OutcomeReview.objects.get(clinic_id=manager.clinic_id, public_id=first.public_id) == first
    )


def test_reversed_the_review_takes_back_the_link_that_sent_it(
    issued: IssuedLink, reviewed: TreatmentSession, before_the_move: Any
) -> None:
    # given a review Ana sent through her link after the move
    _migrate()
    pending = pending_review(bundled_knowledge(), issued.link)
    assert pending is not None
    review = send_outcome_review(issued.link, pending, ANSWERS)
    # when the move is reversed, the review and the link are the link app's again
    old = _migrate(BEFORE)
    old_review = old.get_model("patient_link", "OutcomeReview").objects.get()
    assert (old_review.pk, old_review.link_id) == (review.pk, issued.link.pk)
