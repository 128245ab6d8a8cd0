"""What the clinic tests share besides fixtures: the personas' password, an HTTPS browser,
and reading the charting page."""

from __future__ import annotations

from django.test import Client

PASSWORD = "correct horse battery staple"
BACKEND = "toxfill.web.clinic.auth.ClinicBackend"


def https_client(enforce_csrf_checks: bool = False) -> Client:
    """A test browser on HTTPS, as production serves the site (plain HTTP is redirected)."""
    return Client(enforce_csrf_checks=enforce_csrf_checks, **{"wsgi.url_scheme": "https"})


def findings_shown(html: str) -> list[str]:
    """The keys of the rules' findings the charting page showed: posted back as `shown`, they
    say the provider has seen them."""
    return [v.split('"')[0] for v in html.split('name="shown" value="')[1:]]
