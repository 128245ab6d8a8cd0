"""The pages behind a patient link: passport, plan and aftercare, report a problem.

Opening `/p/<token>` checks the token, remembers the link in this browser's session and
redirects to `/p/`: later pages carry no token, so it never reaches a Referer or a later log
line. Each page reads only through `reads.py`, logs itself in the link's access log, and says
`Cache-Control: no-store`. Each page and download speaks the patient's language (the switch's
choice first; web/language.py link_language), set here once for every view. A member of the
link's clinic signed in to the workspace is not the patient: they open it only if their role
may read treatments, read only, and each page goes in the clinic's access log under their name.
"""

from __future__ import annotations

import functools
import json
import logging
import uuid
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.core import signing
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.render.citations import Citations
from toxfill.render.svg import plan_svg, plan_svg_narrow
from toxfill.triage import aftercare_for
from toxfill.web.client_address import client_address
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.models import Clinic, Membership
from toxfill.web.clinic.roles import Permission, may
from toxfill.web.clinic.signing.keys import published_keys
from toxfill.web.clinic.signing.sealing import UnsealError
from toxfill.web.clinic.views.workspace import signed_in_user
from toxfill.web.language import link_language, page_knowledge
from toxfill.web.patient_link import documents, reads, shlinks, throttle
from toxfill.web.patient_link.actions import record_link_view
from toxfill.web.patient_link.models import PatientLink
from toxfill.web.patient_link.tokens import LinkClosed, checked, link_at_its_clinic, open_link

SESSION_KEY = "patient_link"  # [the link's row ID, its clinic's], so the row is read there
CALENDAR_SALT = "toxfill.patient_link.calendar"
LinkView = Callable[[HttpRequest, PatientLink], HttpResponse]
log = logging.getLogger("toxfill.patient_link")


def private(response: HttpResponse) -> HttpResponse:
    """No cache keeps it. (The site's Referrer-Policy, same-origin, sends no address to other
    sites; `no-referrer` here would make the browser send `Origin: null`, failing CSRF.)"""
    response["Cache-Control"] = "no-store"
    return response


def closed(
    request: HttpRequest, why: str, status: int, link: PatientLink | None = None
) -> HttpResponse:
    """A clear page for a link that cannot open, in the language of its patient when the link
    is known. Not logged by Django's request logger, whose warning line would carry the path,
    and with it the token."""
    if link is not None:
        link_language(request, link.patient.preferred_language)
    if request.resolver_match and request.resolver_match.kwargs:
        # The address carries the token (or the calendar's signed ID): the switch would put it
        # into another address (its `next`), so this page offers none.
        request.translated = False  # type: ignore[attr-defined]
    response = render(request, "patient_link/closed.html", {"why": why}, status=status)
    response._has_been_logged = True  # type: ignore[attr-defined]
    return private(response)


def unsigned(request: HttpRequest, link: PatientLink, exc: UnsealError) -> HttpResponse:
    """The clinic's signing key cannot be opened: the log says why and what to do, the patient
    sees a plain page (to contact the clinic), never a traceback."""
    log.error("passport not signed for clinic %s: %s", link.clinic.public_id, exc)
    return render(request, "patient_link/unsigned.html", _context(link), status=503)


def _client_address(request: HttpRequest) -> str:
    """The visitor, not the reverse proxy in front (toxfill.web.client_address)."""
    return client_address(request)


def colleague(request: HttpRequest, link: PatientLink) -> Membership | None:
    """The signed-in member of the link's clinic opening it, if it is one (an ended
    membership is none: such a person is a visitor like any other)."""
    user = signed_in_user(request)
    if user is None:
        return None
    return scoping.memberships(user).filter(clinic_id=link.clinic_id).first()


def refused_colleague(request: HttpRequest, member: Membership | None) -> HttpResponse | None:
    """The 403 page for a colleague whose role may not read treatments, which the link opens."""
    if member is None or may(member, Permission.VIEW_CLINICAL):
        return None
    log.info("patient link refused to member %s (%s)", member.pk, member.role)
    return closed(request, "staff", 403)


