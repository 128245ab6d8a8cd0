"""The clinic's side of the link: issue one from a patient's record (shown once, with its QR
code on a printable aftercare sheet, to the roles that may read what it opens; or emailed to
the patient), revoke one, publish the keys, import a passport."""

from __future__ import annotations

import datetime as dt
import time
import uuid
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods

from toxfill import passport
from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.passport import shlink
from toxfill.passport.keys import configured_trusted_issuers, fetch_key_set, key_set_from_bytes
from toxfill.passport.summary import summarise
from toxfill.passport.trust import ISSUER_PROVEN, KeySource, verdict
from toxfill.triage import aftercare_for
from toxfill.web.client_address import client_address
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.errors import Busy, RecordNotFound
from toxfill.web.clinic.models import Clinic, Membership
from toxfill.web.clinic.signing.keys import published_keys, retirement_times
from toxfill.web.clinic.views.workspace import page, workspace
from toxfill.web.patient_link import documents, inbox, reads, shlinks, views
from toxfill.web.patient_link.actions import (
    IssuedLink,
    issue_patient_link,
    require_issuer,
    revoke_patient_link,
    send_patient_link,
)
from toxfill.web.patient_link.tokens import link_url
from toxfill.web.patient_link.views import private

MAX_UPLOAD = 1_000_000


@require_http_methods(["GET", "POST"])
@workspace
def patient_links(request: HttpRequest, member: Membership, patient_id: uuid.UUID) -> HttpResponse:
    """A patient's links, with revoke buttons; POST issues a new one and shows the sheet, or
    (`send=email`) emails it to the patient. A write goes to its action first, whose role
    check comes before any lookup: a wrong role gets the same 403 whatever the IDs."""
    sent_to, problem, unavailable = "", "", 0
    if request.method == "POST":
        if "revoke" in request.POST:
            require_issuer(member)
            link_id = _link_id(request.POST["revoke"])
            revoke_patient_link(member, link_id, of_patient=scoping.patient(member, patient_id))
        elif request.POST.get("send") == "email":
            site = request.build_absolute_uri("/")
            try:
                sent = send_patient_link(member, patient_id, site=site)
                sent_to = sent.patient.email
            except InputError as exc:
                problem = str(exc)
            except Busy as exc:
                problem, unavailable = str(exc), exc.retry_after
        else:
            issued = issue_patient_link(member, patient_id)
            return private(_sheet(request, member, issued))
    patient = scoping.patient(member, patient_id)
    record_patient_view(member, patient, "patient links")
    context = {
        "patient": patient,
        "links": inbox.patient_links(member, patient),
        "sent_to": sent_to,
        "problem": problem,
    }
    status = 503 if unavailable else 422 if problem else 200
    response = page(request, member, "patient_link/links.html", context, status=status)
    if unavailable:
        response["Retry-After"] = str(unavailable)
    return private(response)


def _link_id(posted: str) -> uuid.UUID:
    """The link a revoke button names; anything else is a link that does not exist (404)."""
    try:
        return uuid.UUID(posted)
    except ValueError:
        raise RecordNotFound("patient link") from None


def _sheet(request: HttpRequest, member: Membership, issued: IssuedLink) -> HttpResponse:
    """The printable aftercare sheet: the link and its QR code, and the aftercare for the
    patient's last treatment, in the language the patient reads (the staff's notes and the
    workspace around it stay English). The token is not stored: this page is its only showing."""
    language = issued.link.patient.reads_in
    kb = bundled_knowledge(language)
    url = link_url(request, issued.token)
    last = reads.passport_entries(kb, reads.sessions(issued.link)[:1])
    # One sheet for the whole visit: a toxin and a filler give each sign one urgency.
    treated = [o for entry in last for o in entry.option_ids() if o in kb.aftercare]
    guides = [aftercare_for(kb, treated)] if treated else []
    with translation.override(language):
        context = {
            "link": issued.link,
            "patient": issued.link.patient,
            "url": url,
            "qr": documents.qr_svg(url, gettext("QR code of your personal link")),
            "guides": guides,
            "meta": kb.meta,
            "sheet_language": language,
        }
        return page(request, member, "patient_link/sheet.html", context)


