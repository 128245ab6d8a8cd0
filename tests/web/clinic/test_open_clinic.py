"""Issue 22 item 5: a clinic opens without a Python shell. `toxfill-manage open_clinic` (and
`toxfill clinic create`) opens it with its first manager and prints a one-time link where the
manager chooses a password; then the manager signs in and invites the others."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from tests.web.clinic.people import https_client
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.web.clinic.models import Clinic, Membership

pytestmark = pytest.mark.django_db
PASSWORD = "lake-heron-4471-quiet"


def _open(*args: str) -> str:
    out = StringIO()
    call_command("open_clinic", *args, stdout=out)
    return out.getvalue()


def _link(printed: str) -> str:
    found = re.search(
        r"https://clinic\.example\.org(/clinic/set-password/[^/\s]+/[^/\s]+/)", printed
    )
    assert found, printed
    return found.group(1)


def test_it_opens_a_clinic_whose_manager_chooses_a_password_once_and_signs_in() -> None:
    printed = _open(
        "--name",
        "Lakeside Skin",
        "--time-zone",
        "Europe/London",
        "--manager",
        "lena",
        "--manager-email",
        "lena@example.org",
        "--site",
        "https://clinic.example.org/",
    )
    manager = Membership.objects.get(user__username="lena")
    assert (manager.role, manager.clinic.name, manager.clinic.time_zone) == (
        "manager",
        "Lakeside Skin",
        "Europe/London",
    )
    assert not manager.user.has_usable_password()  # nobody knows a password until she picks
    browser = https_client()
    form = browser.get(_link(printed), follow=True)
    assert "Choose your password" in form.content.decode()
    chosen = browser.post(
        form.redirect_chain[-1][0] if form.redirect_chain else _link(printed),
        {"new_password1": PASSWORD, "new_password2": PASSWORD},
    )
    assert chosen.status_code == 302
    assert chosen["Location"] == "/clinic/sign-in/"
    signed_in = https_client().post("/clinic/sign-in/", {"username": "lena", "password": PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in["Location"] == "/clinic/"
    # the link worked once
    again = https_client().get(_link(printed), follow=True).content.decode()
    assert "This link no longer works" in again


def test_a_weak_password_is_refused_with_the_validators_reason() -> None:
    printed = _open(
        "--name", "Lakeside Skin", "--manager", "lena", "--site", "https://clinic.example.org"
    )
    browser = https_client()
    form = browser.get(_link(printed), follow=True)
    page = browser.post(
        form.redirect_chain[-1][0], {"new_password1": "lena", "new_password2": "lena"}
    )
    assert page.status_code == 200
    assert "The password was not set" in page.content.decode()


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--manager", "lena"], "--name"),
        (["--name", "Lakeside Skin"], "--manager"),
        (
            ["--name", "Lakeside Skin", "--manager", "lena", "--time-zone", "Mars/Base"],
            "--time-zone",
        ),
        (
            ["--name", "Lakeside Skin", "--manager", "lena", "--site", "clinic.example.org"],
            "--site",
        ),
        (["--sign-in-link-for", "nobody"], "--sign-in-link-for"),
    ],
)
def test_bad_input_names_the_option(args: list[str], named: str) -> None:
    with pytest.raises(CommandError) as refused:
        _open(*args)
    assert str(refused.value).startswith(f"{named}: ")
    assert not Clinic.objects.exists()


def test_an_existing_account_is_not_made_a_manager_by_the_command() -> None:
    _open("--name", "Lakeside Skin", "--manager", "lena")
    with pytest.raises(CommandError, match="has an account already"):
        _open("--name", "Second", "--manager", "lena")
    assert Clinic.objects.count() == 1


def test_it_prints_a_new_link_for_an_account() -> None:
    _open("--name", "Lakeside Skin", "--manager", "lena")
    printed = _open("--sign-in-link-for", "lena", "--site", "https://clinic.example.org")
    assert "lena chooses a password here" in printed
    assert _link(printed)


def test_toxfill_clinic_create_says_bad_input_in_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    from toxfill.web.clinic import console

    monkeypatch.setattr(
        console, "open_a_clinic", lambda **options: call_command("open_clinic", **options)
    )
    result = CliRunner().invoke(
        app,
        [
            "clinic",
            "create",
            "--name",
            "Lakeside Skin",
            "--manager",
            "lena",
            "--time-zone",
            "Mars/Base",
        ],
    )
    assert result.exit_code == 2
    assert "time_zone" in result.output
    assert "Traceback" not in result.output
    opened = CliRunner().invoke(
        app, ["clinic", "create", "--name", "Lakeside Skin", "--manager", "lena"]
    )
    assert opened.exit_code == 0, opened.output
    assert Membership.objects.get(user__username="lena").role == "manager"
