"""Nobody works at a clinic without saying yes: a manager's "add" is an invitation that only
the invited person, signed in, accepts or declines; the manager's answer never says whether
the username already had an account; and a licence is changed only where it was verified.

Personas: mia manages Riverside; paula is a Riverside nurse whose licence Riverside verified;
oscar manages Lakeside, the other clinic, and is the account a Riverside manager might try to
add without his consent.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.db.models.signals import pre_save
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from tests.web.clinic.people import BACKEND, PASSWORD, https_client, join

from toxfill.errors import InputError
from toxfill.web.clinic.actions.clinics import end_membership
from toxfill.web.clinic.actions.invitations import accept_invitation, invite_member
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.models import (
    Invitation,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)

WHEN = timezone.now() - dt.timedelta(hours=1)
OTHER_PASSWORD = "another long passphrase 7"


def _signed_in(user: User) -> Client:
    client = https_client()
    client.force_login(user, backend=BACKEND)
    return client


def _invite(client: Client, url: str, username: str, **extra: Any) -> Any:
    body = {"username": username, "role": "provider", "password": OTHER_PASSWORD, **extra}
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def invited(manager: Membership, outsider: Membership) -> Invitation:
    """Riverside invites oscar (who manages Lakeside) as a licensed provider; he has not
    answered."""
    client = _signed_in(manager.user)
    url = f"/api/v1/clinic/{manager.clinic.public_id}/members"
    answer = _invite(client, url, "oscar", licence_type="MD", licence_expires="2099-12-31")
    assert answer.status_code == 201, answer.content
    return Invitation.objects.get(public_id=answer.json()["id"])


# --- what the manager learns --------------------------------------------------------------


def test_it_invites_an_existing_username_rather_than_adding_them(
    manager: Membership, invited: Invitation
) -> None:
    assert invited.user.username == "oscar"
    assert invited.status == "pending"
    assert not Membership.objects.filter(clinic_id=manager.clinic_id, user=invited.user).exists()


def test_the_answer_for_an_existing_username_is_the_same_as_for_a_new_one(
    manager: Membership,
    outsider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given mia types the same details for oscar (who exists) and for zoe (who does not)
    client = client_for(manager)
    details = {"first_name": "Zed", "licence_type": "RN", "licence_number": "RN-1"}
    existing = _invite(client, at(manager, "/members"), "oscar", **details)
    new = _invite(client, at(manager, "/members"), "zoe", **details)
    # then both answers have the same status, keys and values (bar the id, times and name)
    assert existing.status_code == new.status_code == 201
    mine, theirs = existing.json(), new.json()
    assert mine.keys() == theirs.keys()
    varying = {"id", "username", "invited_at", "expires_at"}
    assert {k: v for k, v in mine.items() if k not in varying} == {
        k: v for k, v in theirs.items() if k not in varying
    }
    # and neither is a member until they accept, so the members list says nothing either
    listed = [m["username"] for m in client.get(at(manager, "/members")).json()]
    assert listed == ["mia"]


def test_it_asks_for_a_password_whether_or_not_the_username_exists(
    manager: Membership,
    outsider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(manager)
    existing = _invite(client, at(manager, "/members"), "oscar", password=None)
    new = _invite(client, at(manager, "/members"), "zoe", password=None)
    assert existing.status_code == new.status_code == 422
    assert existing.json() == new.json()
    assert not Invitation.objects.exists()


# --- no access and no charting until accepted ---------------------------------------------


def test_an_invited_person_has_no_access_to_the_clinic(
    manager: Membership, invited: Invitation, at: Callable[[Membership, str], str]
) -> None:
    client = _signed_in(invited.user)
    assert client.get(at(manager, "/patients")).status_code == 404
    assert client.get(f"/clinic/{manager.clinic.public_id}/").status_code == 404


def test_an_invited_person_cannot_be_named_as_provider_until_they_accept(
    provider: Membership,
    patient: Patient,
    botox_lot: ProductLot,
    invited: Invitation,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    def charted_as_given_by(member_id: object) -> Any:
        point = {"zone": "glabella", "product": "botox", "lot": str(botox_lot.public_id)}
        body = {
            "patient": str(patient.public_id),
            "performed_at": WHEN.isoformat(),
            "provider": str(member_id),
            "points": [{**point, "dose": 20}],
        }
        client = client_for(provider)
        return client.post(at(provider, "/sessions"), body, content_type="application/json")

    # given oscar is invited to Riverside but has not answered: no membership there to name,
    # and his Lakeside one is refused as provider
    lakeside = Membership.objects.get(user=invited.user)
    assert not Membership.objects.filter(clinic_id=provider.clinic_id, user=invited.user).exists()
    refused = charted_as_given_by(lakeside.public_id)
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "provider"
    assert not TreatmentSession.objects.exists()

    # when he accepts, then his new Riverside membership is the one a session names
    joined = accept_invitation(invited.user, invited.public_id)
    assert charted_as_given_by(joined.public_id).status_code == 201


# --- the invited person's answer ----------------------------------------------------------


def test_the_invited_person_sees_and_accepts_the_invitation(
    manager: Membership, invited: Invitation, at: Callable[[Membership, str], str]
) -> None:
    client = _signed_in(invited.user)
    waiting = client.get("/api/v1/clinic/invitations").json()
    assert [(i["id"], i["clinic"], i["role"]) for i in waiting] == [
        (str(invited.public_id), "Riverside", "provider")
    ]
    accepted = client.post(f"/api/v1/clinic/invitations/{invited.public_id}/accept")
    assert accepted.status_code == 200, accepted.content
    assert accepted.json()["role"] == "provider"
    assert client.get(at(manager, "/patients")).status_code == 200
    assert client.get("/api/v1/clinic/invitations").json() == []


@pytest.mark.parametrize("answer", ["accept", "decline"])
def test_only_the_invited_person_answers(
    answer: str, provider: Membership, manager: Membership, invited: Invitation
) -> None:
    # given paula and mia, signed in, try to answer oscar's invitation
    for someone in (provider.user, manager.user):
        client = _signed_in(someone)
        url = f"/api/v1/clinic/invitations/{invited.public_id}/{answer}"
        assert client.post(url).status_code == 404
    # then it still waits for oscar
    invited.refresh_from_db()
    assert invited.status == "pending"
    assert https_client().post(url).status_code == 401


def test_the_invited_person_declines(
    manager: Membership,
    invited: Invitation,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = _signed_in(invited.user)
    declined = client.post(f"/api/v1/clinic/invitations/{invited.public_id}/decline")
    assert declined.status_code == 204
    assert not Membership.objects.filter(clinic_id=manager.clinic_id, user=invited.user).exists()
    listed = client_for(manager).get(at(manager, "/invitations")).json()
    assert [i["status"] for i in listed] == ["declined"]
    accepted = client.post(f"/api/v1/clinic/invitations/{invited.public_id}/accept")
    assert accepted.status_code == 404


def test_an_invitation_expires_after_fourteen_days(
    manager: Membership, invited: Invitation, client_for: Callable[[Membership], Client]
) -> None:
    assert invited.expires_at - invited.created_at == dt.timedelta(days=14)
    Invitation.objects.filter(pk=invited.pk).update(expires_at=timezone.now())
    client = _signed_in(invited.user)
    assert client.get("/api/v1/clinic/invitations").json() == []
    assert client.post(f"/api/v1/clinic/invitations/{invited.public_id}/accept").status_code == 404
    # and the clinic may invite him again
    again = _invite(
        client_for(manager), f"/api/v1/clinic/{manager.clinic.public_id}/members", "oscar"
    )
    assert again.status_code == 201


def test_a_manager_withdraws_an_invitation(
    manager: Membership,
    invited: Invitation,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    withdrawn = client_for(manager).post(at(manager, f"/invitations/{invited.public_id}/withdraw"))
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    client = _signed_in(invited.user)
    assert client.post(f"/api/v1/clinic/invitations/{invited.public_id}/accept").status_code == 404


def test_only_a_manager_of_the_clinic_sees_and_withdraws_its_invitations(
    provider: Membership,
    outsider: Membership,
    invited: Invitation,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    withdraw = f"/invitations/{invited.public_id}/withdraw"
    assert client_for(provider).get(at(provider, "/invitations")).status_code == 403
    assert client_for(provider).post(at(provider, withdraw)).status_code == 403
    assert client_for(outsider).post(at(outsider, withdraw)).status_code == 404


def test_every_step_is_in_the_change_history(manager: Membership, invited: Invitation) -> None:
    client = _signed_in(invited.user)
    client.post(f"/api/v1/clinic/invitations/{invited.public_id}/accept")
    steps = invited.history.order_by("history_date")
    assert [(s.answer, s.history_user_id) for s in steps] == [
        ("", manager.user_id),
        ("accepted", invited.user_id),
    ]
    joined = Membership.objects.get(clinic_id=manager.clinic_id, user=invited.user)
    assert joined.history.get().history_user_id == invited.user_id


# --- licences -----------------------------------------------------------------------------


def test_the_proposed_licence_is_the_holders_once_they_accept(manager: Membership) -> None:
    # given mia proposes a licence for a new nurse, who accepts it
    nina = join(
        manager,
        "nina",
        "provider",
        licence={"licence_type": "RN", "licence_expires": dt.date(2099, 1, 31)},
    )
    assert (nina.licence_type, nina.licence_verified_at_id) == ("RN", manager.clinic_id)


def test_a_licence_verified_elsewhere_comes_along_and_stays_that_clinics(
    provider: Membership,
    outsider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given Lakeside invites paula (whose licence Riverside verified) with no licence, and she joins
    at_lakeside = join(outsider, "paula", "provider")
    assert (at_lakeside.licence_number, at_lakeside.licence_verified_at_id) == (
        "RN-123456",
        provider.clinic_id,
    )
    # when oscar, Lakeside's manager, types another licence number onto her
    change = {"version": at_lakeside.version, "licence_number": "FAKE-1"}
    refused = client_for(outsider).patch(
        at(outsider, f"/members/{at_lakeside.public_id}"), change, content_type="application/json"
    )
    # then it is refused, naming the licence; her role is still his to change
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "licence"
    shown = client_for(outsider).get(at(outsider, f"/members/{at_lakeside.public_id}")).json()
    assert shown["licence_verified_here"] is False
    at_lakeside.refresh_from_db()
    assert at_lakeside.licence_number == "RN-123456"
    role = {"version": at_lakeside.version, "role": "auditor"}
    changed = client_for(outsider).patch(
        at(outsider, f"/members/{at_lakeside.public_id}"), role, content_type="application/json"
    )
    assert changed.status_code == 200


def test_the_clinic_that_verified_a_licence_still_changes_it(
    provider: Membership,
    manager: Membership,
    outsider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    join(outsider, "paula", "provider")
    change = {"version": provider.version, "licence_expires": "2098-01-31"}
    changed = client_for(manager).patch(
        at(manager, f"/members/{provider.public_id}"), change, content_type="application/json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["licence_expires"] == "2098-01-31"


def test_a_manager_may_not_give_a_licence_to_someone_verified_elsewhere(
    manager: Membership,
    outsider: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    # given nina works Lakeside's front desk (no licence there), then joins Riverside as a
    # nurse whose licence Riverside verifies
    at_lakeside = join(outsider, "nina", "front-desk")
    licence = {"licence_number": "RN-42", "licence_expires": dt.date(2099, 1, 31)}
    join(manager, "nina", "provider", licence=licence)
    # when oscar types a licence onto her Lakeside membership
    change = {"version": at_lakeside.version, "licence_number": "RN-999"}
    refused = client_for(outsider).patch(
        at(outsider, f"/members/{at_lakeside.public_id}"), change, content_type="application/json"
    )
    # then it is refused, naming the licence
    assert refused.status_code == 422
    assert refused.json()["detail"][0]["loc"][-1] == "licence"


def test_it_still_charts_sessions_given_by_a_colleague_who_accepted(
    provider: Membership, manager: Membership, patient: Patient, botox_lot: ProductLot
) -> None:
    dara = join(
        manager,
        "dara",
        "provider",
        password=PASSWORD,
        licence={"licence_type": "MD", "licence_expires": dt.date(2099, 12, 31)},
    )
    point = PointInput(zone="glabella", product="botox", lot=botox_lot.public_id, dose=Decimal(20))
    session = chart_session(
        provider, patient.public_id, performed_at=WHEN, points=[point], provider=dara.public_id
    )
    assert session.provider == dara


# --- the workspace pages ------------------------------------------------------------------


def test_the_start_page_lists_invitations_with_accept_and_decline(
    provider: Membership, invited: Invitation
) -> None:
    # given oscar, who manages Lakeside, signs in with Riverside's invitation waiting
    client = _signed_in(invited.user)
    html = client.get("/clinic/").content.decode()
    assert "Riverside" in html
    assert f"/clinic/invitations/{invited.public_id}/accept" in html
    assert f"/clinic/invitations/{invited.public_id}/decline" in html
    # when he accepts, he is taken to Riverside's dashboard, where he now works
    accepted = client.post(f"/clinic/invitations/{invited.public_id}/accept")
    assert accepted.status_code == 302
    assert accepted["Location"] == f"/clinic/{provider.clinic.public_id}/"
    assert client.get(accepted["Location"]).status_code == 200


def test_the_start_page_buttons_answer_only_for_the_invited_person(
    provider: Membership, invited: Invitation
) -> None:
    client = _signed_in(provider.user)
    for answer in ("accept", "decline"):
        url = f"/clinic/invitations/{invited.public_id}/{answer}"
        assert client.post(url).status_code == 404
    declined = _signed_in(invited.user).post(f"/clinic/invitations/{invited.public_id}/decline")
    assert declined.status_code == 302
    invited.refresh_from_db()
    assert invited.status == "declined"


def test_a_manager_invites_from_the_members_page_with_the_same_answer_either_way(
    manager: Membership, outsider: Membership, client_for: Callable[[Membership], Client]
) -> None:
    client = client_for(manager)
    url = f"/clinic/{manager.clinic.public_id}/members/"
    form = {"role": "provider", "password": OTHER_PASSWORD, "licence_type": "RN"}
    existing = client.post(url + "invite", {**form, "username": "oscar"})
    new = client.post(url + "invite", {**form, "username": "zoe"})
    assert (existing.status_code, existing["Location"]) == (new.status_code, new["Location"])
    html = client.get(url).content.decode()
    assert "oscar" in html
    assert "zoe" in html
    assert html.count(">pending<") == 2
    assert (
        not Membership.objects.filter(user__username__in=["oscar", "zoe"])
        .exclude(clinic_id=outsider.clinic_id)
        .exists()
    )


def test_the_members_page_names_what_is_wrong(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/members/invite"
    refused = client_for(manager).post(url, {"username": "zoe", "role": "surgeon"})
    assert refused.status_code == 422
    assert "Role must be one of" in refused.content.decode()


def test_a_manager_withdraws_from_the_members_page(
    manager: Membership, invited: Invitation, client_for: Callable[[Membership], Client]
) -> None:
    url = f"/clinic/{manager.clinic.public_id}/invitations/{invited.public_id}/withdraw"
    assert client_for(manager).post(url).status_code == 302
    invited.refresh_from_db()
    assert invited.status == "withdrawn"


def test_the_members_page_shows_no_invitations_to_other_roles(
    provider: Membership, invited: Invitation, client_for: Callable[[Membership], Client]
) -> None:
    html = client_for(provider).get(f"/clinic/{provider.clinic.public_id}/members/")
    assert html.status_code == 200
    assert "paula" in html.content.decode()
    assert "oscar" not in html.content.decode()
    url = f"/clinic/{provider.clinic.public_id}/members/invite"
    assert client_for(provider).post(url, {"username": "zoe"}).status_code == 403


def test_the_members_page_and_invitation_list_cost_the_same_for_many(
    manager: Membership,
    client_for: Callable[[Membership], Client],
    at: Callable[[Membership, str], str],
) -> None:
    client = client_for(manager)
    paths = [f"/clinic/{manager.clinic.public_id}/members/", at(manager, "/invitations")]

    def costs() -> list[int]:
        counted = []
        for path in paths:
            with CaptureQueriesContext(connection) as queries:
                assert client.get(path).status_code == 200
            counted.append(len(queries))
        return counted

    invite_member(manager, username="u0", role="provider", password=OTHER_PASSWORD)
    one = costs()
    for n in range(1, 8):
        join(manager, f"m{n}", "front-desk")
        invite_member(manager, username=f"u{n}", role="provider", password=OTHER_PASSWORD)
    assert costs() == one


def test_two_invitations_for_one_new_name_at_the_same_moment_are_a_422_not_a_500(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    # given another request makes the account "zed" just before this one saves it
    def made_meanwhile(sender: Any, instance: User, **_: Any) -> None:
        if instance.username == "zed" and not User.objects.filter(username="zed").exists():
            User.objects.bulk_create([User(username="zed", password="!")])

    pre_save.connect(made_meanwhile, sender=User)
    try:
        answer = client_for(manager).post(
            f"/api/v1/clinic/{manager.clinic.public_id}/members",
            {"username": "zed", "role": "auditor", "password": PASSWORD},
            content_type="application/json",
        )
    finally:
        pre_save.disconnect(made_meanwhile, sender=User)

    # then the manager is asked to try again, naming the field
    assert answer.status_code == 422
    [error] = answer.json()["detail"]
    assert error["loc"][-1] == "username"
    assert "try again" in error["msg"]


def test_someone_who_left_is_invited_back_into_the_same_membership(
    manager: Membership, front_desk: Membership
) -> None:
    # given fred left Riverside
    left = end_membership(
        manager, front_desk.public_id, version=front_desk.version, reason="moved away"
    )
    assert not left.active

    # when the manager invites him back as an auditor and he accepts
    invitation = invite_member(manager, username="fred", role="auditor", password=PASSWORD)
    back = accept_invitation(front_desk.user, invitation.public_id)

    # then his one membership is active again, in the new role, its history kept
    assert back.pk == front_desk.pk
    assert (back.active, back.role) == (True, "auditor")
    reasons = [h.history_change_reason for h in back.history.all()]
    assert "came back by accepting an invitation" in reasons


def test_someone_still_at_the_clinic_is_not_invited_again(
    manager: Membership, front_desk: Membership
) -> None:
    with pytest.raises(InputError, match="already works at this clinic"):
        invite_member(manager, username="fred", role="auditor", password=PASSWORD)
