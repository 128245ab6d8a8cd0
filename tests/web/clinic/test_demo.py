"""`toxfill demo`: a realistic demo clinic, loaded once, whose logins work only in demo mode."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import override_settings
from tests.web.clinic.people import https_client
from tests.web.clinic.report_counts import counted_from_sessions, summary_of

from toxfill.web.clinic.demo import DEMO_PASSWORD, load_demo
from toxfill.web.clinic.models import (
    AdverseEvent,
    Clinic,
    FollowUp,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.patient_link.models import PatientReport

pytestmark = pytest.mark.django_db


def test_it_loads_a_clinic_with_a_year_of_records() -> None:
    assert load_demo(patients=12) is True

    clinic = Clinic.objects.get(is_demo=True)
    sessions = TreatmentSession.objects.filter(clinic=clinic)
    first, last = sessions.order_by("performed_at")[0], sessions.order_by("-performed_at")[0]
    assert Membership.objects.filter(clinic=clinic, role="provider").count() == 2
    assert Patient.objects.filter(clinic=clinic).count() == 12
    assert (last.performed_at - first.performed_at).days > 270
    assert ProductLot.objects.filter(clinic=clinic).count() == 3  # one short-dated
    assert FollowUp.objects.filter(clinic=clinic, status="due").exists()
    assert FollowUp.objects.filter(clinic=clinic, status="done").exists()
    assert AdverseEvent.objects.filter(clinic=clinic).count() >= 2


def test_it_loads_the_reports_summary_of_its_sessions() -> None:
    # the demo charts through the actions, which keep the summary as they go
    load_demo(patients=6)

    clinic = Clinic.objects.get(is_demo=True)
    assert summary_of(clinic) == counted_from_sessions(clinic) != {}


def test_it_loads_only_once() -> None:
    load_demo(patients=2)

    assert load_demo(patients=2) is False
    assert Clinic.objects.filter(is_demo=True).count() == 1


def test_it_prints_the_demo_logins() -> None:
    out = StringIO()

    call_command("demo", stdout=out)

    assert "demo-provider" in out.getvalue()
    assert DEMO_PASSWORD in out.getvalue()


def test_a_demo_loaded_before_gets_the_password_the_console_prints() -> None:
    # given a demo loaded when its password was another (an older toxfill's)
    load_demo(patients=1)
    old = User.objects.get(username="demo-provider")
    old.set_password("toxfill-demo")
    old.save(update_fields=["password"])
    # when the demo is started again, then its logins take the one printed
    call_command("demo", stdout=StringIO())
    assert User.objects.get(username="demo-provider").check_password(DEMO_PASSWORD)


@pytest.mark.parametrize(("demo_mode", "signed_in"), [(True, 200), (False, 422)])
def test_it_lets_demo_logins_in_only_in_demo_mode(demo_mode: bool, signed_in: int) -> None:
    load_demo(patients=1)

    with override_settings(DEMO=demo_mode):
        response = https_client().post(
            "/api/v1/clinic/login",
            {"username": "demo-provider", "password": DEMO_PASSWORD},
            content_type="application/json",
        )

    assert response.status_code == signed_in


def test_it_shows_a_session_charted_for_a_colleague_with_two_products() -> None:
    load_demo(patients=6)

    mixed = [
        s
        for s in TreatmentSession.objects.filter(clinic__is_demo=True).prefetch_related("points")
        if len({p.lot_id for p in s.points.all()}) == 2
    ]
    assert mixed
    session = mixed[0]
    assert session.provider.user.username == "demo-provider"
    assert session.history.first().history_user.username == "demo-nurse"
    assert session.history.first().history_change_reason.startswith("charted by Sam Ortiz, RN")


def test_it_opens_on_a_living_clinic_relative_to_its_today() -> None:
    """Issue 22 item 5: the dashboard is not blank on first sign-in."""
    now = dt.datetime(2026, 3, 10, 15, 0, tzinfo=ZoneInfo("America/New_York"))
    today = now.date()
    load_demo(patients=6, now=now)

    clinic = Clinic.objects.get(is_demo=True)
    start = dt.datetime.combine(today, dt.time.min, ZoneInfo("America/New_York"))
    today_sessions = TreatmentSession.objects.filter(
        clinic=clinic, performed_at__gte=start, performed_at__lte=now
    )
    assert today_sessions.count() == 2
    assert AdverseEvent.objects.filter(clinic=clinic, outcome="ongoing").count() >= 1
    assert FollowUp.objects.filter(
        clinic=clinic,
        status="due",
        due_on__gte=today,
        due_on__lte=today + dt.timedelta(days=7),
    ).exists()
    assert ProductLot.objects.filter(
        clinic=clinic, expires_on__gte=today, expires_on__lte=today + dt.timedelta(days=30)
    ).exists()
    waiting = PatientReport.objects.filter(clinic=clinic)
    assert waiting.count() == 1
    assert clinic.tel == "tel:+15550100100"  # patients see the call button
    # nothing is dated after the clinic's today
    assert not TreatmentSession.objects.filter(clinic=clinic, performed_at__gt=now).exists()


def test_the_same_today_gives_the_same_demo() -> None:
    now = dt.datetime(2026, 3, 10, 7, 30, tzinfo=ZoneInfo("America/New_York"))

    def records() -> list[tuple[object, ...]]:
        return list(
            TreatmentSession.objects.filter(clinic__is_demo=True)
            .order_by("performed_at", "id")
            .values_list("performed_at", "patient__given_name")
        )

    load_demo(patients=4, now=now)
    first = records()
    Clinic.objects.filter(is_demo=True).update(is_demo=False, name="Moved aside")
    for login in ("demo-manager", "demo-provider", "demo-nurse", "demo-frontdesk", "demo-auditor"):
        User.objects.filter(username=login).update(username=f"old-{login}")
    load_demo(patients=4, now=now)
    assert records() == first
    # before the clinic opens, today's sessions are charted at the moment it is loaded
    assert max(at for at, _ in first) == now
