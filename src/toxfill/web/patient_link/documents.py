"""The link's downloads: the passport as FHIR, as a signed card and as a PDF with its QR codes
(the latest session as one SMART Health Card, the whole record as a SMART Health Link); the
follow-ups as iCalendar; the expected-effect plan from the last session."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

import segno
from django.utils import timezone

from toxfill import passport
from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase
from toxfill.passport.fit import FittedCard, single_qr_card
from toxfill.passport.minify import minified_bundle
from toxfill.passport.words import say
from toxfill.plan import CarePlan, PlannedTreatment, PlanRequest, check_plan_request, make_plan
from toxfill.plan.chain import PURPOSE_ORDER
from toxfill.plan.words import say as plan_words
from toxfill.render.tagged_pdf import TaggedPDF
from toxfill.web.clinic.fhir import Audience, bundle_json, patient_bundle
from toxfill.web.clinic.ics import follow_up_calendar
from toxfill.web.clinic.models import FollowUp, TreatmentSession
from toxfill.web.clinic.signing.keys import signing_key
from toxfill.web.patient_link import reads
from toxfill.web.patient_link.models import PatientLink
from toxfill.web.patient_link.reads import PassportEntry
from toxfill.wording import long_date

PLAN_MONTHS = 12
CARD_QR_MAX_VERSION = 22  # 40 mm across when printed: the SMART Health Cards limit


def fhir_bundle(link: PatientLink, kb: KnowledgeBase) -> dict[str, Any]:
    """The clinic's FHIR export of this patient, limited to what a patient should hold."""
    bundle = patient_bundle(
        link.patient,
        sessions=reads.sessions(link),
        followups=reads.followups(link),
        events=reads.events(link),
        audience=Audience.PATIENT,
        kb=kb,
    )
    loaded: dict[str, Any] = json.loads(bundle_json(bundle))
    return loaded


def issuer(base_url: str, link: PatientLink) -> str:
    """The clinic as a passport issuer: its JWKS is at <issuer>/.well-known/jwks.json."""
    return f"{base_url.rstrip('/')}/clinics/{link.clinic.public_id}"


def card_signer(link: PatientLink, base_url: str) -> Callable[[Mapping[str, Any]], str]:
    """Signs a bundle as a SMART Health Card with the clinic's key, as of now. UnsealError
    when the key cannot be opened."""
    key = signing_key(link.clinic)
    signed_at = int(timezone.now().timestamp())
    iss = issuer(base_url, link)

    def sign(bundle: Mapping[str, Any]) -> str:
        return passport.sign_passport(bundle, issuer=iss, private_jwk=key, signed_at=signed_at)

    return sign


def signed_card(link: PatientLink, kb: KnowledgeBase, base_url: str) -> str:
    """The whole patient-held record, minified as the SMART Health Cards spec asks (no contact
    details), signed by the clinic's key: the `.smart-health-card` file and the health link's
    card. Too long for one QR code once there are a few sessions: the PDF prints the latest
    session's card and the health link instead."""
    return card_signer(link, base_url)(minified_bundle(fhir_bundle(link, kb)))


@dataclass(frozen=True)
class SessionCard:
    """The latest session as one QR code's card, and what it leaves out to fit."""

    day: dt.date
    card: FittedCard


def latest_session_card(
    link: PatientLink, kb: KnowledgeBase, base_url: str, language: str
) -> SessionCard | None:
    """The latest session (its doses and adverse events; the patient, the provider) as a card
    that fits one QR code, signed with `kb`'s words (a record for another clinic) and what it
    leaves out said in `language` (the reader's); None before any session."""
    latest = reads.sessions(link).first()
    if latest is None:
        return None
    bundle = patient_bundle(
        link.patient,
        sessions=[latest],
        events=reads.events(link).filter(session_id=latest.pk),
        audience=Audience.PATIENT,
        kb=kb,
    )
    day = latest.performed_at.astimezone(ZoneInfo(link.clinic.time_zone)).date()
    fitted = single_qr_card(
        json.loads(bundle_json(bundle)),
        card_signer(link, base_url),
        language=language,
    )
    return SessionCard(day=day, card=fitted)


def card_file(token: str) -> str:
    """The `.smart-health-card` file: the JSON a wallet or `toxfill passport verify` reads."""
    return json.dumps({"verifiableCredential": [token]})


def qr_svg(text: str, title: str) -> str:
    """A QR code as inline SVG (no style attributes: the strict CSP allows it)."""
    code = segno.make(text, error="m")
    return code.svg_inline(scale=4, title=title, border=2, dark="#000", light="#fff")


