"""What the clinic tests share besides fixtures: the personas' password and an HTTPS browser."""

from __future__ import annotations

from django.test import Client

PASSWORD = "correct horse battery staple"
BACKEND = "toxfill.web.clinic.auth.ClinicBackend"


def https_client(enforce_csrf_checks: bool = False) -> Client:
    """A test browser on HTTPS, as production serves the site (plain HTTP is redirected)."""
    return Client(enforce_csrf_checks=enforce_csrf_checks, **{"wsgi.url_scheme": "https"})