@require_GET
def open_token(request: HttpRequest, token: str) -> HttpResponse:
    """The link itself: check the token, keep the link in this browser's session, go on."""
    try:
        throttle.spend_ip(_client_address(request))
        link = open_link(token)
    except throttle.Throttled:
        response = closed(request, "busy", 429)
        response["Retry-After"] = str(throttle.Throttled.retry_after)
        return response
    except LinkClosed as exc:
        return closed(request, exc.why, 404 if exc.why == "unknown" else 410, exc.link)
    link_language(request, link.patient.preferred_language)
    if (refused := refused_colleague(request, colleague(request, link))) is not None:
        return refused
    request.session.cycle_key()
    request.session[SESSION_KEY] = [link.pk, link.clinic_id]
    response = private(redirect("patient-link-passport"))
    response["Referrer-Policy"] = "no-referrer"  # the address with the token goes nowhere
    return response


def link_page(what: str) -> Callable[[LinkView], Callable[[HttpRequest], HttpResponse]]:
    """The link this browser opened, still open, within its rate limit; logged as `what`."""

    def wrap(view: LinkView) -> Callable[[HttpRequest], HttpResponse]:
        @functools.wraps(view)
        def page(request: HttpRequest) -> HttpResponse:
            found = _opened(request)
            try:
                link = checked(found)
                throttle.spend_link(link.pk)
            except LinkClosed as exc:
                request.session.pop(SESSION_KEY, None)
                return closed(request, "missing" if found is None else exc.why, 403, found)
            except throttle.Throttled:
                return closed(request, "busy", 429, found)
            link_language(request, link.patient.preferred_language)
            member = colleague(request, link)
            if (refused := refused_colleague(request, member)) is not None:
                return refused
            if member is None:
                record_link_view(link, what)
            elif request.method == "POST":
                # What the link sends (a report, a review) is the patient's word, never a
                # colleague's in the patient's name.
                return closed(request, "staff-send", 403)
            else:
                record_patient_view(member, link.patient, f"patient link: {what}")
            return private(view(request, link))

        return page

    return wrap


def _opened(request: HttpRequest) -> PatientLink | None:
    """The link this browser's session remembers, whether or not it still opens."""
    opened = request.session.get(SESSION_KEY)
    if not (isinstance(opened, list) and len(opened) == 2):
        return None  # a browser from before the clinic was kept opens the link again
    return (
        PatientLink.objects.select_related("patient", "clinic")
        .filter(pk=opened[0], clinic_id=opened[1])
        .first()
    )


def _context(link: PatientLink, **more: object) -> dict[str, object]:
    kb = page_knowledge()
    return {"link": link, "patient": link.patient, "clinic": link.clinic, "meta": kb.meta, **more}


@require_GET
@link_page("passport")
def passport_page(request: HttpRequest, link: PatientLink) -> HttpResponse:
    kb = page_knowledge()
    entries = reads.passport_entries(kb, reads.sessions(link))
    try:
        # The signed card is a record for another clinic: its words never change with the page's.
        session = documents.latest_session_card(
            link, bundled_knowledge(), request.build_absolute_uri("/"), kb.language
        )
    except UnsealError as exc:
        log.error("passport card not signed for clinic %s: %s", link.clinic.public_id, exc)
        session = None  # the page still shows the record; the downloads say what is wrong
    token = session.card.token if session else None
    return render(
        request,
        "patient_link/passport.html",
        _context(
            link,
            entries=entries,
            units_warning=kb.units_warning.text if any(e.has_toxin for e in entries) else "",
            review=reads.pending_review(kb, link) is not None,
            session=session,
            session_qr=mark_safe(documents.card_qr_svg(token, kb.language)) if token else "",
            left_out=session.card.left_out if session else (),
            stopped=request.GET.get("stopped") == "1",
        ),
    )


