"""SMART Health Links to the record a patient link opens: making one (for the passport PDF),
answering its manifest and file requests, stopping them.

A health link's address is `/shl/<clinic>/<manifest ID>`: the clinic's ID (22 base64url
characters) lets the row be read at its clinic, the manifest ID (256 random bits, 43
characters) is the secret, of which only the SHA-256 digest is stored. The files are encrypted
when the link is made, with a key that is then only in the QR code: what is stored cannot be
read without the code. So each PDF makes a new health link, and no page can show an old one.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import json
import re
import secrets
import uuid
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from django.contrib.auth.hashers import check_password, make_password
from django.core import signing
from django.db import transaction
from django.db.models import F
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext

from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase
from toxfill.passport import shlink
from toxfill.passport.fetch import http_transport
from toxfill.passport.minify import minified_bundle, without_contact_details
from toxfill.passport.shlink import Reply, Transport
from toxfill.web.clinic.models import Clinic
from toxfill.web.patient_link import documents, throttle
from toxfill.web.patient_link.actions import record_link_view
from toxfill.web.patient_link.models import HealthLink, HealthLinkAccess, PatientLink
from toxfill.web.patient_link.tokens import LinkClosed, checked

LIFETIME = dt.timedelta(days=30)  # or the patient link's own end, if sooner
# Wrong passcodes a P link takes before it stops for good (the spec asks for a limit; a
# passcode a person chose is short, so few guesses).
PASSCODE_ATTEMPTS = 5
PASSCODE_MIN_CHARS = 6
LOCATION_SECONDS = 15 * 60  # a file's `location` works this long (the spec allows an hour)
LOCATION_SALT = "toxfill.patient_link.health-link-file"
NOT_ACTIVE = "no such SMART Health Link, or it is no longer active"
_MANIFEST_ID = re.compile(r"^[A-Za-z0-9_-]{43}$")
_CLINIC_CODE = re.compile(r"^[A-Za-z0-9_-]{22}$")


class Inactive(Exception):
    """No such health link, or it expired, was revoked, or its patient link closed: a 404."""


@dataclass(frozen=True)
class SharedRecord:
    """A new health link: its `shlink:/` text (shown once: the key is in it) and last day."""

    text: str
    expires_at: dt.datetime
    row: HealthLink


def share_record(
    link: PatientLink, kb: KnowledgeBase, base_url: str, passcode: str | None = None
) -> SharedRecord:
    """A new health link to the whole record the link opens: the signed card (minified, as
    SMART Health Cards asks) and the FHIR bundle (no contact details), encrypted now with a
    new key that is put in the link's text and kept nowhere. With a passcode the link is
    flagged P: its manifest answers only a request that gives the passcode, and stops for good
    after PASSCODE_ATTEMPTS wrong ones. UnsealError when the clinic's signing key cannot be
    opened; InputError for a passcode too short or too long."""
    if passcode is not None:
        passcode = checked_passcode(passcode)
    bundle = documents.fhir_bundle(link, kb)
    card = documents.card_file(documents.card_signer(link, base_url)(minified_bundle(bundle)))
    readable = json.dumps(without_contact_details(bundle), separators=(",", ":"))
    key = shlink.new_key()
    files = [
        {"contentType": shlink.CARD, "jwe": shlink.encrypt_file(card.encode(), key, shlink.CARD)},
        {
            "contentType": shlink.FHIR,
            "jwe": shlink.encrypt_file(readable.encode(), key, shlink.FHIR),
        },
    ]
    manifest_id = secrets.token_urlsafe(32)
    expires_at = min(link.expires_at, timezone.now() + LIFETIME)
    row = HealthLink.objects.create(
        clinic_id=link.clinic_id,
        link=link,
        digest=_digest(manifest_id),
        files=files,
        expires_at=expires_at,
        flag="P" if passcode else "",
        passcode_hash=make_password(passcode) if passcode else "",
        passcode_attempts_left=PASSCODE_ATTEMPTS if passcode else 0,
    )
    address = base_url.rstrip("/") + reverse(
        "health-link-manifest", args=[clinic_code(link.clinic), manifest_id]
    )
    label = f"Treatment record from {link.clinic.name}"[: shlink.MAX_LABEL_CHARS]
    text = shlink.health_link_text(
        shlink.HealthLink(
            url=address, key=key, exp=int(expires_at.timestamp()), flag=row.flag, label=label
        )
    )
    return SharedRecord(text=text, expires_at=expires_at, row=row)


def checked_passcode(passcode: str) -> str:
    """A passcode a person chose, as a P link keeps it; InputError names what is wrong, in
    the language of the page it was typed on."""
    if not PASSCODE_MIN_CHARS <= len(passcode) <= shlink.MAX_PASSCODE_CHARS:
        raise InputError(
            "passcode",
            gettext("must be %(least)s to %(most)s characters")
            % {"least": PASSCODE_MIN_CHARS, "most": shlink.MAX_PASSCODE_CHARS},
        )
    if not passcode.isprintable():
        raise InputError("passcode", gettext("must be printable characters, without line breaks"))
    return passcode


def clinic_code(clinic: Clinic) -> str:
    """The clinic's public ID in 22 characters, so the manifest address stays under 128."""
    return base64.urlsafe_b64encode(clinic.public_id.bytes).rstrip(b"=").decode()


