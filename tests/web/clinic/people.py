"""What the clinic tests share besides fixtures: the personas' password, an HTTPS browser,
joining a clinic, and reading the charting page."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.test import Client

from toxfill.web.clinic.actions.invitations import accept_invitation, invite_member
from toxfill.web.clinic.models import Membership

PASSWORD = "correct horse battery staple"
BACKEND = "toxfill.web.clinic.auth.ClinicBackend"


def https_client(enforce_csrf_checks: bool = False) -> Client:
    """A test browser on HTTPS, as production serves the site (plain HTTP is redirected)."""
    return Client(enforce_csrf_checks=enforce_csrf_checks, **{"wsgi.url_scheme": "https"})


def findings_shown(html: str) -> list[str]:
    """The keys of the rules' findings the charting page showed: posted back as `shown`, they
    say the provider has seen them."""
    return [v.split('"')[0] for v in html.split('name="shown" value="')[1:]]


def join(manager: Membership, username: str, role: str, **details: Any) -> Membership:
    """A person the manager invites (a new account unless the username exists) and who
    accepts, signed in: how anyone comes to work at a clinic."""
    invitation = invite_member(
        manager, username=username, role=role, password=details.pop("password", PASSWORD), **details
    )
    return accept_invitation(User.objects.get(username=username), invitation.public_id)
