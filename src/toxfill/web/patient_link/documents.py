"""The link's downloads: the passport as FHIR, as a signed card and as a PDF with its QR codes;
the follow-ups as iCalendar; the expected-effect plan from the last session."""

from __future__ import annotations

import datetime as dt
import io
import json
from collections.abc import Sequence
from typing import Any

import segno
from django.utils import timezone

from toxfill import passport
from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase
from toxfill.plan import CarePlan, PlannedTreatment, PlanRequest, check_plan_request, make_plan
from toxfill.render.tagged_pdf import TaggedPDF
from toxfill.web.clinic.fhir import Audience, bundle_json, patient_bundle
from toxfill.web.clinic.ics import follow_up_calendar
from toxfill.web.clinic.models import FollowUp, TreatmentSession
from toxfill.web.clinic.signing.keys import signing_key
from toxfill.web.patient_link import reads
from toxfill.web.patient_link.models import PatientLink
from toxfill.web.patient_link.reads import PassportEntry

QR_CHUNK = 1191  # JWS characters per QR code: the SMART Health Cards limit (version 22 at most)
PLAN_MONTHS = 12


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


def signed_card(link: PatientLink, kb: KnowledgeBase, base_url: str) -> str:
    """The patient-held bundle signed by the clinic's key (a SMART Health Card JWS)."""
    return passport.sign_passport(
        fhir_bundle(link, kb),
        issuer=issuer(base_url, link),
        private_jwk=signing_key(link.clinic),
        signed_at=int(timezone.now().timestamp()),
    )


def card_file(token: str) -> str:
    """The `.smart-health-card` file: the JSON a wallet or `toxfill passport verify` reads."""
    return json.dumps({"verifiableCredential": [token]})


def qr_svg(text: str, title: str) -> str:
    """A QR code as inline SVG (no style attributes: the strict CSP allows it)."""
    code = segno.make(text, error="m")
    return code.svg_inline(scale=4, title=title, border=2, dark="#000", light="#fff")


def _card_qr_pngs(token: str) -> list[bytes]:
    pngs = []
    for text in passport.qr_chunks(token, QR_CHUNK):
        head, digits = text.rsplit("/", 1) if text.count("/") > 1 else ("shc:", text[5:])
        segments = [(head + "/", segno.consts.MODE_BYTE), (digits, segno.consts.MODE_NUMERIC)]
        # segno encodes a list of (text, mode) segments, as SMART Health Cards asks: the
        # prefix in byte mode, the digits in the denser numeric mode. Its stubs say str only.
        code = segno.make(segments, error="l")  # type: ignore[arg-type]
        out = io.BytesIO()
        code.save(out, kind="png", scale=3, border=4)
        pngs.append(out.getvalue())
    return pngs


def passport_pdf(
    link: PatientLink,
    entries: Sequence[PassportEntry],
    kb: KnowledgeBase,
    token: str,
) -> bytes:
    """The passport a person can hand to another clinic: every session and dose, the warning
    about toxin units, and the signed card as QR codes the other clinic can verify."""
    pdf = TaggedPDF(
        "Treatment passport",
        footer="toxfill treatment passport",
        margins=(16, 16, 16),
    )
    pdf.add_page()
    patient = link.patient
    pdf.heading(
        f"Treatment passport: {patient.given_name} {patient.family_name}", 1, size=16, height=8
    )
    born = patient.date_of_birth
    made = timezone.localdate()
    pdf.paragraph(
        f"Born {born.day} {born:%B %Y}. Issued by {link.clinic.name} on "
        f"{made.day} {made:%B %Y}. This record informs a conversation with a licensed "
        "provider; it does not replace one."
    )
    if any(e.has_toxin for e in entries):
        pdf.ln(2)
        pdf.paragraph("Toxin units: " + kb.units_warning.text, bold=True)
    for entry in entries:
        pdf.ln(3)
        pdf.heading(f"{entry.day.day} {entry.day:%B %Y} at {entry.clinic}", 2, size=12, height=6)
        pdf.paragraph(f"Provider: {entry.provider} (licence: {entry.licence})")
        pdf.data_table(
            ["Zone", "Product", "Lot", "Dose", "Dilution"],
            [
                [
                    d.zone,
                    d.product,
                    d.lot,
                    f"{d.dose} {d.unit}",
                    f"{d.dilution_ml} mL diluent" if d.dilution_ml else "-",
                ]
                for d in entry.doses
            ],
            col_widths=(40, 40, 30, 25, 40),
        )
    if not entries:
        pdf.ln(3)
        pdf.paragraph("No treatments are recorded yet.")
    pdf.add_page()
    pdf.heading("Signed copy for another clinic", 2, size=12, height=6)
    pdf.paragraph(
        f"{link.clinic.name} signed this record. Another clinic can scan the code(s) below "
        "(a SMART Health Card) or run `toxfill passport verify` on the downloaded card to "
        "check that it is unchanged. Scan every part, in any order."
    )
    pngs = _card_qr_pngs(token)
    for n, png in enumerate(pngs, start=1):
        pdf.ln(2)
        part = f", part {n} of {len(pngs)}" if len(pngs) > 1 else ""
        pdf.figure(png, f"QR code: signed copy of your record{part} (SMART Health Card)", w=120)
    return pdf.to_bytes()


def followups_ics(link: PatientLink, rows: Sequence[FollowUp], kb: KnowledgeBase) -> bytes:
    """The follow-ups as a calendar a phone can subscribe to (all-day events, no health
    details beyond the treatment's name)."""

    def summary(row: FollowUp) -> str:
        option = kb.options.get(row.option)
        what = option.label if option else "treatment"
        return f"{link.clinic.name}: {row.purpose} visit ({what})"

    return follow_up_calendar(
        f"{link.clinic.name}: my visits",
        "patient link",
        rows,
        summary,
        lambda row: {"description": "Call the clinic to book or change the time."},
    )


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
