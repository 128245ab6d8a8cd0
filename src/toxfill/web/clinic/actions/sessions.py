"""Charting a treatment session: the core's rules decide, the lots are drawn down, the
planner's follow-ups are created, the open ones the session keeps are marked done and the
reports' summary recounted, all in one transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from toxfill import records
from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.knowledge.body_map import zone_of_position
from toxfill.web.clinic import facts
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new, void
from toxfill.web.clinic.actions.followups import keep_followups_for_session
from toxfill.web.clinic.actions.lots import take_from_lot
from toxfill.web.clinic.actions.report_summary import recount_session
from toxfill.web.clinic.errors import RecordNotFound, RulesRefused
from toxfill.web.clinic.models import (
    Consent,
    FollowUp,
    FollowUpStatus,
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.clinic.roles import Permission, may, require


@dataclass(frozen=True)
class PointInput:
    """One injection as the provider charts it; `lot` is the lot's public ID; `unit`, when
    given, must be the product's (U for a toxin, mL for a filler)."""

    zone: str
    product: str
    lot: uuid.UUID
    dose: Decimal
    unit: str | None = None
    concern: str = ""
    dilution_ml: Decimal | None = None
    depth: str = ""
    technique: str = ""
    # Where on the drawing it was placed (a map view, x and y on its 0-100 grid), or none of
    # the three for a point charted by zone; the place decides the zone.
    view: str = ""
    x: Decimal | None = None
    y: Decimal | None = None


def chart_session(
    member: Membership,
    patient_id: uuid.UUID,
    *,
    performed_at: dt.datetime,
    points: Sequence[PointInput],
    provider: uuid.UUID | None = None,
    notes: str = "",
    confirmed: Sequence[str] = (),
    override_reasons: Mapping[str, str] | None = None,
) -> TreatmentSession:
    """Chart a session given by `provider` (a membership's public ID; the acting member when
    None): an injector may chart for a colleague, and the history says who wrote it.

    Refused (RulesRefused, nothing written) while a rule blocks: the provider's licence not
    valid that day, a missing consent, a lot of another product or expired or short, a dose
    out of bounds, a retreatment too soon without a written reason, a high-risk zone without
    confirmation.
    """
    _check_input(member, performed_at, points)
    kb = bundled_knowledge()
    with transaction.atomic():
        # The patient's row is the lock that serialises sessions of one patient, so the
        # cumulative-dose and interval rules see every earlier session.
        patient = locked(
            Patient.objects.filter(clinic_id=member.clinic_id), patient_id, "patient", None
        )
        if patient.voided_at is not None:
            raise InputError("patient", "is voided")
        given_by = _provider(member, provider)
        lots = _lots(member, points, for_update=True)
        draft, history = _draft(
            kb, given_by, patient, performed_at, points, lots, confirmed, override_reasons
        )
        check = records.check_session(kb, draft, history)
        if not check.can_save:
            raise RulesRefused(check.blocking)

        session = TreatmentSession(
            clinic_id=member.clinic_id,
            patient=patient,
            provider=given_by,
            performed_at=performed_at,
            notes=notes,
            findings=[facts.finding(f) for f in check.findings],
            knowledge_version=kb.version,
        )
        save_new(session, member, _reason(check, member, given_by))
        for given, drafted in zip(points, draft.points, strict=True):
            point = InjectionPoint(
                clinic_id=member.clinic_id,
                session=session,
                zone=given.zone,
                concern=given.concern,
                product=given.product,
                lot=lots[given.lot],
                dose=given.dose,
                unit=drafted.unit.value,
                dilution_ml=given.dilution_ml,
                depth=given.depth,
                technique=given.technique,
                view=given.view,
                x=given.x,
                y=given.y,
            )
            save_new(point, member)
        _draw_down(member, points, lots, session)
        treated = records.TreatedSession(day=draft.day, points=draft.points)
        for due in records.plan_follow_ups(kb, treated, history):
            followup = FollowUp(
                clinic_id=member.clinic_id,
                patient=patient,
                session=session,
                due_on=due.due_on,
                option=due.option,
                product=due.product or "",
                purpose=due.purpose,
                note=due.text,
            )
            save_new(followup, member, "planned from the session")
        keep_followups_for_session(member, session)
        recount_session(member.clinic, session)
    return session


