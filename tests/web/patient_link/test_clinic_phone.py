"""Issue 22 item 4: the patient's clinic one tap away. The number a manager sets is a `tel:`
button on the aftercare sheet, My treatments, My plan and at the top of an urgent or emergency
answer (an emergency says the emergency number first); the link's report opens on the public
site's one-tap danger screen, then the symptom list."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from toxfill.errors import InputError
from toxfill.web.clinic.actions.clinics import set_clinic_phone
from toxfill.web.clinic.models import Clinic, Membership, TreatmentSession
from toxfill.web.clinic.roles import NotAllowed
from toxfill.web.patient_link.models import PatientReport

PHONE = "+1 (555) 010-0199"
TEL = 'href="tel:+1(555)010-0199"'
OUT_OF_HOURS = "Closed after 6 pm: leave a message and the on-call nurse calls back."


@pytest.fixture
def phoned(manager: Membership, dilution: TreatmentSession) -> Clinic:
    return set_clinic_phone(manager, phone=PHONE, out_of_hours=OUT_OF_HOURS)


def _answers(session: TreatmentSession, **more: object) -> dict[str, object]:
    return {"session": str(session.public_id), "treatments": "botulinum-toxin", **more}


def test_a_manager_sets_the_number_and_the_out_of_hours_wording(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/members/phone"
    page = client_for(manager).post(url, {"phone": f"  {PHONE} ", "out_of_hours": OUT_OF_HOURS})
    assert page.status_code == 302
    clinic = Clinic.objects.get(pk=manager.clinic_id)
    assert (clinic.phone, clinic.out_of_hours, clinic.tel) == (
        PHONE,
        OUT_OF_HOURS,
        "tel:+1(555)010-0199",
    )
    members = client_for(manager).get(f"/clinic/{manager.clinic.public_id}/members/")
    assert f'value="{PHONE}"' in members.content.decode()


def test_a_number_that_cannot_be_dialled_is_refused_naming_the_field(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/members/phone"
    page = client_for(manager).post(url, {"phone": "call Sue", "out_of_hours": ""})
    assert page.status_code == 422
    assert "Not changed: Phone number: " in page.content.decode()
    assert Clinic.objects.get(pk=manager.clinic_id).phone == ""


def test_only_a_manager_sets_it(front_desk: Membership) -> None:
    with pytest.raises(NotAllowed):
        set_clinic_phone(front_desk, phone=PHONE, out_of_hours="")
    with pytest.raises(InputError) as too_long:
        set_clinic_phone(
            Membership.objects.get(clinic=front_desk.clinic, role="manager"),
            phone=PHONE,
            out_of_hours="x" * 301,
        )
    assert too_long.value.field == "out_of_hours"


@pytest.mark.usefixtures("phoned")
@pytest.mark.parametrize("path", ["/p/", "/p/plan"])
def test_my_treatments_and_my_plan_have_the_call_button(ana: Client, path: str) -> None:
    page = ana.get(path).content.decode()
    assert f'{TEL}>Call Riverside: <span class="tf-nowrap">{PHONE}</span></a>' in page
    assert OUT_OF_HOURS in page
    # above the record, not under it
    assert page.index(TEL) < page.index("<h2")


def test_without_a_number_the_pages_offer_no_button(ana: Client) -> None:
    for path in ("/p/", "/p/plan"):
        assert "tf-clinic-call" not in ana.get(path).content.decode()


def test_the_report_opens_on_the_one_tap_danger_screen(ana: Client) -> None:
    page = ana.get("/p/report").content.decode()
    assert 'class="tf-yes" aria-label="Yes: ' in page
    assert 'name="danger" value="breathing"' in page
    assert 'type="checkbox" name="symptoms"' not in page  # the symptom list is the next step
    assert '<input type="hidden" name="days_since" value="10">' in page
    assert "No to all of these: next</a>" in page
    assert "?step=symptoms&amp;session=" in page


def test_no_to_all_opens_the_symptom_list(ana: Client) -> None:
    page = ana.get("/p/report?step=symptoms").content.decode()
    assert 'type="checkbox" name="symptoms"' in page
    assert 'name="danger"' not in page
    assert "Back to the danger signs" in page


@pytest.mark.usefixtures("phoned")
def test_one_yes_is_an_emergency_that_says_the_emergency_number_before_the_clinic(
    ana: Client, dilution: TreatmentSession
) -> None:
    """triage.yaml severe-allergic-reaction: trouble breathing is an emergency."""
    page = ana.post("/p/report", _answers(dilution, days_since="10", danger="breathing"))
    text = page.content.decode()
    assert 'data-urgency="emergency"' in text
    assert text.index('class="tf-call" href="tel:911"') < text.index(TEL)
    assert "After you call 911, tell your clinic:" in text
    # the call and the choice to send come before the advice
    assert text.index(TEL) < text.index("Nothing was sent") < text.index('id="next-heading"')
    assert not PatientReport.objects.exists()


@pytest.mark.usefixtures("phoned")
def test_the_emergency_number_follows_the_country(ana: Client, dilution: TreatmentSession) -> None:
    ana.cookies["toxfill_country"] = "uk"
    text = ana.post(
        "/p/report", _answers(dilution, days_since="10", danger="breathing")
    ).content.decode()
    assert text.index('href="tel:999"') < text.index(TEL)
    assert "After you call 999, tell your clinic:" in text


@pytest.mark.usefixtures("phoned")
def test_the_reference_sits_just_under_the_banner_of_an_urgent_answer(
    ana: Client, dilution: TreatmentSession
) -> None:
    """triage.yaml: eyelid droop after toxin, the place not given, is urgent."""
    page = ana.post(
        "/p/report",
        _answers(dilution, days_since="10", symptoms=["eyelid-droop"], consent="send"),
    )
    text = page.content.decode()
    report = PatientReport.objects.get()
    assert report.urgency == "urgent"
    banner_end = text.index("</section>", text.index('data-urgency="urgent"'))
    reference = text.index(f'reference <strong class="tf-ref">{report.reference}')
    assert banner_end < text.index(TEL) < reference < text.index('id="why-heading"')
    assert "Sent to your clinic, Riverside" in text


@pytest.mark.usefixtures("phoned")
def test_the_printed_sheet_has_the_number(
    provider: Membership, dilution: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{provider.clinic.public_id}/patients/{dilution.patient.public_id}/links"
    page = client_for(provider).post(url).content.decode()
    assert "Questions or worries after your treatment? Call us:" in page
    assert f'{TEL}>Call Riverside: <span class="tf-nowrap">{PHONE}</span></a>' in page
    assert OUT_OF_HOURS in page


def test_a_sheet_without_a_number_tells_the_staff_not_the_patient(
    provider: Membership, dilution: TreatmentSession, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{provider.clinic.public_id}/patients/{dilution.patient.public_id}/links"
    page = client_for(provider).post(url).content.decode()
    assert "tf-clinic-call" not in page
    assert '<p class="no-print muted">Not printed: Riverside has no phone number' in page
