"""The reports read a monthly summary the actions keep (issue 20, item 2): after any sequence
of charting and voiding it holds what the sessions say, the page shows what counting every
point showed, and the page costs the same queries for one session as for many."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.web.clinic.people import join
from tests.web.clinic.report_counts import counted_from_sessions, summary_of

from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.actions.patients import record_consent, register_patient
from toxfill.web.clinic.actions.report_summary import rebuild_report_summary
from toxfill.web.clinic.actions.sessions import PointInput, chart_session, void_session
from toxfill.web.clinic.models import (
    InjectionPoint,
    Membership,
    MonthlySummary,
    Patient,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.clinic.views import reports
from toxfill.web.clinic.views.workspace import start_of, today

NOW = timezone.now()
PATIENTS = 8


@pytest.fixture
def doctor(manager: Membership) -> Membership:
    """dara, a second provider at Riverside, so counts by provider have two to tell apart."""
    return join(
        manager,
        "dara",
        "provider",
        first_name="Dara",
        last_name="Okafor",
        licence={
            "licence_type": "MD",
            "licence_number": "MD-1",
            "licence_jurisdiction": "NY",
            "licence_expires": dt.date(2099, 12, 31),
        },
    )


@pytest.fixture
def menu(
    manager: Membership, botox_lot: ProductLot, voluma_lot: ProductLot
) -> list[list[PointInput]]:
    """What a session may be charted with, at label doses: Botox for frown lines from one of
    two vials, or for frown and forehead lines from both; Voluma in either cheek, from two
    lots, one numbered like the first Botox vial (C1234A), so a lot number names two lots."""

    def lot(product: str, number: str) -> ProductLot:
        return receive_lot(
            manager,
            product=product,
            quantity=Decimal(1000),
            lot_number=number,
            expires_on=dt.date(2099, 1, 31),
        )

    botox_2, voluma_2 = lot("botox", "B7"), lot("juvederm-voluma", "C1234A")
    for shelf in (botox_lot, voluma_lot):  # enough for every session below
        ProductLot.objects.filter(clinic_id=shelf.clinic_id, pk=shelf.pk).update(
            quantity_on_hand=Decimal(1000)
        )

    def point(zone: str, shelf: ProductLot, dose: str) -> PointInput:
        return PointInput(zone=zone, product=shelf.product, lot=shelf.public_id, dose=Decimal(dose))

    return [
        [point("glabella", botox_lot, "20")],
        [point("glabella", botox_2, "20")],
        [point("glabella", botox_lot, "20"), point("forehead", botox_2, "20")],
        [point("cheek-right", voluma_lot, "1.0")],
        [point("cheek-left", voluma_2, "1.0")],
    ]


@pytest.fixture
def newcomers(front_desk: Membership) -> list[Patient]:
    """Patients never treated before, who consented to both treatments: each session below
    is a new patient's, so no interval or cumulative-dose rule stands in the way."""
    found = []
    for n in range(PATIENTS):
        patient = register_patient(
            front_desk, given_name=f"New{n}", family_name="Comer", date_of_birth=dt.date(1990, 1, 1)
        )
        for treatment in ("botulinum-toxin", "ha-filler"):
            record_consent(
                front_desk,
                patient.public_id,
                treatment=treatment,
                text_version="2026-01",
                signed_at=NOW - dt.timedelta(days=900),
                signed_by=patient.given_name,
            )
        found.append(patient)
    return found


chart_step = st.tuples(
    st.just("chart"),
    st.booleans(),  # by the doctor, or by paula
    st.integers(min_value=0, max_value=420 * 24),  # hours ago: a year's window and before it
    # from the menu: at most one of the Botox treatments, and either cheek or both
    st.tuples(st.sampled_from([(), (0,), (1,), (2,)]), st.sets(st.sampled_from([3, 4])))
    .map(lambda chosen: (*chosen[0], *sorted(chosen[1])))
    .filter(bool),
)
void_step = st.tuples(st.just("void"), st.integers(min_value=0, max_value=PATIENTS))
steps = st.lists(st.one_of(chart_step, void_step), min_size=1, max_size=PATIENTS)


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(steps=steps)
def test_after_any_charting_and_voiding_the_summary_is_what_the_sessions_say(
    steps: list[tuple[Any, ...]],
    provider: Membership,
    doctor: Membership,
    manager: Membership,
    menu: list[list[PointInput]],
    newcomers: list[Patient],
    client_for: Callable[[Membership], Client],
) -> None:
    clinic = provider.clinic
    browser = client_for(manager)
    with transaction.atomic():
        # given any sequence of sessions charted and voided
        charted: list[TreatmentSession] = []
        for step in steps:
            if step[0] == "chart":
                _, by_doctor, hours_ago, chosen = step
                charted.append(
                    chart_session(
                        provider,
                        newcomers[len(charted)].public_id,
                        performed_at=NOW - dt.timedelta(hours=1 + hours_ago),
                        points=[point for index in chosen for point in menu[index]],
                        provider=doctor.public_id if by_doctor else None,
                    )
                )
            elif charted and (target := charted[step[1] % len(charted)]).voided_at is None:
                target.refresh_from_db()
                void_session(provider, target.public_id, version=target.version, reason="error")
                target.refresh_from_db()

        # then the summary holds what the sessions and their points say
        kept = summary_of(clinic)
        assert kept == counted_from_sessions(clinic)
        # and what counting afresh gives
        rebuild_report_summary([clinic.pk])
        assert summary_of(clinic) == kept
        # and the reports page shows what counting every point showed
        shown = browser.get(f"/clinic/{clinic.public_id}/reports/").context
        assert _figures(shown) == _scanned(manager)
        transaction.set_rollback(True)


