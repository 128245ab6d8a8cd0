"""No N+1: each list costs the same number of queries for a page of 1 as for a page of 50."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections import Counter
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.calendars import read_calendar

from toxfill.web.clinic.models import (
    AdverseEvent,
    FollowUp,
    InjectionPoint,
    Membership,
    Patient,
    PatientAccess,
    ProductLot,
    TreatmentSession,
)

LISTS = ["/patients", "/sessions", "/lots", "/followups", "/events", "/access-log"]


@pytest.fixture
def busy_clinic(auditor: Membership, provider: Membership, botox_lot: ProductLot) -> None:
    """60 of everything at Riverside, each session with two injection points."""
    now = dt.datetime.now(dt.UTC)
    clinic = provider.clinic_id
    for n in range(60):
        patient = Patient.objects.create(
            clinic_id=clinic,
            given_name=f"P{n}",
            family_name="Test",
            date_of_birth=dt.date(1980, 1, 1),
        )
        session = TreatmentSession.objects.create(
            clinic_id=clinic, patient=patient, provider=provider, performed_at=now
        )
        for zone in ("glabella", "forehead"):
            InjectionPoint.objects.create(
                clinic_id=clinic, session=session, zone=zone, product="botox",
                lot=botox_lot, dose=Decimal("10"), unit="U",
            )  # fmt: skip
        FollowUp.objects.create(
            clinic_id=clinic, patient=patient, session=session, due_on=now.date(), purpose="review"
        )
        AdverseEvent.objects.create(
            clinic_id=clinic, session=session, patient=patient, onset_at=now,
            symptoms=["bruising"], urgency="self-care", recorded_by=provider,
        )  # fmt: skip
        PatientAccess.objects.create(clinic_id=clinic, member=provider, patient=patient, what="x")
        ProductLot.objects.create(
            clinic_id=clinic, product="botox", lot_number=f"L{n}", expires_on=now.date(),
            received_at=now, received_by=provider, unit="U",
            quantity_received=Decimal(1), quantity_on_hand=Decimal(1),
        )  # fmt: skip


def _queries(client: Client, url: str) -> tuple[int, Any]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, response.content
    return len(captured), response.json()


@pytest.mark.parametrize("path", LISTS)
def test_it_reads_a_page_of_50_in_as_many_queries_as_a_page_of_1(
    path: str,
    busy_clinic: None,
    auditor: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
    django_assert_num_queries: Any,
) -> None:
    client = client_for(auditor)
    one, page = _queries(client, at(auditor, f"{path}?page_size=1"))
    assert len(page["results"]) == 1

    with django_assert_num_queries(one):
        fifty = client.get(at(auditor, f"{path}?page_size=50"))

    assert len(fifty.json()["results"]) == 50


def test_it_pages_with_a_cursor(
    busy_clinic: None,
    auditor: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(auditor)
    first = client.get(at(auditor, "/patients?page_size=40")).json()

    second = client.get(first["next"]).json()

    seen = [p["id"] for p in first["results"] + second["results"]]
    assert len(seen) == len(set(seen)) == 60
    assert second["next"] is None


def test_it_refuses_a_cursor_it_did_not_give(
    auditor: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    response = client_for(auditor).get(at(auditor, "/patients?cursor=not-a-cursor"))

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "cursor"]


def test_it_builds_no_query_per_row_when_prefetching_injection_points(
    busy_clinic: None, auditor: Membership, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Building a filter costs Python time even for a query never sent: a prefetch makes each
    # session's `points` manager, whose filters stay unbuilt unless it is read.
    from django.db.models.sql.query import Query

    from toxfill.web.clinic import scoping

    built: list[object] = []
    add_q = Query.add_q

    def counted(query: Query, q: Any, **options: Any) -> Any:
        built.append(q)
        return add_q(query, q, **options)

    monkeypatch.setattr(Query, "add_q", counted)

    def filters_built(rows: int) -> int:
        built.clear()
        sessions = list(scoping.sessions(auditor)[:rows])
        assert len(sessions) == rows
        assert all(len(s.points.all()) == 2 for s in sessions)
        return len(built)

    assert filters_built(50) == filters_built(1)


@pytest.mark.parametrize(
    ("path", "lines"), [("exports/sessions.csv", 60), ("exports/points.csv", 120)]
)
def test_it_exports_a_clinics_history_as_plain_rows_not_as_records(
    path: str,
    lines: int,
    busy_clinic: None,
    auditor: Membership,
    client_for: Callable[[Membership], Client],
) -> None:
    # A session read as a record is about 15 objects (patient, provider, clinic, points and
    # their lots): a clinic of 20,000 sessions took 15 s to export that way.
    made: Counter[str] = Counter()

    def count(sender: type[Any], **_: Any) -> None:
        made[sender.__name__] += 1

    post_init.connect(count)
    try:
        response = client_for(auditor).get(f"/clinic/{auditor.clinic.public_id}/{path}")
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    finally:
        post_init.disconnect(count)

    header, *rows = list(csv.reader(io.StringIO(body, newline="")))
    assert len(rows) == lines
    assert [
        m for m in ("TreatmentSession", "InjectionPoint", "Patient", "ProductLot") if made[m]
    ] == []
    column, value = ("points", "2") if "points" in header else ("lot", "C1234A")
    assert {row[header.index(column)] for row in rows} == {value}


def _page(member: Membership, path: str) -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


def test_it_shows_a_lots_recall_a_page_at_a_time_with_the_whole_count(
    busy_clinic: None,
    manager: Membership,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    # Given a lot used 120 times on 60 patients
    browser = client_for(manager)
    lot_page = _page(manager, f"lots/{botox_lot.public_id}/")

    # When its page and its last page are opened
    with CaptureQueriesContext(connection) as first_queries:
        first = browser.get(lot_page)
    with CaptureQueriesContext(connection) as last_queries:
        last = browser.get(lot_page, {"page": "2"})

    # Then each shows at most 50 patients (a row each, not a row per use), both say how many
    # there are in all, in the same queries
    assert first.content.decode().count('<tr id="recall-') == 50
    assert last.content.decode().count('<tr id="recall-') == 10
    assert "60 patients (120 injection points); 0 reached so far" in first.content.decode()
    assert 'rel="next"' in first.content.decode()
    assert len(first_queries) == len(last_queries)


@pytest.mark.parametrize("asked", ["3", "0", "two", "-1"])
def test_it_names_a_page_that_does_not_exist(
    busy_clinic: None,
    manager: Membership,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
    asked: str,
) -> None:
    response = client_for(manager).get(
        _page(manager, f"lots/{botox_lot.public_id}/"), {"page": asked}
    )

    assert response.status_code == 422
    assert "give a page number from 1 to 2" in response.content.decode()


def test_it_shows_the_due_list_a_page_at_a_time_keeping_the_provider_chosen(
    busy_clinic: None,
    manager: Membership,
    provider: Membership,
    client_for: Callable[[Membership], Client],
) -> None:
    browser = client_for(manager)
    chosen = {"provider": str(provider.public_id)}

    first = browser.get(_page(manager, "follow-ups/"), chosen).content.decode()
    second = browser.get(_page(manager, "follow-ups/"), {**chosen, "page": "2"}).content.decode()

    rows = [page.count("<tr") - 1 for page in (first, second)]  # less each header row
    assert rows == [50, 10]
    assert "(60 open)" in first
    assert f"?provider={provider.public_id}&amp;page=2" in first


def test_the_calendar_holds_what_is_due_from_90_days_ago_to_a_year_ahead(
    manager: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    # Given open follow-ups due long ago, lately, soon and in more than a year
    day = dt.datetime.now(dt.UTC).date()
    for days, purpose in ((-200, "long-ago"), (-30, "lately"), (20, "soon"), (400, "far-off")):
        FollowUp.objects.create(
            clinic_id=manager.clinic_id, patient=charted.patient, session=charted,
            due_on=day + dt.timedelta(days=days), purpose=purpose,
        )  # fmt: skip

    # When the clinic's calendar is downloaded
    content = client_for(manager).get(_page(manager, "follow-ups.ics")).content
    ics = content.decode()

    # Then it holds the recent and coming ones only (the due list has the rest), as a calendar
    # a receiver's parser reads whole
    assert len(read_calendar(content).events) == 2 + charted.followups.count() - 4
    assert "lately" in ics
    assert "soon" in ics
    assert "long-ago" not in ics
    assert "far-off" not in ics
