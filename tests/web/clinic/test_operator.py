"""Issue 22 item 5: a clinic opens without a Python shell, on the operator page as well as
with `toxfill clinic create`. The operator is an account marked by `toxfill-manage operator`;
the page asks for a second factor first, lists the clinics with their head counts (never a
patient), and opens a clinic with its first manager, showing the manager's one-time link."""

from __future__ import annotations

import re
from collections.abc import Callable
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from tests.web.clinic.people import PASSWORD, https_client
from tests.web.clinic.two_factor_steps import enrolled, sign_in
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.web.clinic.models import Clinic, Membership

PAGE = "/clinic/operator/"
FORM = {
    "name": "Harbour Aesthetics",
    "time_zone": "Europe/Dublin",
    "jurisdiction": "IE",
    "manager": "niamh",
    "manager_email": "niamh@example.org",
}


@pytest.fixture
def operator_user(db: None) -> User:
    user = User.objects.create_user("ops", password=PASSWORD)
    call_command("operator", "ops", stdout=StringIO())
    user.refresh_from_db()
    return user


@pytest.fixture
def operator(operator_user: User) -> Client:
    """The operator, signed in with the authenticator app they have just set up."""
    client, _ = enrolled(operator_user.username)
    return client


def test_the_operator_opens_a_clinic_whose_manager_chooses_a_password_by_the_link(
    operator: Client, manager: Membership
) -> None:
    page = operator.get(PAGE).content.decode()
    assert manager.clinic.name in page  # the clinics on the server, by name

    answer = operator.post(PAGE, FORM)

    assert answer.status_code == 200
    opened = Membership.objects.get(user__username="niamh")
    assert (opened.role, opened.clinic.name, opened.clinic.time_zone) == (
        "manager",
        "Harbour Aesthetics",
        "Europe/Dublin",
    )
    assert not opened.user.has_usable_password()
    link = re.search(
        r'value="https?://testserver(/clinic/set-password/[^"]+)"', answer.content.decode()
    )
    assert link, answer.content.decode()
    chooser = https_client().get(link.group(1), follow=True).content.decode()
    assert "Choose your password" in chooser


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"name": "  "}, "Clinic name: is required"),
        ({"time_zone": "Europe/Atlantis"}, "Time zone: unknown time zone"),
        ({"manager": "ops"}, "Manager&#x27;s username: &#x27;ops&#x27; has an account already"),
        ({"manager": "nia mh"}, "is not a username"),
        ({"manager_email": "niamh-at-example"}, "Manager&#x27;s e-mail: "),
    ],
)
def test_bad_input_is_refused_naming_the_field_and_keeping_the_form(
    operator: Client, change: dict[str, str], says: str
) -> None:
    answer = operator.post(PAGE, {**FORM, **change})
    assert answer.status_code == 422
    page = answer.content.decode()
    assert says in page
    assert 'value="Harbour Aesthetics"' in page or change.get("name")
    assert not Clinic.objects.filter(name="Harbour Aesthetics").exists()


def test_the_page_does_not_exist_for_anyone_else(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    assert client_for(manager).get(PAGE).status_code == 404  # a clinic's manager is not one
    assert https_client().get(PAGE).status_code == 302  # to sign in


def test_an_operator_without_a_second_factor_sets_one_up_first(operator_user: User) -> None:
    client = https_client()
    sign_in(client, operator_user.username)
    answer = client.get(PAGE)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/clinic/two-factor/")
    assert client.post(PAGE, FORM).status_code == 302
    assert not Clinic.objects.filter(name="Harbour Aesthetics").exists()


def test_the_list_costs_the_same_queries_for_three_clinics_or_ten(operator: Client) -> None:
    for n in range(3):
        operator.post(PAGE, {**FORM, "name": f"Clinic {n}", "manager": f"m{n}"})
    with CaptureQueriesContext(connection) as three:
        operator.get(PAGE)
    for n in range(3, 10):
        operator.post(PAGE, {**FORM, "name": f"Clinic {n}", "manager": f"m{n}"})
    with CaptureQueriesContext(connection) as ten:
        page = operator.get(PAGE).content.decode()
    assert len(ten.captured_queries) == len(three.captured_queries) <= 12
    assert page.count('<td class="num">1</td>') == 10  # each with its one manager


def test_the_command_makes_and_unmakes_an_operator_and_names_bad_input(db: None) -> None:
    out = StringIO()
    call_command("operator", "rosa", "--email", "rosa@example.org", stdout=out)
    assert User.objects.get(username="rosa").is_staff
    assert "/clinic/set-password/" in out.getvalue()  # a new account: her one-time link
    call_command("operator", "rosa", "--remove", stdout=StringIO())
    assert not User.objects.get(username="rosa").is_staff
    with pytest.raises(CommandError, match="is not an operator"):
        call_command("operator", "rosa", "--remove", stdout=StringIO())
    with pytest.raises(CommandError, match="--site"):
        call_command("operator", "rosa", "--site", "clinic.example.org", stdout=StringIO())


def test_toxfill_clinic_operator_makes_one_and_says_bad_input_in_one_line(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    from toxfill.web.clinic import console

    monkeypatch.setattr(console, "run_management_command", call_command)
    made = CliRunner().invoke(app, ["clinic", "operator", "kai", "--site", "https://c.example"])
    assert made.exit_code == 0, made.output
    assert "https://c.example/clinic/set-password/" in made.output
    assert User.objects.get(username="kai").is_staff

    refused = CliRunner().invoke(app, ["clinic", "operator", "kai", "--site", "c.example"])
    assert refused.exit_code != 0
    assert "site" in refused.output
    assert "Traceback" not in refused.output