@require_POST
@link_page("stop sharing")
def stop_sharing(request: HttpRequest, link: PatientLink) -> HttpResponse:
    """Revoke every SMART Health Link the passport PDFs of this link carried."""
    shlinks.stop_health_links(link)
    return redirect(reverse("patient-link-passport") + "?stopped=1")


@require_POST
@link_page("share with passcode")
def share_with_passcode(request: HttpRequest, link: PatientLink) -> HttpResponse:
    """A code for the whole record that works only with the passcode the patient chose (a
    SMART Health Link flagged P), shown once: its key is in the code and kept nowhere."""
    try:
        shared = shlinks.share_record(
            link,
            bundled_knowledge(),
            request.build_absolute_uri("/"),
            passcode=request.POST.get("passcode", ""),
        )
    except InputError as exc:
        return render(
            request,
            "patient_link/shared.html",
            _context(link, error=_("Your passcode %(problem)s.") % {"problem": exc.problem}),
            status=422,
        )
    except UnsealError as exc:
        return unsigned(request, link, exc)
    title = _("QR code: a link to your whole record that needs your passcode")
    return render(
        request,
        "patient_link/shared.html",
        _context(
            link,
            shared=shared,
            shared_qr=mark_safe(documents.health_link_qr_svg(shared.text, title)),
            until=shared.expires_at.astimezone(ZoneInfo(link.clinic.time_zone)).date(),
        ),
    )


@require_GET
@link_page("passport pdf")
def passport_pdf(request: HttpRequest, link: PatientLink) -> HttpResponse:
    try:
        return passport_pdf_file(request, link)
    except UnsealError as exc:
        return unsigned(request, link, exc)


def passport_pdf_file(request: HttpRequest, link: PatientLink) -> HttpResponse:
    """The passport as a PDF with the signed card's QR codes, in the page's language; the
    link's page and the clinic API send it. UnsealError when the clinic's signing key cannot
    be opened."""
    kb = page_knowledge()
    entries = reads.passport_entries(kb, reads.sessions(link))
    base = request.build_absolute_uri("/")
    signed_kb = bundled_knowledge()  # what another clinic verifies: never the page's words
    session = documents.latest_session_card(link, signed_kb, base, kb.language)
    shared = shlinks.share_record(link, signed_kb, base)
    codes = documents.PassportCodes(
        session=session,
        shared=shared.text,
        shared_until=shared.expires_at.astimezone(ZoneInfo(link.clinic.time_zone)).date(),
    )
    response = HttpResponse(
        documents.passport_pdf(link, entries, kb, codes), content_type="application/pdf"
    )
    response["Content-Disposition"] = 'attachment; filename="treatment-passport.pdf"'
    return response


@require_GET
@link_page("passport fhir")
def passport_fhir(request: HttpRequest, link: PatientLink) -> HttpResponse:
    return passport_fhir_file(link)


def passport_fhir_file(link: PatientLink) -> HttpResponse:
    """The patient-held FHIR bundle; the link's page and the clinic API send it."""
    bundle = documents.fhir_bundle(link, bundled_knowledge())
    response = HttpResponse(json.dumps(bundle, indent=2), content_type="application/fhir+json")
    response["Content-Disposition"] = 'attachment; filename="treatment-passport.fhir.json"'
    return response


@require_GET
@link_page("passport signed card")
def passport_card(request: HttpRequest, link: PatientLink) -> HttpResponse:
    try:
        return passport_card_file(request, link)
    except UnsealError as exc:
        return unsigned(request, link, exc)


def passport_card_file(request: HttpRequest, link: PatientLink) -> HttpResponse:
    """The signed card (SMART Health Card file); the link's page and the clinic API send it.
    UnsealError when the clinic's signing key cannot be opened."""
    card = documents.signed_card(link, bundled_knowledge(), request.build_absolute_uri("/"))
    response = HttpResponse(documents.card_file(card), content_type="application/smart-health-card")
    response["Content-Disposition"] = 'attachment; filename="treatment-passport.smart-health-card"'
    return response


