"""A US provider's NPI: kept with the licence, checked by CMS's check-digit rule wherever it is
written (the action, the API, the members page), and sent where a US receiver looks for it:
the FHIR Practitioner's identifier (US Core), the passport and the MedWatch reporter.

The fact relied on: CMS, "Requirements for NPI Check Digit" (1234567893 is its worked
example); the rule itself is tested in tests/core/test_npi.py. NPPES publishes every NPI, so a
patient's copy shows it too (web/clinic/licences.py).

Personas: mia manages Riverside; paula is its licensed nurse; oscar manages Lakeside.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from tests.web.clinic.fhir_conformance import problems
from tests.web.clinic.people import BACKEND, https_client
from tests.web.clinic.test_fhir_conformance import export, resources

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.clinics import update_member
from toxfill.web.clinic.fhir import Audience
from toxfill.web.clinic.medwatch import event_report
from toxfill.web.clinic.models import AdverseEvent, Invitation, Membership, TreatmentSession
from toxfill.web.patient_link.reads import passport_entries

CMS_EXAMPLE = "1234567893"  # CMS's worked example: 123456789 and its check digit 3
MISTYPED = "1234567894"  # the same with the wrong last digit
US_NPI = "http://hl7.org/fhir/sid/us-npi"

Browser = Callable[[Membership], Client]
At = Callable[[Membership, str], str]


def _with_npi(member: Membership, npi: str) -> Membership:
    manager = Membership.objects.get(clinic_id=member.clinic_id, user__username="mia")
    return update_member(manager, member.public_id, version=member.version, changes={"npi": npi})


# --- writing it ---------------------------------------------------------------------------


def test_it_keeps_a_valid_npi_trimmed(provider: Membership) -> None:
    # given paula's NPI typed with spaces around it
    # when mia records it
    changed = _with_npi(provider, f" {CMS_EXAMPLE} ")
    # then it is kept without the spaces
    changed.refresh_from_db()
    assert changed.npi == CMS_EXAMPLE


def test_it_refuses_an_npi_whose_check_digit_is_wrong(provider: Membership) -> None:
    # given an NPI with a mistyped last digit
    # when mia records it
    # then the error names npi, and nothing is saved
    with pytest.raises(InputError) as raised:
        _with_npi(provider, MISTYPED)
    assert raised.value.field == "npi"
    provider.refresh_from_db()
    assert provider.npi == ""


def test_the_api_changes_an_npi_and_refuses_a_bad_one_with_422_on_npi(
    manager: Membership, provider: Membership, client_for: Browser, at: At
) -> None:
    url = at(manager, f"/members/{provider.public_id}")
    # when mia sends a mistyped NPI, then a valid one
    refused = client_for(manager).patch(
        url, {"version": provider.version, "npi": MISTYPED}, content_type="application/json"
    )
    changed = client_for(manager).patch(
        url, {"version": provider.version, "npi": CMS_EXAMPLE}, content_type="application/json"
    )
    # then the first is a 422 naming npi and the check digit; the second is shown back
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "npi"
    assert "check digit" in refused.json()["detail"][0]["msg"]
    assert changed.status_code == 200, changed.content
    assert changed.json()["npi"] == CMS_EXAMPLE
    # and null removes it
    removed = client_for(manager).patch(
        url, {"version": changed.json()["version"], "npi": None}, content_type="application/json"
    )
    assert (removed.status_code, removed.json()["npi"]) == (200, "")


def test_an_invitation_proposes_an_npi_that_joining_records(
    manager: Membership, client_for: Browser, at: At
) -> None:
    # given mia invites nina with a licence and an NPI
    body: dict[str, Any] = {
        "username": "nina",
        "role": "provider",
        "password": "another long passphrase 7",
        "licence_type": "NP",
        "npi": CMS_EXAMPLE,
    }
    invited = client_for(manager).post(
        at(manager, "/members"), body, content_type="application/json"
    )
    assert invited.status_code == 201, invited.content
    assert invited.json()["npi"] == CMS_EXAMPLE
    # when nina sees her invitations and accepts
    nina = Invitation.objects.get(public_id=invited.json()["id"]).user
    browser = https_client()
    browser.force_login(nina, backend=BACKEND)
    mine = browser.get("/api/v1/clinic/invitations").json()
    assert mine[0]["npi"] == CMS_EXAMPLE
    joined = browser.post(f"/api/v1/clinic/invitations/{invited.json()['id']}/accept")
    assert joined.status_code == 200, joined.content
    # then her membership holds the NPI
    assert Membership.objects.get(clinic_id=manager.clinic_id, user=nina).npi == CMS_EXAMPLE


def test_an_invitation_with_a_bad_npi_is_refused_naming_it(
    manager: Membership, client_for: Browser, at: At
) -> None:
    body = {"username": "nina", "role": "provider", "password": "x long passphrase 7"}
    refused = client_for(manager).post(
        at(manager, "/members"), {**body, "npi": "12345"}, content_type="application/json"
    )
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "npi"
    assert not Invitation.objects.filter(user__username="nina").exists()


def test_the_members_page_asks_for_an_npi_and_names_a_bad_one(
    manager: Membership, client_for: Browser
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/members/"
    page = client_for(manager).get(url).content.decode()
    assert 'name="npi"' in page
    form = {"username": "zoe", "role": "provider", "password": "another long passphrase 7"}
    refused = client_for(manager).post(url + "invite", {**form, "npi": MISTYPED})
    assert refused.status_code == 422
    assert "Not invited: NPI" in refused.content.decode()
    accepted = client_for(manager).post(url + "invite", {**form, "npi": CMS_EXAMPLE})
    assert accepted.status_code == 302
    assert Invitation.objects.get(user__username="zoe").npi == CMS_EXAMPLE


# --- where it goes ------------------------------------------------------------------------


@pytest.mark.parametrize("audience", list(Audience))
def test_the_fhir_practitioner_carries_the_npi_within_r4_and_us_core(
    provider: Membership, charted: TreatmentSession, audience: Audience
) -> None:
    # given paula, who treated Ana, has an NPI
    _with_npi(provider, CMS_EXAMPLE)
    # when Ana's record is exported, for the clinic or for her
    bundle = export(provider, charted.patient, audience)
    # then paula's Practitioner is identified by it under HL7's NPI system (an NPI is public
    # in NPPES, so the patient's copy has it too), and no validator finds anything
    (paula,) = [p for p in resources(bundle, "Practitioner") if p["id"] == str(provider.public_id)]
    assert {"system": US_NPI, "value": CMS_EXAMPLE} in paula["identifier"]
    assert problems(bundle) == []


def test_a_practitioner_without_an_npi_has_no_npi_identifier(
    provider: Membership, charted: TreatmentSession
) -> None:
    bundle = export(provider, charted.patient, Audience.PATIENT)
    systems = {i["system"] for p in resources(bundle, "Practitioner") for i in p["identifier"]}
    assert US_NPI not in systems


def test_the_passport_shows_the_npi_the_fhir_copy_carries(
    provider: Membership, charted: TreatmentSession
) -> None:
    # given paula has an NPI
    _with_npi(provider, CMS_EXAMPLE)
    # when Ana's passport lists her sessions
    rows = scoping.sessions(provider).filter(pk=charted.pk).select_related("provider__user")
    (entry,) = passport_entries(bundled_knowledge(), rows.prefetch_related("points__lot"))
    # then the provider's line names the NPI with the licence
    assert entry.licence == f"RN, RN-123456, NY, NPI {CMS_EXAMPLE}"


def test_the_medwatch_reporter_gives_the_npi(
    provider: Membership, charted: TreatmentSession
) -> None:
    # given paula recorded Ana's bruising, and has an NPI
    paula = _with_npi(provider, CMS_EXAMPLE)
    event = AdverseEvent.objects.get(session=charted)
    session = scoping.sessions(paula).prefetch_related("points__lot").get(pk=charted.pk)
    # when the MedWatch report is prepared
    report = event_report(bundled_knowledge(), paula, event, session)
    # then section G's occupation names her NPI
    (occupation,) = [
        e for g in report.section("G").groups for e in g.entries if e.label == "Occupation"
    ]
    assert occupation.value == f"RN (licence RN-123456, NY, NPI {CMS_EXAMPLE})"
