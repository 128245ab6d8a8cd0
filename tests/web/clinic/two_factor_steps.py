"""What the two-factor tests do as a person would: sign in with the password, set up an
authenticator app from the secret the page shows, and compute its codes here with pyotp (an
implementation of RFC 6238 that toxfill does not use), never with django-otp's own."""

from __future__ import annotations

import re
import time

import pyotp
from django.http import HttpResponse
from django.test import Client
from tests.web.clinic.people import PASSWORD, https_client

from toxfill.web.clinic.models import Clinic, Membership

SIGN_IN = "/clinic/sign-in/"
SECOND_STEP = "/clinic/sign-in/second-step/"
TWO_FACTOR = "/clinic/two-factor/"
APP = "/clinic/two-factor/app/"
CODES = "/clinic/two-factor/recovery-codes"
STEP = 30  # seconds a code lasts
ROLES = ("provider", "front_desk", "manager", "auditor")


def dashboard(member: Membership) -> str:
    return f"/clinic/{member.clinic.public_id}/"


def require_two_factor(clinic: Clinic) -> None:
    Clinic.objects.filter(pk=clinic.pk).update(requires_two_factor=True)


def sign_in(client: Client, username: str, password: str = PASSWORD) -> HttpResponse:
    response: HttpResponse = client.post(SIGN_IN, {"username": username, "password": password})
    return response


def code(secret: str, steps_ahead: int = 0) -> str:
    """The app's code `steps_ahead` steps of 30 s from now. The server accepts one step
    either side of its clock, and never a step it has accepted already: a test that needs a
    second code in the same half-minute takes the next step's."""
    return pyotp.TOTP(secret).at(time.time() + steps_ahead * STEP)


def secret_shown(html: str) -> str:
    """The key the set-up page shows for typing into an app, without its spaces."""
    found = re.search(r'<code id="secret">([A-Z2-7 ]+)</code>', html)
    assert found, "the set-up page shows no key"
    return found.group(1).replace(" ", "")


def set_up_app(client: Client) -> str:
    """Set up an authenticator app in this browser (signed in, or half-way through signing
    in at a clinic that requires it); its secret, for computing codes."""
    secret = secret_shown(client.get(APP).content.decode())
    response = client.post(APP, {"code": code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def recovery_codes_shown(html: str) -> list[str]:
    return re.findall(r"<li><code>([a-z2-7-]+)</code></li>", html)


def make_recovery_codes(client: Client) -> list[str]:
    return recovery_codes_shown(client.post(CODES).content.decode())


def enrolled(username: str) -> tuple[Client, str]:
    """A browser signed in as `username`, who has just set up an authenticator app."""
    client = https_client()
    sign_in(client, username)
    return client, set_up_app(client)