def _figures(context: Any) -> dict[str, Any]:
    return {
        "per_month": context["per_month"],
        "use": context["use"],
        "by_provider": sorted(context["by_provider"], key=lambda r: (-r["n"], repr(r))),
        "use_by_provider": context["use_by_provider"],
        "product_totals": context["product_totals"],
        "by_product": context["by_product"],
        "by_lot": context["by_lot"],
    }


def _scanned(manager: Membership) -> dict[str, Any]:
    """The figures as the reports page counted them before the summary: over every session
    and injection point of the year (the queries it ran, kept here as the measure)."""
    clinic = manager.clinic
    with timezone.override(ZoneInfo(clinic.time_zone)):
        day = today(manager)
        since = (day.replace(day=1) - dt.timedelta(days=31 * (reports.MONTHS - 1))).replace(day=1)
        start = start_of(manager, since)
        sessions = TreatmentSession.objects.filter(
            clinic=clinic, voided_at__isnull=True, performed_at__gte=start
        )
        points = InjectionPoint.objects.filter(
            clinic=clinic, session__voided_at__isnull=True, session__performed_at__gte=start
        )
        per_month = (
            sessions.annotate(month=TruncMonth("performed_at"))
            .values("month")
            .annotate(n=Count("id"))
            .order_by("month")
        )
        use = (
            points.annotate(month=TruncMonth("session__performed_at"))
            .values("month", "product", "unit")
            .annotate(total=Sum("dose"))
            .order_by("month", "product")
        )
        names = ("provider__user__first_name", "provider__user__last_name")
        by_provider = sessions.values(*names, "provider__user__username").annotate(n=Count("id"))
        use_by_provider = (
            points.values(*(f"session__{name}" for name in names), "product", "unit")
            .annotate(total=Sum("dose"), sessions=Count("session", distinct=True))
            .order_by("session__provider__user__last_name", "product")
        )
        by_product = points.values_list("product").annotate(n=Count("session", distinct=True))
        by_lot = points.values_list("lot__lot_number").annotate(n=Count("session", distinct=True))
        events = {name: 0 for name, _ in [*by_product, *by_lot]}  # no events charted here
        totals: dict[tuple[str, str], Decimal] = {}
        for row in use:
            key = (row["product"], row["unit"])
            totals[key] = totals.get(key, Decimal(0)) + row["total"]
        return {
            "per_month": [(r["month"].date(), r["n"]) for r in per_month],
            "use": [{**r, "month": r["month"].date()} for r in use],
            "by_provider": sorted(by_provider, key=lambda r: (-r["n"], repr(r))),
            "use_by_provider": [
                {key.removeprefix("session__"): value for key, value in r.items()}
                for r in use_by_provider
            ],
            "product_totals": sorted(totals.items()),
            "by_product": [
                {"name": k, "sessions": n, "events": events[k], "rate": 0.0}
                for k, n in sorted(by_product)
            ],
            "by_lot": [
                {"name": k, "sessions": n, "events": events[k], "rate": 0.0}
                for k, n in sorted(by_lot)
            ],
        }


def test_the_reports_cost_the_same_queries_for_one_session_as_for_many(
    provider: Membership,
    doctor: Membership,
    manager: Membership,
    menu: list[list[PointInput]],
    newcomers: list[Patient],
    client_for: Callable[[Membership], Client],
) -> None:
    # given one session, then seven more over months, by two providers, from four lots
    browser = client_for(manager)
    url = f"/clinic/{manager.clinic.public_id}/reports/"

    def chart(n: int) -> None:
        chart_session(
            provider,
            newcomers[n].public_id,
            performed_at=NOW - dt.timedelta(days=1 + 40 * n),
            points=[p for index in ([0], [2, 3], [1, 4], [2, 3, 4])[n % 4] for p in menu[index]],
            provider=doctor.public_id if n % 2 else None,
        )

    chart(0)
    browser.get(url)  # warm: the session, the knowledge base
    with CaptureQueriesContext(connection) as one:
        browser.get(url)
    for n in range(1, PATIENTS):
        chart(n)

    with CaptureQueriesContext(connection) as many:
        page = browser.get(url)

    # then the page counts all eight in as many queries as it counted one
    assert sum(n for _, n in page.context["per_month"]) == PATIENTS
    assert len(many) == len(one)
    # and none of them reads the injection points but the one for adverse events
    reading_points = [q["sql"] for q in many if '"clinic_injectionpoint"' in q["sql"]]
    assert len(reading_points) == 1
    assert '"clinic_adverseevent"' in reading_points[0]