def _check_input(
    member: Membership, performed_at: dt.datetime, points: Sequence[PointInput]
) -> None:
    require(member, Permission.CHART)
    if timezone.is_naive(performed_at):
        raise InputError("performed_at", "needs a time zone offset")
    if not points:
        raise InputError("points", "chart at least one injection point")
    for index, point in enumerate(points):
        _check_position(point, f"points[{index}]")


def _check_position(point: PointInput, field: str) -> None:
    """A placed point's zone is the one its place lies in: a zone that disagrees is refused
    rather than saved where the drawing would show it somewhere else."""
    given = (point.view != "", point.x is not None, point.y is not None)
    if not any(given):
        return
    if not all(given):
        raise InputError(f"{field}.view", "give the view, x and y together, or none of them")
    assert point.x is not None
    assert point.y is not None
    zones = bundled_knowledge().zones
    zone = zone_of_position(zones.values(), point.view, float(point.x), float(point.y), field)
    if zone.id != point.zone:
        raise InputError(
            f"{field}.zone",
            f"the point placed at x={point.x}, y={point.y} on the {point.view} map lies in "
            f"{zone.id}, not {point.zone}",
        )


def _provider(member: Membership, provider_id: uuid.UUID | None) -> Membership:
    """Who gave the session: the acting member, or an active provider of the same clinic."""
    if provider_id is None or provider_id == member.public_id:
        return member
    found = (
        Membership.objects.select_related("user", "clinic")
        .filter(clinic_id=member.clinic_id, public_id=provider_id)
        .first()
    )
    if found is None or not may(found, Permission.CHART):
        raise InputError("provider", "must be an active provider at this clinic")
    return found


def _lots(
    member: Membership, points: Sequence[PointInput], *, for_update: bool = False
) -> dict[uuid.UUID, ProductLot]:
    shelf = ProductLot.objects.filter(clinic_id=member.clinic_id, voided_at__isnull=True)
    if for_update:
        shelf = shelf.select_for_update()
    found = {lot.public_id: lot for lot in shelf.filter(public_id__in={p.lot for p in points})}
    for index, point in enumerate(points):
        if point.lot not in found:
            raise InputError(f"points[{index}].lot", "no such lot on this clinic's shelf")
    return found


def _draft(
    kb: KnowledgeBase,
    provider: Membership,
    patient: Patient,
    performed_at: dt.datetime,
    points: Sequence[PointInput],
    lots: Mapping[uuid.UUID, ProductLot],
    confirmed: Sequence[str],
    override_reasons: Mapping[str, str] | None,
) -> tuple[records.SessionDraft, tuple[records.TreatedSession, ...]]:
    """The session as the rules see it, and the patient's earlier sessions."""
    time_zone = provider.clinic.time_zone
    earlier = (
        TreatmentSession.objects.filter(
            clinic_id=patient.clinic_id, patient=patient, voided_at__isnull=True
        )
        .prefetch_related("points__lot")
        .order_by("performed_at")
    )
    consents = Consent.objects.filter(
        clinic_id=patient.clinic_id, patient=patient, voided_at__isnull=True
    )
    draft = records.SessionDraft(
        starts_at=performed_at,
        time_zone=time_zone,
        patient=facts.patient(patient),
        licence=facts.licence(provider),
        consents=tuple(facts.consent(c) for c in consents),
        points=tuple(
            _draft_point(kb, p, lots[p.lot], f"points[{index}]") for index, p in enumerate(points)
        ),
        confirmed=frozenset(confirmed),
        override_reasons=dict(override_reasons or {}),
    )
    return draft, facts.history(earlier, time_zone)