def card_qr(token: str) -> segno.QRCode:
    """The card's one QR code, as SMART Health Cards asks: `shc:/` in byte mode, the JWS as
    digits in the denser numeric mode, version 22 at most (error correction L, raised where
    that costs no size)."""
    segments = [(passport.QR_PREFIX, segno.consts.MODE_BYTE)]
    segments.append(
        (passport.to_qr_text(token)[len(passport.QR_PREFIX) :], segno.consts.MODE_NUMERIC)
    )
    # segno encodes a list of (text, mode) segments; its stubs say str only.
    code = segno.make(segments, error="l")  # type: ignore[arg-type]
    if code.version > CARD_QR_MAX_VERSION:  # type: ignore[operator]
        raise ValueError(f"a card of {len(token)} characters does not fit one QR code")
    return code


def card_qr_svg(token: str, language: str) -> str:
    """The card's QR code as inline SVG, for the passport page, titled in `language`."""
    title = say(language, "QR code: SMART Health Card of your latest treatment")
    return card_qr(token).svg_inline(scale=3, title=title, border=4, dark="#000", light="#fff")


def health_link_qr(text: str) -> segno.QRCode:
    """The health link's QR code: error correction M, as SMART Health Links recommends."""
    return segno.make(text, error="m", mode="byte")


def health_link_qr_svg(text: str, title: str) -> str:
    """The health link's QR code as inline SVG, for a page."""
    return health_link_qr(text).svg_inline(
        scale=3, title=title, border=4, dark="#000", light="#fff"
    )


def _png(code: segno.QRCode) -> bytes:
    out = io.BytesIO()
    code.save(out, kind="png", scale=3, border=4)
    return out.getvalue()


@dataclass(frozen=True)
class PassportCodes:
    """What the passport PDF's last page carries: the latest session's card, and the whole
    record as a health link (its `shlink:/` text and last day)."""

    session: SessionCard | None
    shared: str
    shared_until: dt.date | None


def passport_pdf(
    link: PatientLink,
    entries: Sequence[PassportEntry],
    kb: KnowledgeBase,
    codes: PassportCodes,
) -> bytes:
    """The passport a person can hand to another clinic: every session and dose, the warning
    about toxin units, and two QR codes the other clinic can verify: the latest session as a
    SMART Health Card, and the whole record as a SMART Health Link. In `kb`'s language, the
    entries named from the same `kb` (reads.passport_entries)."""
    language = kb.language

    def date(day: dt.date) -> str:
        return long_date(day, language)

    pdf = TaggedPDF(
        say(language, "Treatment passport"),
        lang="en-US" if language == "en" else language,
        footer=say(language, "toxfill treatment passport"),
        margins=(16, 16, 16),
    )
    pdf.add_page()
    patient = link.patient
    name = f"{patient.given_name} {patient.family_name}"
    pdf.heading(say(language, "Treatment passport: {name}", name=name), 1, size=16, height=8)
    clinic = link.clinic.name
    pdf.paragraph(
        say(
            language,
            "Born {born}. Issued by {clinic} on {made}. This record informs a conversation with a"
            " licensed provider; it does not replace one.",
            born=date(patient.date_of_birth),
            clinic=clinic,
            made=date(timezone.localdate()),
        )
    )
    if any(e.has_toxin for e in entries):
        pdf.ln(2)
        warning = kb.units_warning.text
        pdf.paragraph(say(language, "Toxin units: {warning}", warning=warning), bold=True)
    for entry in entries:
        pdf.ln(3)
        at = say(language, "{date} at {clinic}", date=date(entry.day), clinic=entry.clinic)
        pdf.heading(at, 2, size=12, height=6)
        licence = entry.licence or say(language, "not recorded")
        pdf.paragraph(
            say(
                language,
                "Provider: {provider} (licence: {licence})",
                provider=entry.provider,
                licence=licence,
            )
        )
        pdf.data_table(
            [say(language, h) for h in ("Zone", "Product", "Lot", "Dose", "Dilution")],
            [
                [
                    d.zone,
                    d.product,
                    d.lot,
                    f"{d.dose} {d.unit}",
                    say(language, "{amount} mL diluent", amount=d.dilution_ml)
                    if d.dilution_ml
                    else "-",
                ]
                for d in entry.doses
            ],
            col_widths=(40, 40, 30, 25, 40),
        )
    if not entries:
        pdf.ln(3)
        pdf.paragraph(say(language, "No treatments are recorded yet."))
    pdf.add_page()
    pdf.heading(say(language, "Signed copy for another clinic"), 2, size=12, height=6)
    pdf.paragraph(
        say(
            language,
            "{clinic} signed this record. Another clinic can scan these codes with a SMART Health"
            " Card app, or check them with `toxfill passport verify`, to see that nothing was"
            " changed.",
            clinic=clinic,
        )
    )
    session = codes.session
    if session is not None:
        pdf.ln(3)
        day = date(session.day)
        pdf.heading(
            say(language, "1. Your latest treatment ({day})", day=day), 3, size=11, height=6
        )
        left_out = "; ".join(session.card.left_out)
        if session.card.token is None:
            pdf.paragraph(
                say(language, "It is too large for one code: use the code for your whole record.")
            )
        else:
            if left_out:
                pdf.paragraph(
                    say(
                        language,
                        "To fit one code it leaves out {left_out}. Code 2 has it all.",
                        left_out=left_out,
                    )
                )
            pdf.ln(1)
            pdf.figure(
                _png(card_qr(session.card.token)),
                say(
                    language,
                    "QR code: signed copy of your record of the treatment on {day}"
                    " (SMART Health Card)",
                    day=day,
                ),
                w=80,
            )
    if codes.shared:
        pdf.ln(3)
        whole = say(language, "2. Your whole record (a SMART Health Link)")
        pdf.heading(whole, 3, size=11, height=6)
        until = codes.shared_until
        ends = (
            say(language, "until {day}", day=date(until))
            if until
            else say(language, "for a limited time")
        )
        pdf.paragraph(
            say(
                language,
                "A clinic scans this code to fetch every treatment, signed by {clinic}. It works"
                " {ends}, or until your personal link is stopped. Anyone with this code can read"
                " your record until then: show it only to the clinic treating you.",
                clinic=clinic,
                ends=ends,
            )
        )
        pdf.ln(1)
        pdf.figure(
            _png(health_link_qr(codes.shared)),
            say(
                language,
                "QR code: link to a signed copy of your record, every treatment"
                " (SMART Health Link)",
            ),
            w=60,
        )
    return pdf.to_bytes()


