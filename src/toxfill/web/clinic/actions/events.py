"""Adverse events: triaged by the core the moment they are entered, graded by the clinician."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from toxfill import records
from toxfill.errors import InputError
from toxfill.knowledge import bundled_knowledge
from toxfill.knowledge.models import UrgencyLevel
from toxfill.web.clinic import audit_chain, facts
from toxfill.web.clinic.actions.changes import locked, save_changed, save_new, void
from toxfill.web.clinic.models import (
    AdverseEvent,
    Membership,
    Outcome,
    Severity,
    TreatmentSession,
)
from toxfill.web.clinic.roles import Permission, require

GRADING = frozenset(
    {
        "severity",
        "actions",
        "hyaluronidase_units",
        "outcome",
        "reported_to_regulator",
        "reported_on",
    }
)


def _triaged(
    event: AdverseEvent, session: TreatmentSession, symptoms: Sequence[str]
) -> records.EventTriage:
    kb = bundled_knowledge()
    time_zone = session.clinic.time_zone
    onset_on = event.onset_at.astimezone(ZoneInfo(time_zone)).date()
    result = records.triage_event(
        kb,
        facts.treated(session, time_zone),
        facts.patient(session.patient),
        onset_on,
        list(symptoms),
    )
    event.symptoms = list(dict.fromkeys(symptoms))
    event.urgency = result.urgency.value
    event.triage = [r.model_dump(mode="json", by_alias=True) for r in result.results]
    event.knowledge_version = kb.version
    return result


def _at_least(event: AdverseEvent, urgency: str) -> None:
    """Never below `urgency`: an urgency the draft had before, or the one the patient's own
    triage showed them (told to call the emergency number, their clinic sees an emergency)."""
    if UrgencyLevel(urgency).rank > UrgencyLevel(event.urgency).rank:
        event.urgency = urgency


def triage_draft(
    event: AdverseEvent, session: TreatmentSession, symptoms: Sequence[str], *, at_least: str
) -> None:
    """Triage a draft from a patient's reports like any event, its urgency never below
    `at_least`."""
    _triaged(event, session, symptoms)
    _at_least(event, at_least)


def adds_to_draft(event: AdverseEvent, symptoms: Sequence[str], urgency: str) -> bool:
    """Whether a repeat report would change the draft: a new symptom, or a higher urgency."""
    return bool(set(symptoms) - set(event.symptoms)) or (
        UrgencyLevel(urgency).rank > UrgencyLevel(event.urgency).rank
    )


def add_to_draft(
    draft: AdverseEvent, symptoms: Sequence[str], *, at_least: str, reason: str
) -> AdverseEvent | None:
    """Fold a patient's repeat report into the open draft it repeats, rather than draft
    another: its new symptoms added, all of them triaged again, the urgency never lowered, one
    more version (a grading form opened before it is refused as stale) with `reason` in the
    history. None when no draft is open any more (a clinician graded, closed or voided it)."""
    with transaction.atomic():
        audit_chain.hold(draft.clinic_id)  # before the event's lock: see audit_chain
        event = (
            AdverseEvent.objects.select_for_update(of=("self",))
            .filter(
                clinic_id=draft.clinic_id,
                pk=draft.pk,
                severity="",
                outcome=Outcome.ONGOING,
                voided_at__isnull=True,
            )
            .select_related("session__clinic", "session__patient")
            .prefetch_related("session__points__lot")
            .first()
        )
        if event is None:
            return None
        before = event.urgency
        triage_draft(event, event.session, [*event.symptoms, *symptoms], at_least=at_least)
        _at_least(event, before)
        event.version += 1
        event._change_reason = reason  # type: ignore[attr-defined]
        event.save(update_fields=["symptoms", "urgency", "triage", "knowledge_version", "version"])
    return event


def _check_grading(values: Mapping[str, Any]) -> None:
    if values.get("severity", "") not in ("", *Severity.values):
        raise InputError("severity", f"must be one of {', '.join(Severity.values)}")
    if "outcome" in values and values["outcome"] not in Outcome.values:
        raise InputError("outcome", f"must be one of {', '.join(Outcome.values)}")
    units = values.get("hyaluronidase_units")
    if units is not None and (not isinstance(units, Decimal) or units <= 0):
        raise InputError("hyaluronidase_units", "must be more than 0")


def record_adverse_event(
    member: Membership,
    session_id: uuid.UUID,
    *,
    onset_at: dt.datetime,
    symptoms: Sequence[str],
    grading: Mapping[str, Any] | None = None,
) -> AdverseEvent:
    """Record an adverse event after a session; its urgency is triaged on entry, and an
    emergency is flagged in the answer at once (`urgency` == "emergency")."""
    require(member, Permission.CHART)
    values = dict(grading or {})
    if set(values) - GRADING:
        raise InputError(sorted(set(values) - GRADING)[0], "cannot be set here")
    _check_grading(values)
    if timezone.is_naive(onset_at):
        raise InputError("onset_at", "needs a time zone offset")
    if not symptoms:
        raise InputError("symptoms", "name at least one symptom (or something-else)")
    with transaction.atomic():
        session = locked(
            TreatmentSession.objects.filter(clinic_id=member.clinic_id)
            .select_related("clinic", "patient")
            .prefetch_related("points__lot"),
            session_id,
            "session",
            None,
        )
        if session.voided_at is not None:
            raise InputError("session", "is voided")
        if onset_at < session.performed_at:
            raise InputError("onset_at", "is before the session")
        event = AdverseEvent(
            clinic_id=member.clinic_id,
            session=session,
            patient=session.patient,
            onset_at=onset_at,
            recorded_by=member,
            **values,
        )
        result = _triaged(event, session, symptoms)
        save_new(event, member, "emergency flagged on entry" if result.emergency else "")
    return event


def update_adverse_event(
    member: Membership, event_id: uuid.UUID, *, version: int, changes: Mapping[str, Any]
) -> AdverseEvent:
    """Grade an event, record what was done and how it ended; new symptoms are triaged again."""
    require(member, Permission.CHART)
    values = dict(changes)
    symptoms = values.pop("symptoms", None)
    if set(values) - GRADING:
        raise InputError(sorted(set(values) - GRADING)[0], "cannot be changed here")
    _check_grading(values)
    with transaction.atomic():
        event = locked(
            AdverseEvent.objects.filter(clinic_id=member.clinic_id).select_related(
                "session__clinic", "session__patient"
            ),
            event_id,
            "adverse event",
            version,
        )
        if event.voided_at is not None:
            raise InputError("adverse event", "is voided")
        for name, value in values.items():
            setattr(event, name, value)
        fields = list(values)
        if symptoms is not None:
            if not symptoms:
                raise InputError("symptoms", "name at least one symptom (or something-else)")
            _triaged(event, event.session, symptoms)
            fields += ["symptoms", "urgency", "triage", "knowledge_version"]
        save_changed(event, member, fields)
    return event


def void_adverse_event(
    member: Membership, event_id: uuid.UUID, *, version: int, reason: str
) -> AdverseEvent:
    require(member, Permission.CHART)
    with transaction.atomic():
        event = locked(
            AdverseEvent.objects.filter(clinic_id=member.clinic_id),
            event_id,
            "adverse event",
            version,
        )
        void(event, member, reason)
    return event
