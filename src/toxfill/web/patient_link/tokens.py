"""Link tokens: 256 random bits, shown once, kept only as a SHA-256 digest."""

from __future__ import annotations

import hashlib
import secrets

from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone

from toxfill.web.patient_link.models import LinkDirectory, PatientLink

TOKEN_BYTES = 32
MAX_TOKEN_LENGTH = 64  # token_urlsafe(32) is 43 characters; anything longer is not a token


class LinkClosed(Exception):
    """The link cannot be opened: `why` is unknown, expired or revoked; `link` is the link
    when it was found (its page then speaks its patient's language)."""

    def __init__(self, why: str, link: PatientLink | None = None) -> None:
        self.why, self.link = why, link
        super().__init__(f"this link is {why}")


def new_token() -> tuple[str, str]:
    """A fresh token (shown once) and its digest (all the database keeps)."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, token_digest(token)


def token_digest(token: str) -> str:
    # 256 random bits: nothing to stretch or salt, a plain SHA-256 cannot be reversed.
    return hashlib.sha256(token.encode()).hexdigest()


def link_url(request: HttpRequest, token: str) -> str:
    """The address the patient opens (the token in it is shown this once)."""
    return request.build_absolute_uri(reverse("patient-link-open", args=[token]))


def link_address(site: str, token: str) -> str:
    """The same address built on the site's root (`https://clinic.example/`), for an email
    sent without a request at hand."""
    return site.rstrip("/") + reverse("patient-link-open", args=[token])


def open_link(token: str) -> PatientLink:
    """The live link for a token, or LinkClosed saying why not."""
    if not token or len(token) > MAX_TOKEN_LENGTH:
        raise LinkClosed("unknown")
    return checked(link_at_its_clinic(digest=token_digest(token)))


def link_at_its_clinic(**wanted: object) -> PatientLink | None:
    """The link the directory finds by `wanted` (its digest or its ID), read at its clinic."""
    entry = (
        LinkDirectory.objects.filter(**wanted).values_list("clinic_id", "link_public_id").first()
    )
    if entry is None:
        return None
    clinic_id, public_id = entry
    return (
        PatientLink.objects.select_related("patient", "clinic")
        .filter(clinic_id=clinic_id, public_id=public_id)
        .first()
    )


def checked(link: PatientLink | None) -> PatientLink:
    if link is None or link.patient.voided_at is not None:
        raise LinkClosed("unknown")
    if link.revoked_at is not None:
        raise LinkClosed("revoked", link)
    if link.expires_at <= timezone.now():
        raise LinkClosed("expired", link)
    return link