def followups_ics(link: PatientLink, rows: Sequence[FollowUp], kb: KnowledgeBase) -> bytes:
    """The follow-ups as a calendar a phone can subscribe to (all-day events, no health
    details beyond the treatment's name), in `kb`'s language."""
    language = kb.language
    clinic = link.clinic.name

    def summary(row: FollowUp) -> str:
        option = kb.options.get(row.option)
        what = option.label if option else say(language, "treatment")
        visit = visit_said(language, row.purpose)
        return say(language, "{clinic}: {visit} ({what})", clinic=clinic, visit=visit, what=what)

    description = say(language, "Call the clinic to book or change the time.")
    return follow_up_calendar(
        say(language, "{clinic}: my visits", clinic=clinic),
        "patient link",
        rows,
        summary,
        lambda row: {"description": description},
    )


def visit_said(language: str, purpose: str) -> str:
    """A follow-up's purpose said as a visit ("review visit"): the planner's purposes in
    `language`, one the clinic wrote itself (a call, say) as the clinic wrote it."""
    if purpose in PURPOSE_ORDER:
        return plan_words(language, f"{purpose} visit")
    return say(language, "{purpose} visit", purpose=purpose)


def last_plan(kb: KnowledgeBase, last: TreatmentSession | None, day: dt.date) -> CarePlan | None:
    """The planner's view from the last session: what was treated, for what, from its date."""
    if last is None:
        return None
    treatments: dict[tuple[str, str], PlannedTreatment] = {}
    for point in last.points.all():
        product = kb.products.get(point.product)
        zone = kb.zones.get(point.zone)
        concern = point.concern or (zone.concerns[0] if zone and zone.concerns else "")
        if product is None or not concern:
            continue
        treatment = PlannedTreatment(option=product.option, concern=concern, product=product.id)
        try:
            check_plan_request(
                kb, PlanRequest(start=day, horizon_months=1, treatments=(treatment,)), today=day
            )
        except InputError:
            continue  # a medical use or no known basis: the planner plans nothing for it
        treatments.setdefault((product.option, concern), treatment)
    if not treatments:
        return None
    request = PlanRequest(
        start=day, horizon_months=PLAN_MONTHS, treatments=tuple(treatments.values())
    )
    return make_plan(kb, request)