def _draft_point(
    kb: KnowledgeBase, given: PointInput, lot: ProductLot, field: str
) -> records.InjectionPoint:
    return records.InjectionPoint(
        zone=given.zone,
        product=given.product,
        dose=given.dose,
        unit=records.charted_unit(
            kb, given.product, given.unit, f"{field}.unit", f"{field}.product"
        ),
        lot=facts.lot(lot),
        concern=given.concern or None,
        dilution_ml=given.dilution_ml,
        technique=given.technique,
    )


def _draw_down(
    member: Membership,
    points: Sequence[PointInput],
    lots: Mapping[uuid.UUID, ProductLot],
    session: TreatmentSession,
) -> None:
    used: dict[uuid.UUID, Decimal] = {}
    for point in points:
        used[point.lot] = used.get(point.lot, Decimal(0)) + point.dose
    for lot_id, amount in used.items():
        lot = lots[lot_id]
        if not take_from_lot(member, lot, amount, f"used in session {session.public_id}"):
            short = records.Finding(
                rule=records.Rule.LOT_QUANTITY,
                kind=records.FindingKind.ERROR,
                key=f"{records.Rule.LOT_QUANTITY.value}:{lot.lot_number}",
                text=f"lot {lot.lot_number} no longer has {amount} {lot.unit} left: "
                "another session used it meanwhile",
                field="points",
            )
            raise RulesRefused([short])


def _reason(check: records.SessionCheck, member: Membership, provider: Membership) -> str:
    """The overrides and confirmations given, and who charted for whom, for the history's
    change reason."""
    given = [f"{f.key}: {f.resolution}" for f in check.findings if f.resolution]
    if provider != member:
        given.insert(0, f"charted by {member.display_name} for {provider.display_name}")
    return "; ".join(given)


def update_session_notes(
    member: Membership, session_id: uuid.UUID, *, version: int, notes: str
) -> TreatmentSession:
    require(member, Permission.CHART)
    with transaction.atomic():
        session = locked(
            TreatmentSession.objects.filter(clinic_id=member.clinic_id),
            session_id,
            "session",
            version,
        )
        if session.voided_at is not None:
            raise InputError("session", "is voided")
        session.notes = notes
        save_changed(session, member, ["notes"])
    return session


def void_session(
    member: Membership, session_id: uuid.UUID, *, version: int, reason: str
) -> TreatmentSession:
    """Void a session charted in error, with its follow-ups still due. The lots are not
    refilled: whether the product was used is for a stock count to say."""
    require(member, Permission.CHART)
    with transaction.atomic():
        session = locked(
            TreatmentSession.objects.filter(clinic_id=member.clinic_id),
            session_id,
            "session",
            version,
        )
        void(session, member, reason)
        due = FollowUp.objects.select_for_update().filter(
            clinic_id=member.clinic_id,
            session=session,
            status=FollowUpStatus.DUE,
            voided_at__isnull=True,
        )
        for followup in due:
            void(followup, member, f"its session was voided: {reason}")
        recount_session(member.clinic, session)
    return session


def preview_session(
    member: Membership,
    patient_id: uuid.UUID,
    *,
    performed_at: dt.datetime,
    points: Sequence[PointInput],
    provider: uuid.UUID | None = None,
    confirmed: Sequence[str] = (),
    override_reasons: Mapping[str, str] | None = None,
) -> records.SessionCheck:
    """What the rules would say if this session were charted now, writing nothing: the
    charting page shows every finding (warnings too) before the provider saves."""
    _check_input(member, performed_at, points)
    kb = bundled_knowledge()
    patient = Patient.objects.filter(clinic_id=member.clinic_id, public_id=patient_id).first()
    if patient is None:
        raise RecordNotFound("patient")
    if patient.voided_at is not None:  # as chart_session says it
        raise InputError("patient", "is voided")
    given_by = _provider(member, provider)
    lots = _lots(member, points)
    draft, history = _draft(
        kb, given_by, patient, performed_at, points, lots, confirmed, override_reasons
    )
    return records.check_session(kb, draft, history)