def test_it_counts_a_voided_session_out_of_its_month(
    provider: Membership, charted_by_action: TreatmentSession
) -> None:
    # given a session charted through the action, counted in the summary
    counted = MonthlySummary.objects.filter(clinic_id=provider.clinic_id, counted="sessions")
    assert [r.sessions for r in counted] == [1]

    # when it is voided
    void_session(
        provider, charted_by_action.public_id, version=charted_by_action.version, reason="wrong"
    )

    # then nothing of it is left in the summary
    assert summary_of(provider.clinic) == {}


def test_a_session_on_a_months_last_evening_counts_in_that_month_of_the_clinic(
    provider: Membership,
    manager: Membership,
    menu: list[list[PointInput]],
    newcomers: list[Patient],
    client_for: Callable[[Membership], Client],
) -> None:
    # given a session at 23:30 in New York on the last day of last month: the 1st in UTC
    zone = ZoneInfo(provider.clinic.time_zone)
    this_month = dt.datetime.now(zone).date().replace(day=1)
    evening = dt.datetime.combine(this_month, dt.time(), tzinfo=zone) - dt.timedelta(minutes=30)
    chart_session(provider, newcomers[0].public_id, performed_at=evening, points=menu[0])

    # when the manager opens the reports
    page = client_for(manager).get(f"/clinic/{manager.clinic.public_id}/reports/")

    # then it is counted in last month, as the clinic's calendar has it
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    assert page.context["per_month"] == [(last_month, 1)]
    assert [r["month"] for r in page.context["use"]] == [last_month]


@pytest.fixture
def charted_by_action(
    provider: Membership, menu: list[list[PointInput]], newcomers: list[Patient]
) -> TreatmentSession:
    return chart_session(
        provider,
        newcomers[0].public_id,
        performed_at=NOW - dt.timedelta(days=3),
        points=[*menu[2], *menu[3]],
    )


def test_the_command_rebuilds_the_summary_of_rows_written_around_the_actions(
    provider: Membership, charted_by_action: TreatmentSession, outsider: Membership
) -> None:
    # given the summary wiped, as after a bulk import
    MonthlySummary.objects.filter(clinic_id=provider.clinic_id).delete()

    # when the operator rebuilds it for the clinic
    out = _command("--clinic", str(provider.clinic.public_id))

    # then it holds what the sessions say again
    assert summary_of(provider.clinic) == counted_from_sessions(provider.clinic) != {}
    assert out.startswith("report summary rebuilt: 1 clinics, ")


def test_the_command_names_the_option_for_a_clinic_it_does_not_know(db: None) -> None:
    with pytest.raises(CommandError, match="--clinic: no clinic with the ID 'nope'"):
        _command("--clinic", "nope")


def _command(*args: str) -> str:
    from io import StringIO

    out = StringIO()
    call_command("rebuild_report_summary", *args, stdout=out)
    return out.getvalue()


def test_the_migration_fills_the_summary_with_the_models_as_they_were_then(
    provider: Membership, charted_by_action: TreatmentSession
) -> None:
    # given the summary wiped
    MonthlySummary.objects.filter(clinic_id=provider.clinic_id).delete()
    # when the migration's rebuild runs on the models as of that migration (whose foreign
    # keys do not name the clinic in joins)
    state = MigrationExecutor(connection).loader.project_state(
        ("clinic", "0009_monthly_report_summary")
    )
    rebuild_report_summary(apps=state.apps)
    # then the summary holds what the sessions say
    assert summary_of(provider.clinic) == counted_from_sessions(provider.clinic) != {}


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time: no race to lose"
)
@pytest.mark.django_db(transaction=True)
def test_two_sessions_charted_at_once_by_one_provider_are_both_counted(
    provider: Membership, menu: list[list[PointInput]], newcomers: list[Patient]
) -> None:
    # given a session charted in a transaction not yet committed
    first_charted, committed = threading.Event(), threading.Event()
    failures: list[BaseException] = []
    when = NOW - dt.timedelta(hours=2)

    def chart(patient: Patient, points: list[PointInput], hold: bool) -> None:
        try:
            with transaction.atomic():
                chart_session(provider, patient.public_id, performed_at=when, points=points)
                if hold:
                    first_charted.set()
                    committed.wait(timeout=10)
        except BaseException as exc:  # handed to the test
            failures.append(exc)
        finally:
            connections.close_all()

    first = threading.Thread(target=chart, args=(newcomers[0], menu[0], True))
    first.start()
    assert first_charted.wait(timeout=10)
    # when the same provider charts another in that month, from other lots, meanwhile
    second = threading.Thread(target=chart, args=(newcomers[1], menu[3], False))
    second.start()
    second.join(timeout=0.5)  # it waits for the first to commit before it counts
    committed.set()
    first.join()
    second.join()

    # then both are charted and both counted
    assert failures == []
    assert summary_of(provider.clinic) == counted_from_sessions(provider.clinic)
    counted = MonthlySummary.objects.filter(clinic_id=provider.clinic_id, counted="sessions")
    assert [r.sessions for r in counted] == [2]
