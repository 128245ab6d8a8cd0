"""The workspace pages through HTTP: who may open each, the same 404 for another clinic, and
query budgets on the list and detail pages."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import https_client

from toxfill.web.clinic.actions.sessions import void_session
from toxfill.web.clinic.models import Membership, Patient, ProductLot, TreatmentSession


def _url(member: Membership, path: str) -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


@pytest.fixture
def pages(patient: Patient, botox_lot: ProductLot, charted: TreatmentSession) -> dict[str, str]:
    event = charted.events.get()
    return {
        "dashboard": "",
        "patients": "patients/",
        "patient": f"patients/{patient.public_id}/",
        "chart": f"patients/{patient.public_id}/chart/",
        "patient_edit": f"patients/{patient.public_id}/edit/",
        "session": f"sessions/{charted.public_id}/",
        "events": "events/",
        "event": f"events/{event.public_id}/",
        "medwatch": f"events/{event.public_id}/medwatch.txt",
        "medwatch_pdf": f"events/{event.public_id}/medwatch.pdf",
        "lots": "lots/",
        "lot": f"lots/{botox_lot.public_id}/",
        "recall_csv": f"lots/{botox_lot.public_id}/recall.csv",
        "followups": "follow-ups/",
        "ics": "follow-ups.ics",
        "reports": "reports/",
        "exports": "exports/",
        "sessions_csv": "exports/sessions.csv",
        "points_csv": "exports/points.csv",
        "fhir": f"patients/{patient.public_id}/fhir.json",
        "photos": f"patients/{patient.public_id}/photos/",
        "history": f"patients/{patient.public_id}/history/",
    }


# Which roles may open each page: clinical pages are for provider, manager and auditor;
# the schedule and patients for the front desk too; charting for providers only.
ALLOWED = {
    "dashboard": {"provider", "front_desk", "manager", "auditor"},
    "patients": {"provider", "front_desk", "manager", "auditor"},
    "patient": {"provider", "front_desk", "manager", "auditor"},
    "chart": {"provider"},
    "patient_edit": {"provider", "front_desk"},
    "session": {"provider", "manager", "auditor"},
    "events": {"provider", "manager", "auditor"},
    "event": {"provider", "manager", "auditor"},
    "medwatch": {"provider", "manager", "auditor"},
    "medwatch_pdf": {"provider", "manager", "auditor"},
    "lots": {"provider", "manager", "auditor"},
    "lot": {"provider", "manager", "auditor"},
    "recall_csv": {"provider", "manager", "auditor"},
    "followups": {"provider", "front_desk", "manager", "auditor"},
    "ics": {"provider", "front_desk", "manager", "auditor"},
    "reports": {"provider", "manager", "auditor"},
    "exports": {"provider", "manager", "auditor"},
    "sessions_csv": {"provider", "manager", "auditor"},
    "points_csv": {"provider", "manager", "auditor"},
    "fhir": {"provider", "manager", "auditor"},
    "photos": {"provider", "manager", "auditor"},
    "history": {"auditor"},
}


@pytest.mark.parametrize("page", sorted(ALLOWED))
@pytest.mark.parametrize("role", ["provider", "front_desk", "manager", "auditor", "outsider"])
def test_it_opens_each_page_only_for_the_roles_that_may(
    page: str,
    role: str,
    personas: dict[str, Membership],
    pages: dict[str, str],
    client_for: Callable[[Membership], Client],
    provider: Membership,
) -> None:
    # given a persona signed in
    client = client_for(personas[role])
    # when they open a page at Riverside
    response = client.get(_url(provider, pages[page]))
    # then the allowed roles see it, others are refused, another clinic's member gets 404
    expected = 200 if role in ALLOWED[page] else 404 if role == "outsider" else 403
    assert response.status_code == expected


def test_it_sends_a_stranger_to_sign_in(provider: Membership) -> None:
    response = https_client().get(_url(provider, ""))
    assert response.status_code == 302
    assert response["Location"].startswith("/clinic/sign-in/")


def test_it_hides_another_clinics_patient_behind_the_same_404(
    provider: Membership,
    lakeside_patient: Patient,
    client_for: Callable[[Membership], Client],
) -> None:
    client = client_for(provider)
    missing = client.get(_url(provider, "patients/00000000-0000-4000-8000-000000000000/"))
    theirs = client.get(_url(provider, f"patients/{lakeside_patient.public_id}/"))
    assert missing.status_code == theirs.status_code == 404
    assert missing.content == theirs.content


def test_it_puts_emergencies_first_on_the_dashboard(
    provider: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    # given an emergency among the open events
    event = charted.events.get()
    event.urgency = "emergency"
    event.symptoms = ["vision-loss"]
    event.save(update_fields=["urgency", "symptoms"])
    # when the provider opens the dashboard
    html = client_for(provider).get(_url(provider, "")).content.decode()
    # then an alert names it before anything else
    assert 'role="alert"' in html
    assert html.index("emergency adverse event") < html.index("Today's sessions")


@pytest.mark.parametrize(
    ("page", "budget"),
    # two to know who asks (the session, then the member: test_signed_in_member.py); each page
    # that shows patients spends four more on logging them, in the clinic's audit chain
    # (test_read_logging.py); a list shown a page at a time one more on counting its rows
    # (views/paging.py)
    [
        pytest.param("", 10, id="dashboard"),
        pytest.param("patients/", 7, id="patients"),
        pytest.param("lots/", 3, id="lots"),
        pytest.param("follow-ups/", 10, id="followups"),
        pytest.param("events/", 7, id="events"),
    ],
)
def test_it_keeps_list_pages_within_their_query_budget(
    page: str,
    budget: int,
    provider: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    django_assert_max_num_queries: Any,
) -> None:
    client, url = client_for(provider), _url(provider, page)
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


# Which roles may send each form: charting and adverse events are the provider's, lots the
# manager's, follow-up status the schedule's (provider and front desk).
WRITERS = {
    "chart": {"provider"},
    "event_new": {"provider"},
    "receive_lot": {"manager"},
    "followup_status": {"provider", "front_desk"},
    "patient_edit": {"provider", "front_desk"},
}


@pytest.mark.parametrize("form", sorted(WRITERS))
@pytest.mark.parametrize("role", ["provider", "front_desk", "manager", "auditor", "outsider"])
def test_it_takes_each_form_only_from_the_roles_that_may_send_it(
    form: str,
    role: str,
    personas: dict[str, Membership],
    patient: Patient,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
    provider: Membership,
) -> None:
    followup = charted.followups.get()
    posts = {
        "chart": (f"patients/{patient.public_id}/chart/", {"zone": "", "dose": ""}),
        "event_new": (f"sessions/{charted.public_id}/events/new/", {"onset_at": "x"}),
        "receive_lot": ("lots/", {"product": "botox", "quantity": "x"}),
        "patient_edit": (f"patients/{patient.public_id}/edit/", {"version": "1"}),
        "followup_status": (
            f"follow-ups/{followup.public_id}/status",
            {"version": followup.version, "status": "booked"},
        ),
    }
    path, data = posts[form]
    response = client_for(personas[role]).post(_url(provider, path), data)
    # then a role that may gets an answer (saved, or the form's errors); others are refused
    if role == "outsider":
        assert response.status_code == 404
    elif role in WRITERS[form]:
        assert response.status_code in (200, 302, 422)
    else:
        assert response.status_code == 403


def test_it_works_out_each_due_list_row_address_once(
    provider: Membership,
    patient: Patient,
    client_for: Callable[[Membership], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Finding an address (reverse) is a good part of a row's rendering time: a row's form
    # posts to the same address with and without htmx, worked out once.
    import django.urls

    from toxfill.web.clinic.models import FollowUp

    found: list[str] = []
    reverse = django.urls.reverse

    def counted(name: str, *args: Any, **kwargs: Any) -> str:
        found.append(name)
        return reverse(name, *args, **kwargs)

    monkeypatch.setattr(django.urls, "reverse", counted)  # what {% url %} calls
    client, url = client_for(provider), _url(provider, "follow-ups/")

    def addresses(rows: int) -> int:
        FollowUp.objects.filter(clinic_id=provider.clinic_id).delete()
        for _ in range(rows):
            FollowUp.objects.create(
                clinic_id=provider.clinic_id, patient=patient, due_on=patient.date_of_birth
            )
        found.clear()
        assert client.get(url).status_code == 200
        return len(found)

    # each row: its patient's page and its status form
    assert addresses(3) - addresses(1) == 2 * 2


def test_a_voided_session_reads_as_voided_on_the_timeline(
    provider: Membership,
    patient: Patient,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    void_session(provider, charted.public_id, version=charted.version, reason="Wrong patient.")

    page = client_for(provider).get(
        f"/clinic/{provider.clinic.public_id}/patients/{patient.public_id}/"
    )

    timeline = page.content.decode().split('id="timeline-h"', 1)[1]
    line = next(li for li in timeline.split("<li>") if str(charted.public_id) in li)
    assert '<span class="tag tag-voided">Voided session</span>' in line
    assert "(Wrong patient.)" in line
    assert '<span class="voided">Charted by' in line


def test_the_front_desk_sees_todays_visits_and_nothing_clinical(
    front_desk: Membership,
    provider: Membership,
    patient: Patient,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    zone = ZoneInfo(front_desk.clinic.time_zone)
    charted.performed_at = dt.datetime.combine(timezone.localdate(timezone=zone), dt.time(), zone)
    charted.save(update_fields=["performed_at"])  # the start of the clinic's today

    desk = client_for(front_desk).get(f"/clinic/{front_desk.clinic.public_id}/").content.decode()
    visits = desk.split('<h2 id="visits-h">Today\'s visits</h2>', 1)[1].split("</section>", 1)[0]
    assert f"/patients/{patient.public_id}/" in visits
    assert "/sessions/" not in visits  # no door to the clinical record
    assert "Points" not in visits

    clinician = client_for(provider).get(f"/clinic/{provider.clinic.public_id}/").content
    assert b"Today's visits" not in clinician  # a provider sees today's sessions instead