def open_health_link(code: str, manifest_id: str) -> HealthLink:
    """The active health link at this address, or Inactive (for any reason: the same 404)."""
    if not _CLINIC_CODE.match(code) or not _MANIFEST_ID.match(manifest_id):
        raise Inactive
    try:
        public_id = uuid.UUID(bytes=base64.urlsafe_b64decode(code + "=="))
    except (binascii.Error, ValueError):
        raise Inactive from None
    clinic_id = Clinic.objects.filter(public_id=public_id).values_list("pk", flat=True).first()
    if clinic_id is None:
        raise Inactive
    row = (
        HealthLink.objects.select_related("link__patient", "link__clinic")
        .filter(clinic_id=clinic_id, digest=_digest(manifest_id))
        .first()
    )
    return _active(row)


def _active(row: HealthLink | None) -> HealthLink:
    if row is None or row.revoked_at is not None or row.expires_at <= timezone.now():
        raise Inactive
    if "P" in row.flag and row.passcode_attempts_left == 0:
        raise Inactive  # too many wrong passcodes: the link stopped for good
    try:
        checked(row.link)
    except LinkClosed:
        raise Inactive from None
    return row


def record_access(row: HealthLink, recipient: str, what: str) -> None:
    """Log a request to the health link (with the recipient it named), count it, and log it
    in its patient link's access log too, as a page the link opened."""
    now = timezone.now()
    with transaction.atomic():
        HealthLinkAccess.objects.create(
            clinic_id=row.clinic_id, health_link=row, recipient=recipient, what=what
        )
        HealthLink.objects.filter(clinic_id=row.clinic_id, pk=row.pk).update(
            access_count=F("access_count") + 1, last_accessed_at=now
        )
        record_link_view(row.link, f"health link {what}")


def manifest(row: HealthLink, base_url: str, embedded_length_max: int | None) -> dict[str, Any]:
    """The manifest: each file embedded, or by a short-lived `location` when it is longer than
    the receiver's `embeddedLengthMax`."""
    files = []
    for n, stored in enumerate(row.files):
        entry: dict[str, Any] = {"contentType": stored["contentType"]}
        if embedded_length_max is None or len(stored["jwe"]) <= embedded_length_max:
            entry["embedded"] = stored["jwe"]
        else:
            ticket = signing.TimestampSigner(salt=LOCATION_SALT).sign_object(
                {"c": row.clinic_id, "h": str(row.public_id), "n": n}
            )
            entry["location"] = base_url.rstrip("/") + reverse("health-link-file", args=[ticket])
        entry["lastUpdated"] = row.created_at.isoformat()
        if stored["contentType"] in (shlink.CARD, shlink.FHIR):
            entry["fhirVersion"] = "4.0.1"
        files.append(entry)
    return {"files": files}