@require_GET
def jwks(request: HttpRequest, clinic_id: uuid.UUID) -> HttpResponse:
    return views.key_set(clinic_id)


def local_clinic(request: HttpRequest, issuer: str) -> Clinic | None:
    """The clinic on this installation a passport's issuer names, if it names one: its keys
    are then read from the database, never from an address or a key set the passport came
    with (that would let anyone sign in a real clinic's name)."""
    base = request.build_absolute_uri("/").rstrip("/") + "/clinics/"
    if not issuer.startswith(base):
        return None
    try:
        clinic_id = uuid.UUID(issuer[len(base) :])
    except ValueError:
        return None
    return Clinic.objects.filter(public_id=clinic_id).first()


@require_http_methods(["GET", "POST"])
@workspace
def import_passport(request: HttpRequest, member: Membership) -> HttpResponse:
    """Check a passport another clinic signed; show what was verified, or why it fails."""
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        try:
            context.update(_checked(request, member))
        except passport.PassportError as exc:
            context["problem"] = str(exc)
            status = 422
        except InputError as exc:
            context["problem"] = exc.problem
            status = 422
    return private(page(request, member, "patient_link/import.html", context, status=status))


def _text(request: HttpRequest, field: str) -> str:
    upload = request.FILES.get(field)
    if upload is not None:
        if upload.size is not None and upload.size > MAX_UPLOAD:
            raise InputError(field, "is too large to be a passport")
        data: bytes = upload.read()
        return data.decode("utf-8", "replace")
    return str(request.POST.get(field + "_text") or "")


def _checked(request: HttpRequest, member: Membership) -> dict[str, Any]:
    """What the page shows of what was pasted or uploaded: a card (its file or QR text) as
    `verified`; a SMART Health Link as its `link`, each card in it `verified`, and its FHIR
    files as `unsigned`. The link's server is told this clinic is asking."""
    text = _text(request, "card")
    given = _text(request, "jwks").strip()
    if not shlink.is_health_link(text):
        return {"verified": [_verified(request, passport.passport_from_text(text), given)]}
    link = shlink.read_health_link(text)
    transport = shlinks.site_transport(request.build_absolute_uri("/"), client_address(request))
    passcode = str(request.POST.get("passcode") or "") or None  # a link flagged P needs it
    shared = shlink.fetch_files(link, transport, recipient=member.clinic.name, passcode=passcode)
    verified, unsigned = [], []
    for item in shared:
        if item.content_type == shlink.CARD:
            content = item.content.decode("utf-8", "replace")
            verified += [
                _verified(request, t, given) for t in passport.passports_from_file(content)
            ]
        elif item.content_type == shlink.FHIR:
            unsigned.append(sum(shlink.unsigned_resources(item).values()))
    return {"link": link, "verified": verified, "unsigned": unsigned}


def _verified(request: HttpRequest, token: str, given: str) -> dict[str, Any]:
    issuer = passport.claimed_issuer(token)
    now = int(time.time())
    trusted = None
    if (clinic := local_clinic(request, issuer)) is not None:
        retired = retirement_times(clinic)
        card = passport.read_passport(token, published_keys(clinic), now=now, retired=retired)
        source, name = KeySource.THIS_INSTALLATION, clinic.name
    elif (trusted := configured_trusted_issuers().get(issuer)) is not None:
        keys = fetch_key_set(trusted.jwks_url, "the trusted issuer's key address")
        card = passport.read_passport(token, keys, now=now)
        source, name = KeySource.TRUSTED_ISSUER, trusted.name
    elif given:
        keys = key_set_from_bytes(given.encode(), "the key set given (jwks)")
        card = passport.read_passport(token, keys, now=now)
        source, name = KeySource.GIVEN, ""
    else:
        raise passport.PassportError(
            f"the issuing clinic ({issuer}) is not on this toxfill or on its list of trusted "
            "issuers: to check the signature, add the key set it publishes at "
            "<issuer>/.well-known/jwks.json below"
        )
    return {
        "issuer": card.issuer,
        "key_id": card.key_id,
        "verdict": verdict(source, card.issuer, name),
        "given_keys_unused": bool(given) and source in ISSUER_PROVEN,
        "signed_at": dt.datetime.fromtimestamp(card.signed_at, tz=dt.UTC),
        "summary": summarise(card),
    }
