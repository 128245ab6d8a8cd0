"""`toxfill synth`: a synthetic chain from a seed, in realistic shapes, written in bulk; small
sizes only (3 clinics, 300 sessions), on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models import Sum
from tests.web.clinic.report_counts import counted_from_sessions, summary_of
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.knowledge import bundled_knowledge
from toxfill.records.doses import dose_unit
from toxfill.web.clinic.models import (
    AdverseEvent,
    Clinic,
    FollowUp,
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.clinic.synth import COLUMNS, Ids, Shapes, chain_rows
from toxfill.web.clinic.synth_write import check_columns, load_chain

TODAY = dt.date(2026, 12, 6)


@pytest.fixture(scope="module")
def shapes() -> Shapes:
    return Shapes.of(bundled_knowledge())


def _rows(shapes: Shapes, seed: int) -> list[dict[str, list[tuple[object, ...]]]]:
    ids = Ids(dict.fromkeys(COLUMNS, 1))
    made = chain_rows(shapes, seed=seed, clinics=3, sessions=300, today=TODAY, ids=ids)
    return [batch.tables for batch in made]


def test_it_makes_the_same_rows_from_one_seed(shapes: Shapes) -> None:
    assert _rows(shapes, seed=7) == _rows(shapes, seed=7)


def test_it_makes_other_rows_from_another_seed(shapes: Shapes) -> None:
    assert _rows(shapes, seed=7) != _rows(shapes, seed=8)


def test_it_shares_every_session_among_the_clinics(shapes: Shapes) -> None:
    ids = Ids(dict.fromkeys(COLUMNS, 1))
    made = list(chain_rows(shapes, seed=1, clinics=7, sessions=1001, today=TODAY, ids=ids))

    assert sum(batch.sessions for batch in made) == 1001
    assert sum(len(batch.tables["clinic_treatmentsession"]) for batch in made) == 1001


@pytest.mark.django_db
def test_it_makes_every_column_of_the_tables_it_fills() -> None:
    check_columns()  # raises when a model gains or loses a column synth does not know


@pytest.fixture
def chain(db: None) -> None:
    load_chain(seed=3, clinics=3, sessions=300, today=TODAY)


@pytest.mark.usefixtures("chain")
def test_it_gives_each_clinic_its_people_and_a_patient_per_five_sessions() -> None:
    assert Clinic.objects.count() == 3
    for clinic in Clinic.objects.all():
        roles = Counter(Membership.objects.filter(clinic=clinic).values_list("role", flat=True))
        assert 2 <= roles["provider"] <= 6
        assert roles["front-desk"] == roles["manager"] == 1
        sessions = TreatmentSession.objects.filter(clinic=clinic).count()
        assert Patient.objects.filter(clinic=clinic).count() == round(sessions / 5)
    assert TreatmentSession.objects.count() == 300


@pytest.mark.usefixtures("chain")
def test_it_charts_three_to_eight_points_in_the_products_unit() -> None:
    kb = bundled_knowledge()
    points = defaultdict(list)
    for point in InjectionPoint.objects.all():
        points[point.session_id].append(point)

    assert len(points) == 300
    for charted in points.values():
        assert 3 <= len(charted) <= 8
        for point in charted:
            assert point.unit == dose_unit(kb, point.product).value
            assert point.zone in kb.zones
            assert point.dose > 0


@pytest.mark.usefixtures("chain")
def test_it_spreads_sessions_over_three_years_in_the_clinics_time() -> None:
    for session in TreatmentSession.objects.select_related("clinic"):
        local = session.performed_at.astimezone(ZoneInfo(session.clinic.time_zone))
        assert TODAY - dt.timedelta(days=3 * 365) < local.date() < TODAY
        assert 9 <= local.hour <= 17


@pytest.mark.usefixtures("chain")
def test_it_plans_follow_ups_after_their_session() -> None:
    followups = FollowUp.objects.select_related("session", "session__clinic")

    assert followups.filter(purpose="review").exists()
    assert followups.filter(purpose="maintenance").exists()
    for followup in followups:
        zone = ZoneInfo(followup.session.clinic.time_zone)
        day = followup.session.performed_at.astimezone(zone).date()
        assert followup.due_on > day
        if followup.completed_on is not None:
            assert day <= followup.completed_on <= TODAY
        assert (followup.status == "done") == (followup.completed_on is not None)


@pytest.mark.usefixtures("chain")
def test_it_reviews_a_first_toxin_session_at_two_weeks() -> None:
    for review in FollowUp.objects.filter(purpose="review").select_related("session__clinic"):
        zone = ZoneInfo(review.session.clinic.time_zone)
        assert review.due_on - review.session.performed_at.astimezone(zone).date() == (
            dt.timedelta(days=14)
        )
        assert review.option == "botulinum-toxin"


@pytest.mark.usefixtures("chain")
def test_it_leaves_no_lot_below_zero_and_counts_what_was_used() -> None:
    for lot in ProductLot.objects.all():
        used = InjectionPoint.objects.filter(clinic_id=lot.clinic_id, lot=lot).aggregate(
            total=Sum("dose")
        )["total"] or Decimal(0)
        assert lot.quantity_on_hand >= 0
        assert lot.quantity_received - lot.quantity_on_hand == used
        assert lot.unit == dose_unit(bundled_knowledge(), lot.product).value


@pytest.mark.usefixtures("chain")
def test_it_uses_lots_received_before_and_not_expired_on_the_day() -> None:
    for point in InjectionPoint.objects.select_related("lot", "session"):
        assert point.lot.product == point.product
        assert point.lot.received_at < point.session.performed_at
        assert point.lot.expires_on > point.session.performed_at.date()


@pytest.mark.usefixtures("chain")
def test_it_records_a_few_adverse_events_triaged() -> None:
    events = AdverseEvent.objects.all()

    assert 1 <= events.count() <= 10  # about one per 200 sessions
    for event in events:
        assert event.urgency
        assert event.onset_at > event.session.performed_at


@pytest.mark.usefixtures("chain")
def test_it_counts_the_reports_summary_of_the_sessions_it_wrote() -> None:
    for clinic in Clinic.objects.all():
        assert summary_of(clinic) == counted_from_sessions(clinic) != {}


@pytest.mark.usefixtures("chain")
def test_it_adds_a_second_chain_after_the_first_with_add() -> None:
    load_chain(seed=4, clinics=2, sessions=50, add=True, today=TODAY)

    assert Clinic.objects.count() == 5
    assert TreatmentSession.objects.count() == 350
    # The sequences moved past the rows written: a clinic made the usual way gets a new ID.
    assert Clinic.objects.create(name="Opened by hand").pk > max(
        Clinic.objects.exclude(name="Opened by hand").values_list("pk", flat=True)
    )


def _synth(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["synth", *args])
    return result.exit_code, result.output


@pytest.mark.usefixtures("chain")
def test_it_refuses_a_database_that_holds_clinics() -> None:
    code, output = _synth("--clinics", "1", "--sessions", "10", "--seed", "9")

    assert code == 2
    assert output.strip().splitlines() == [
        "error: --add: the database already holds 3 clinics: give --add to write a chain "
        "beside them"
    ]
    assert not User.objects.filter(username__startswith="synth9-").exists()


@pytest.mark.usefixtures("chain")
def test_it_refuses_a_seed_already_loaded() -> None:
    code, output = _synth("--clinics", "1", "--sessions", "10", "--seed", "3", "--add")

    assert code == 2
    assert "--seed" in output


@pytest.mark.parametrize(
    ("args", "option"),
    [
        pytest.param(["--sessions", "-5"], "--sessions", id="negative_sessions"),
        pytest.param(["--sessions", "lots"], "--sessions", id="sessions_not_a_size"),
        pytest.param(["--sessions", "k"], "--sessions", id="suffix_alone"),
        pytest.param(["--sessions", " "], "--sessions", id="empty_sessions"),
        pytest.param(["--clinics", "0"], "--clinics", id="no_clinics"),
        pytest.param(["--clinics", "-2"], "--clinics", id="negative_clinics"),
        pytest.param(["--seed", "-1"], "--seed", id="negative_seed"),
        pytest.param(["--clinic", "3"], "--clinic", id="unknown_option"),
    ],
)
def test_it_names_the_option_at_fault(args: list[str], option: str) -> None:
    code, output = _synth(*args)

    assert code == 2
    assert option in output


@pytest.mark.usefixtures("chain")
def test_it_leaves_the_planner_statistics_of_what_it_wrote() -> None:
    # A planner that still believes the tables empty picks nested loops over a chain's rows.
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT reltuples FROM pg_class WHERE relname = 'clinic_treatmentsession'"
            )
        else:
            cursor.execute(
                "SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'clinic_treatmentsession'"
            )
        [(known,)] = cursor.fetchall()

    assert known > 0
