"""The workspace's forms through HTTP: charting shows the rules' findings before saving and
asks for the confirmations and reasons they need; a scanned label picks the lot; lots are
received; adverse events are recorded and graded; a person of two clinics picks one."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.utils import timezone
from tests.web.clinic.people import PASSWORD, findings_shown, https_client, join

from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.actions.report_summary import rebuild_report_summary
from toxfill.web.clinic.models import (
    AdverseEvent,
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)

# A GS1 label: GTIN, expiry (YYMMDD, always about three years ahead, so the lot stays usable
# whenever the tests run), lot VOL77.
LABEL_EXPIRY = dt.date(dt.date.today().year + 3, 1, 31)
LABEL = f"010088999912345317{LABEL_EXPIRY:%y%m%d}10VOL77"


def _url(member: Membership, path: str) -> str:
    return f"/clinic/{member.clinic.public_id}/{path}"


def _chart(
    client: Client, member: Membership, patient: Patient, lot: ProductLot, **extra: Any
) -> Any:
    data: dict[str, Any] = {
        "performed_at": dt.datetime.now().strftime("%Y-%m-%dT%H:%M"),
        "lot": str(lot.public_id),
        "zone": ["glabella"],
        "dose": ["20"],
        **extra,
    }
    return client.post(_url(member, f"patients/{patient.public_id}/chart/"), data)


def test_it_shows_warnings_before_saving(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    # given Ana takes a blood thinner (a caution for toxin)
    client = client_for(provider)
    # when the provider first submits a session
    response = _chart(client, provider, patient, botox_lot)
    # then nothing is saved and the caution is shown
    assert response.status_code == 200
    assert "blood thinners" in response.content.decode()
    assert not TreatmentSession.objects.exists()
    # and when she submits again having seen it, it is saved
    shown = "health-caution:anticoagulant-or-antiplatelet:botox"
    response = _chart(client, provider, patient, botox_lot, shown=[shown])
    assert response.status_code == 302
    session = TreatmentSession.objects.get()
    assert session.points.get().dose == Decimal(20)
    assert session.followups.exists()


def test_it_asks_a_written_reason_for_a_dose_outside_the_label(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    client = client_for(provider)
    key = "dose-label:botox:glabellar-lines"
    response = _chart(client, provider, patient, botox_lot, dose=["12"])
    assert response.status_code == 422
    assert f'name="reason:{key}"' in response.content.decode()
    seen = [key, "health-caution:anticoagulant-or-antiplatelet:botox"]
    response = _chart(
        client,
        provider,
        patient,
        botox_lot,
        dose=["12"],
        shown=seen,
        **{f"reason:{key}": "first treatment, a light dose"},
    )
    assert response.status_code == 302
    finding = next(f for f in TreatmentSession.objects.get().findings if f["key"] == key)
    assert finding["resolution"] == "first treatment, a light dose"


def test_it_offers_only_usable_lots(
    provider: Membership,
    manager: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    # given a lot received in date that expired yesterday, on the clinic's own calendar (the
    # machine's date may already be the clinic's tomorrow)
    clinic_today = timezone.localdate(timezone=ZoneInfo(manager.clinic.time_zone))
    receive_lot(
        manager,
        product="dysport",
        quantity=Decimal(300),
        lot_number="OLD1",
        expires_on=clinic_today - dt.timedelta(days=1),
        received_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=300),
    )
    html = client_for(provider).get(_url(provider, f"patients/{patient.public_id}/chart/"))
    assert "C1234A" in html.content.decode()
    assert "OLD1" not in html.content.decode()


def test_it_picks_the_lot_a_scanned_label_names(
    provider: Membership, manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    lot = receive_lot(manager, product="juvederm-voluma", quantity=Decimal(2), barcode=LABEL)
    response = client_for(provider).get(_url(provider, "lots/scan"), {"barcode": LABEL})
    assert response.json()["lot"] == str(lot.public_id)


def test_it_receives_a_lot_by_scan(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(manager)
    form = {"product": "juvederm-voluma", "barcode": LABEL, "quantity": "2"}
    # when the label is scanned, its GTIN is shown as one no product lists, nothing received
    response = client.post(_url(manager, "lots/"), form)
    assert response.status_code == 200
    assert "GTIN 00889999123453 is unknown" in response.content.decode()
    assert not ProductLot.objects.exists()
    # then, the warning seen, the lot is received
    response = client.post(
        _url(manager, "lots/"), {**form, "shown": "gtin-product:juvederm-voluma:00889999123453"}
    )
    assert response.status_code == 302
    lot = ProductLot.objects.get()
    assert (lot.lot_number, lot.expires_on) == ("VOL77", LABEL_EXPIRY)


def test_it_records_and_grades_an_adverse_event(
    provider: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(provider)
    # when vision loss is recorded after the session
    response = client.post(
        _url(provider, f"sessions/{charted.public_id}/events/new/"),
        {"onset_at": dt.datetime.now().strftime("%Y-%m-%dT%H:%M"), "symptom": ["vision-loss"]},
    )
    # then it is triaged an emergency at once
    event = AdverseEvent.objects.get(symptoms=["vision-loss"])
    assert event.urgency == "emergency"
    assert response.status_code == 302
    # and the grading is saved
    client.post(
        _url(provider, f"events/{event.public_id}/"),
        {
            "version": event.version,
            "severity": "severe",
            "outcome": "resolved",
            "hyaluronidase_units": "300",
            "actions": "hyaluronidase 300 U at 10:05",
        },
    )
    event.refresh_from_db()
    assert (event.severity, event.outcome, event.hyaluronidase_units) == (
        "severe",
        "resolved",
        Decimal(300),
    )
    report = client.get(_url(provider, f"events/{event.public_id}/medwatch.txt")).content
    assert b"C1234A" in report
    assert b"Course: resolved." in report
    assert b"Yes: hyaluronidase 300 U was given to dissolve the filler" in report


def test_it_lets_a_person_of_two_clinics_pick_one(
    provider: Membership, outsider: Membership
) -> None:
    # given paula also works at Lakeside
    join(outsider, "paula", "provider")
    client = https_client()
    client.force_login(provider.user, backend="toxfill.web.clinic.auth.ClinicBackend")
    html = client.get("/clinic/").content.decode()
    assert "Riverside" in html
    assert "Lakeside" in html


def test_it_signs_in_through_the_form(provider: Membership) -> None:
    client = https_client()
    response = client.post("/clinic/sign-in/", {"username": "paula", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 302  # one clinic: its dashboard


@pytest.mark.parametrize(
    ("page", "budget"),
    # a page about one patient spends 3 on logging the view: the clinic's audit chain locked,
    # the row, the chain moved on (test_audit_chain.py); a recall 4 (test_read_logging.py)
    [
        pytest.param("patient", 11, id="patient"),
        pytest.param("session", 10, id="session"),
        # its uses counted and grouped a page of patients at a time, those patients, their
        # "reached" ticks and how many are reached: fixed, whatever the page holds
        pytest.param("lot", 12, id="lot"),
        pytest.param("event", 7, id="event"),  # and the session's products, for the team
    ],
)
def test_it_keeps_detail_pages_within_their_query_budget(
    page: str,
    budget: int,
    provider: Membership,
    charted: TreatmentSession,
    botox_lot: ProductLot,
    client_for: Callable[[Membership], Client],
    django_assert_max_num_queries: Any,
) -> None:
    paths = {
        "patient": f"patients/{charted.patient.public_id}/",
        "session": f"sessions/{charted.public_id}/",
        "lot": f"lots/{botox_lot.public_id}/",
        "event": f"events/{charted.events.get().public_id}/",
    }
    client, url = client_for(provider), _url(provider, paths[page])
    with django_assert_max_num_queries(budget):
        assert client.get(url).status_code == 200


def test_it_answers_a_recall_in_one_query(
    provider: Membership,
    botox_lot: ProductLot,
    charted: TreatmentSession,
    django_assert_num_queries: Any,
) -> None:
    from toxfill.web.clinic import scoping

    with django_assert_num_queries(1):
        rows = [
            (p.session.patient.email, p.session.provider.user.username)
            for p in scoping.recall(provider, botox_lot)
        ]
    assert rows == [("ana@example.org", "paula")]


def test_it_marks_a_follow_up_done_in_place_for_htmx(
    front_desk: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    followup = charted.followups.get()
    response = client_for(front_desk).post(
        _url(front_desk, f"follow-ups/{followup.public_id}/status"),
        {"version": followup.version, "status": "done"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith("<tr data-changed>")
    assert "Done" in html


def test_it_records_a_photo_consent_from_the_patients_page(
    front_desk: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    response = client_for(front_desk).post(
        _url(front_desk, f"patients/{patient.public_id}/"),
        {"treatment": "photo", "text_version": "2026-01", "signed_by": "Ana Silva"},
    )
    assert response.status_code == 302
    assert patient.consents.filter(treatment="photo").exists()


def test_it_refuses_consent_from_a_role_that_may_not_take_it(
    auditor: Membership, patient: Patient, client_for: Callable[[Membership], Client]
) -> None:
    response = client_for(auditor).post(
        _url(auditor, f"patients/{patient.public_id}/"),
        {"treatment": "photo", "text_version": "2026-01"},
    )
    assert response.status_code == 403


def test_it_asks_to_confirm_hyaluronidase_for_filler_in_a_high_risk_zone(
    provider: Membership,
    patient: Patient,
    voluma_lot: ProductLot,
    client_for: Callable[[Membership], Client],
) -> None:
    # given an HA filler lot, charted into the bridge of the nose (a cited vessel-risk zone)
    lot = voluma_lot
    client = client_for(provider)
    response = _chart(client, provider, patient, lot, zone=["nasal-dorsum"], dose=["0.1"])
    # then saving waits for the confirmation that hyaluronidase is at hand
    assert response.status_code == 422
    html = response.content.decode()
    shown = findings_shown(html)
    confirm = [s for s in shown if s.startswith("hyaluronidase-at-hand")]
    assert confirm
    # and when the provider confirms it, the session is saved with the confirmation
    response = _chart(
        client,
        provider,
        patient,
        lot,
        zone=["nasal-dorsum"],
        dose=["0.1"],
        shown=shown,
        confirm=confirm,
    )
    assert response.status_code == 302
    session = TreatmentSession.objects.get()
    assert any(f["resolution"] == "confirmed" for f in session.findings)


def test_it_reports_adverse_events_per_thousand_sessions(
    manager: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    # given one session with one adverse event
    response = client_for(manager).get(_url(manager, "reports/"))
    # then botox and its lot each show 1 event in 1 session: 1,000 per 1,000
    rows = response.context["by_product"]
    assert rows == [{"name": "botox", "sessions": 1, "events": 1, "rate": 1000.0}]
    assert response.context["by_lot"][0]["name"] == "C1234A"
    # and the chart names the product as people know it
    assert ">Botox / Botox Cosmetic</text>" in response.context["rate_chart"]


def test_it_counts_an_event_once_per_product_and_once_per_lot_its_session_used(
    manager: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    # given the session with one adverse event also drew botox from a second vial
    second = receive_lot(
        manager,
        product="botox",
        quantity=Decimal("100"),
        lot_number="C9999Z",
        expires_on=dt.date(2099, 1, 31),
    )
    InjectionPoint.objects.create(
        clinic_id=manager.clinic_id,
        session=charted,
        zone="forehead",
        product="botox",
        lot=second,
        dose=Decimal("10"),
        unit="U",
    )
    rebuild_report_summary([manager.clinic_id])  # the point was written around the actions
    # when the manager opens the reports
    response = client_for(manager).get(_url(manager, "reports/"))
    # then botox shows the one event once, and each of its lots shows it too
    assert response.context["by_product"] == [
        {"name": "botox", "sessions": 1, "events": 1, "rate": 1000.0}
    ]
    assert [(r["name"], r["events"]) for r in response.context["by_lot"]] == [
        ("C1234A", 1),
        ("C9999Z", 1),
    ]


def test_it_draws_the_expected_effect_of_a_patients_sessions(
    provider: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    html = (
        client_for(provider)
        .get(_url(provider, f"patients/{charted.patient.public_id}/"))
        .content.decode()
    )
    assert "Expected effect of the sessions charted" in html
    assert "<polyline" in html


def test_it_lists_follow_ups_due_per_provider(
    provider: Membership,
    manager: Membership,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    # given a second provider with no sessions
    other = join(manager, "nina", "provider")
    client = client_for(manager)
    # then paula's list has Ana's follow-up and nina's is empty
    mine = client.get(_url(manager, "follow-ups/"), {"provider": str(provider.public_id)})
    theirs = client.get(_url(manager, "follow-ups/"), {"provider": str(other.public_id)})
    assert "Ana Silva" in mine.content.decode()
    assert "Ana Silva" not in theirs.content.decode()


def test_it_serves_the_follow_up_feed_to_a_calendar_app_with_its_feed_secret(
    front_desk: Membership, outsider: Membership, charted: TreatmentSession
) -> None:
    from toxfill.web.clinic.actions.feeds import create_calendar_feed

    _, secret = create_calendar_feed(front_desk)
    _, theirs = create_calendar_feed(outsider)
    feed = _url(front_desk, "follow-ups/feed.ics")
    client = https_client()
    answer = client.get(feed, {"token": secret})
    assert answer.status_code == 200
    assert b"BEGIN:VCALENDAR" in answer.content
    assert client.get(feed).status_code == 401
    assert client.get(feed, {"token": theirs}).status_code == 401


def test_an_event_page_gives_the_team_its_steps_and_the_patients_phone(
    provider: Membership,
    patient: Patient,
    charted: TreatmentSession,
    client_for: Callable[[Membership], Client],
) -> None:
    """TOX-BOX-1: swallowing or breathing trouble after toxin is an emergency for the team too."""
    patient.phone = "+1 212 555 0100"
    patient.save(update_fields=["phone"])
    client = client_for(provider)
    client.post(
        _url(provider, f"sessions/{charted.public_id}/events/new/"),
        {
            "onset_at": dt.datetime.now().strftime("%Y-%m-%dT%H:%M"),
            "symptom": ["bruising", "difficulty-breathing"],
        },
    )
    event = AdverseEvent.objects.get(symptoms=["bruising", "difficulty-breathing"])

    page = client.get(_url(provider, f"events/{event.public_id}/")).content.decode()

    assert '<a href="tel:+12125550100">Call +1 212 555 0100</a>' in page
    team = page.split('<h2 id="team-h">For the team</h2>', 1)[1].split("</section>", 1)[0]
    assert "Possible distant spread of toxin effect" in team
    assert "call emergency services" in team
    assert 'rel="noopener noreferrer"' in team  # each step cites its sources
    symptoms = page.split("<dt>Symptoms</dt>", 1)[1].split("</dd>", 1)[0]
    assert symptoms.index("Trouble breathing") < symptoms.index("Bruising")


def test_it_hides_a_rate_from_too_few_sessions_and_says_the_sample_is_small(
    manager: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    """Issue 22 item 5: one event in one session is not "1,000 per 1,000"."""
    page = client_for(manager).get(_url(manager, "reports/")).content.decode()
    assert "<strong>Small sample:</strong> no product has 50 sessions yet" in page
    assert '<td class="num"><span class="muted">too few</span></td>' in page
    assert ">1000.0<" not in page
    assert "<svg" not in page[page.index('id="ae-h"') :]


def test_it_shows_the_rates_once_a_product_has_fifty_sessions(
    manager: Membership, charted: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    from toxfill.web.clinic.views import reports

    page = client_for(manager)
    with pytest.MonkeyPatch.context() as patched:
        patched.setattr(reports, "SMALL_SAMPLE", 1)
        text = page.get(_url(manager, "reports/")).content.decode()
    assert "Small sample" not in text
    assert ">1000.0<" in text