def calendar_url(request: HttpRequest, link: PatientLink) -> str:
    """The subscription address: the link's ID, signed (no session needed by a calendar app)."""
    signed = signing.Signer(salt=CALENDAR_SALT).sign(str(link.public_id)).replace(":", "~")
    return request.build_absolute_uri(reverse("patient-link-calendar", args=[signed]))


@require_GET
@link_page("plan")
def plan_page(request: HttpRequest, link: PatientLink) -> HttpResponse:
    kb = page_knowledge()
    last = reads.sessions(link).first()
    day = last.performed_at.astimezone(ZoneInfo(link.clinic.time_zone)).date() if last else None
    care_plan = documents.last_plan(kb, last, day) if last and day else None
    options = reads.passport_entries(kb, reads.sessions(link)[:1])
    labels = {o.id: o.label for o in kb.options.values()}
    guides = []
    treated = [o for o in (options[0].option_ids() if options else []) if o in kb.aftercare]
    # One guide for the whole visit: each sign once, at its highest urgency.
    for guide in [aftercare_for(kb, treated)] if treated else []:
        cited = Citations(guide.sources).cite
        guides.append(
            {
                "guide": guide,
                "steps": [cited(n.text, n.sources) for n in guide.steps],
                "normal": [cited(n.text, n.sources) for n in guide.normal],
                "avoid": [cited(n.text, n.sources) for n in guide.avoid],
                "watch": [cited(n.text, n.sources) for n in guide.watch_for],
            }
        )
    context = _context(
        link,
        visits=[
            {
                "due_on": v.due_on,
                "said": documents.visit_said(kb.language, v.purpose),
                "what": labels.get(v.option, ""),
            }
            for v in reads.upcoming(link)
        ],
        last_day=day,
        chart=mark_safe(plan_svg(care_plan, kb)) if care_plan else "",
        chart_narrow=mark_safe(plan_svg_narrow(care_plan, kb)) if care_plan else "",
        readings=care_plan.treatments if care_plan else (),
        calendar=calendar_url(request, link),
        guides=guides,
    )
    return render(request, "patient_link/plan.html", context)


@require_GET
def calendar(request: HttpRequest, signed: str) -> HttpResponse:
    """The follow-ups as iCalendar, for a calendar app's subscription."""
    try:
        public_id = signing.Signer(salt=CALENDAR_SALT).unsign(signed.replace("~", ":"))
        link = checked(link_at_its_clinic(link_public_id=uuid.UUID(public_id)))
        throttle.spend_link(link.pk)
    except (signing.BadSignature, LinkClosed, ValueError):
        return closed(request, "unknown", 404)
    except throttle.Throttled:
        return closed(request, "busy", 429)
    link_language(request, link.patient.preferred_language)  # a calendar app sends no choice
    record_link_view(link, "calendar")
    body = documents.followups_ics(link, list(reads.upcoming(link)), page_knowledge())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-visits.ics"'
    return private(response)


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    """Forget the link in this browser (a shared computer); the link itself stays valid."""
    if (opened := _opened(request)) is not None:
        link_language(request, opened.patient.preferred_language)
    request.session.pop(SESSION_KEY, None)
    return private(render(request, "patient_link/closed.html", {"why": "left"}))


KEY_SET_MAX_AGE = 300  # seconds


def key_set(clinic_id: uuid.UUID) -> HttpResponse:
    """The clinic's published passport keys (public halves only), for anyone; this page and
    the API send it. Http404 for a clinic that does not exist."""
    clinic = get_object_or_404(Clinic, public_id=clinic_id)
    response = JsonResponse(published_keys(clinic))
    response["Access-Control-Allow-Origin"] = "*"  # any verifier may fetch a public key
    # Short-lived: a key withdrawn by a "compromised" rotation leaves caches within minutes.
    response["Cache-Control"] = f"public, max-age={KEY_SET_MAX_AGE}"
    return response