def file_by_ticket(ticket: str) -> tuple[HealthLink, str]:
    """The health link and the file (its JWE) a `location` ticket names, while both last."""
    try:
        named = signing.TimestampSigner(salt=LOCATION_SALT).unsign_object(
            ticket, max_age=LOCATION_SECONDS
        )
        clinic_id, public_id, n = int(named["c"]), uuid.UUID(named["h"]), int(named["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise Inactive from None
    row = (
        HealthLink.objects.select_related("link__patient", "link__clinic")
        .filter(clinic_id=clinic_id, public_id=public_id)
        .first()
    )
    active = _active(row)
    if not 0 <= n < len(active.files):
        raise Inactive
    return active, str(active.files[n]["jwe"])


def stop_health_links(link: PatientLink) -> int:
    """Revoke every health link the patient link made (the patient's "stop sharing")."""
    return HealthLink.objects.filter(
        clinic_id=link.clinic_id, link=link, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())


def _digest(manifest_id: str) -> str:
    # 256 random bits: a plain SHA-256 cannot be reversed, nothing to stretch or salt.
    return hashlib.sha256(manifest_id.encode()).hexdigest()


def answer_manifest(code: str, manifest_id: str, body: bytes, base_url: str, address: str) -> Reply:
    """The reply to a manifest request (the view sends it; the import page asks it directly for
    a link of this installation): 200 with the manifest, 422 naming a bad field, 404 for a link
    that is not active, 429 past the rate limits of the client and of the patient link."""
    try:
        throttle.spend_ip(address)
        asked = shlink.read_manifest_request(body)
        row = open_health_link(code, manifest_id)
        throttle.spend_link(row.link_id)
    except throttle.Throttled:
        return json_reply(429, {"error": "too many requests: try again in a minute"})
    except InputError as exc:
        return json_reply(422, {"error": f"{exc.field}: {exc.problem}", "field": exc.field})
    except Inactive:
        return json_reply(404, {"error": NOT_ACTIVE})
    if "P" in row.flag and not _passcode_matches(row, asked.passcode):
        return _refuse_passcode(row, asked.recipient, asked.passcode)
    record_access(row, asked.recipient, "manifest")
    return json_reply(200, manifest(row, base_url, asked.embedded_length_max))


def _passcode_matches(row: HealthLink, passcode: str | None) -> bool:
    return passcode is not None and check_password(passcode, row.passcode_hash)


def _refuse_passcode(row: HealthLink, recipient: str, passcode: str | None) -> Reply:
    """401 with `remainingAttempts`, as the spec asks. A wrong passcode spends one attempt (one
    update, so two guesses at once cannot both spend the last); a missing one spends none,
    so a reader that does not know of passcodes cannot stop the link. The last wrong one
    stops the link: after it, the 404 of any inactive link."""
    if passcode is None:
        left = row.passcode_attempts_left
        what = "no passcode"
    else:
        spent = HealthLink.objects.filter(
            clinic_id=row.clinic_id, pk=row.pk, passcode_attempts_left__gt=0
        ).update(passcode_attempts_left=F("passcode_attempts_left") - 1)
        if not spent:
            return json_reply(
                404, {"error": "no such SMART Health Link, or it is no longer active"}
            )
        left = (
            HealthLink.objects.filter(clinic_id=row.clinic_id, pk=row.pk)
            .values_list("passcode_attempts_left", flat=True)
            .get()
        )
        what = "wrong passcode"
    record_access(row, recipient, what)
    message = "this SMART Health Link needs its passcode" if passcode is None else "wrong passcode"
    return json_reply(401, {"error": message, "remainingAttempts": left})


def answer_file(ticket: str, address: str) -> Reply:
    """The reply to a file's `location`: the JWE (application/jose), or 404 once it lapsed."""
    try:
        throttle.spend_ip(address)
        row, token = file_by_ticket(ticket)
        throttle.spend_link(row.link_id)
    except throttle.Throttled:
        return json_reply(429, {"error": "too many requests: try again in a minute"})
    except Inactive:
        return json_reply(404, {"error": "no such file, or its address is no longer valid"})
    record_access(row, "", "file")
    return Reply(status=200, content_type="application/jose", body=token.encode())


def site_transport(base_url: str, address: str) -> Transport:
    """How the import page reaches a health link: one of this installation is answered here
    directly (its own address may not be reachable from itself); any other over https, never
    to an address inside a private network."""
    site = base_url.rstrip("/")
    outside = http_transport(public_only=True)

    def send(method: str, url: str, body: bytes | None) -> Reply:
        if not url.startswith(site + "/"):
            return outside(method, url, body)
        try:
            found = resolve(urlsplit(url[len(site) :]).path)
        except Resolver404:
            return json_reply(404, {"error": "not found"})
        if found.url_name == "health-link-manifest" and method == "POST":
            return answer_manifest(
                found.kwargs["clinic"], found.kwargs["manifest_id"], body or b"", base_url, address
            )
        if found.url_name == "health-link-file" and method == "GET":
            return answer_file(found.kwargs["ticket"], address)
        return json_reply(404, {"error": "not found"})

    return send


def json_reply(status: int, document: dict[str, Any]) -> Reply:
    return Reply(status=status, content_type="application/json", body=json.dumps(document).encode())
