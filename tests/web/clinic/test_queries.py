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
