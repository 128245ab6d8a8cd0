"""The lists that grow with a clinic's years are read through indexes in the order they show:
the due list (page and API) and name search (page and API) as the ORM writes them, on SQLite and
on PostgreSQL (issue 20, item 2). The figures at a chain's size are in bench/RESULTS.md.

Each test makes the real request, takes the query it sent to the table, and asks the database
how it would run it: with PostgreSQL's sequential scans and sorts priced out, which is how the
planner chooses on a table of millions, and SQLite's plan as it is.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from toxfill.web.clinic.models import FollowUp, Membership, Patient, TreatmentSession


def _plan(sql: str, *, sorts: bool = False) -> str:
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute(f"SET LOCAL enable_sort = {'on' if sorts else 'off'}")
            cursor.execute(f"EXPLAIN {sql}")
        else:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
        return "\n".join(str(row[-1]) for row in cursor.fetchall())


def _queries_on(table: str, client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        answer = client.get(url)
    assert answer.status_code == 200, answer.content[:300]
    sent = [
        q["sql"]
        for q in queries
        if f'FROM "{table}"' in q["sql"] and "ORDER BY" in q["sql"] and "COUNT(" not in q["sql"]
    ]
    assert sent, f"no ordered query on {table}"
    return sent


def _reads_in_order(plan: str, index: str) -> bool:
    if connection.vendor == "postgresql":
        return f"Index Scan using {index}" in plan and "Sort" not in plan
    return f"USING INDEX {index}" in plan and "TEMP B-TREE FOR ORDER BY" not in plan


@pytest.mark.parametrize(
    ("url", "index"),
    [
        ("/clinic/{clinic}/follow-ups/", "clinic_followup_open_due_list"),
        ("/api/v1/clinic/{clinic}/followups", "clinic_followup_due_list"),
        # Due is one of the open statuses: the open list's index, filtered, reads in order too,
        # and on a table of a few rows the planner may take either.
        (
            "/api/v1/clinic/{clinic}/followups?status=due",
            "clinic_followup_status_due|clinic_followup_open_due_list",
        ),
    ],
)
def test_the_due_list_is_read_soonest_first_from_an_index_and_stops_at_the_page(
    url: str,
    index: str,
    front_desk: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    assert FollowUp.objects.filter(clinic_id=front_desk.clinic_id).exists()

    [sql] = _queries_on(
        "clinic_followup",
        client_for(front_desk),
        url.format(clinic=front_desk.clinic.public_id),
    )

    plan = _plan(sql)
    assert any(_reads_in_order(plan, name) for name in index.split("|")), plan


@pytest.mark.parametrize(
    "url",
    ["/clinic/{clinic}/patients/?q=sil", "/api/v1/clinic/{clinic}/patients?name=sil"],
)
def test_name_search_is_a_range_of_a_name_index_not_a_scan_of_the_clinics_patients(
    url: str,
    front_desk: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    sent = _queries_on(
        "clinic_patient", client_for(front_desk), url.format(clinic=front_desk.clinic.public_id)
    )

    for sql in sent:
        # On a few rows PostgreSQL would rather walk the name-order index than sort one match;
        # on a clinic's thousands it takes the search index (bench/RESULTS.md). Asked without
        # the order, it shows whether the search index fits the query at all.
        if connection.vendor == "postgresql":
            sql = sql.split(" ORDER BY ")[0]
        plan = _plan(sql, sorts=True)
        assert "_search" in plan, plan  # clinic_patient_family_search or _given_search
        if connection.vendor == "sqlite":  # a range of the index, not every row of the clinic
            assert "_name>?" in plan, plan
