"""What a link may read: its own patient's rows at its own clinic, nothing else.

Every query here filters by the link's clinic and patient, as `clinic/scoping.py` filters by
the member's clinic; the views read through these and nothing else.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from toxfill.knowledge import KnowledgeBase
from toxfill.web.clinic.bodymap import DrawnSession, drawn_session
from toxfill.web.clinic.licences import licence_shown
from toxfill.web.clinic.models import (
    AdverseEvent,
    FollowUp,
    FollowUpStatus,
    InjectionPoint,
    OutcomeReview,
    TreatmentSession,
)
from toxfill.web.patient_link.models import PatientLink

REVIEW_AFTER_DAYS = 14
REVIEW_UNTIL_DAYS = 90  # a review asked months later would measure something else


def sessions(link: PatientLink) -> QuerySet[TreatmentSession]:
    """The patient's sessions, newest first, with provider and points (lots) in 3 queries."""
    points = InjectionPoint.objects.filter(clinic_id=link.clinic_id).select_related("lot")
    return (
        TreatmentSession.objects.filter(
            clinic_id=link.clinic_id, patient_id=link.patient_id, voided_at__isnull=True
        )
        .select_related("patient", "provider__user", "clinic")
        .prefetch_related(Prefetch("points", queryset=points.order_by("id")))
        .order_by("-performed_at")
    )


def followups(link: PatientLink) -> QuerySet[FollowUp]:
    return FollowUp.objects.filter(
        clinic_id=link.clinic_id, patient_id=link.patient_id, voided_at__isnull=True
    ).order_by("due_on")


def upcoming(link: PatientLink) -> QuerySet[FollowUp]:
    """Follow-ups still to come (due or booked, from today on)."""
    today = timezone.localdate(timezone=ZoneInfo(link.clinic.time_zone))
    return followups(link).filter(
        due_on__gte=today, status__in=(FollowUpStatus.DUE, FollowUpStatus.BOOKED)
    )


def events(link: PatientLink) -> QuerySet[AdverseEvent]:
    return AdverseEvent.objects.filter(
        clinic_id=link.clinic_id, patient_id=link.patient_id, voided_at__isnull=True
    ).select_related("session")


@dataclass(frozen=True)
class Dose:
    zone: str
    product: str
    option: str
    option_id: str
    lot: str
    lot_expires: dt.date
    dose: Decimal
    unit: str
    dilution_ml: Decimal | None
    toxin: bool


@dataclass(frozen=True)
class PassportEntry:
    """One session as the passport shows it, in words."""

    public_id: str
    day: dt.date
    clinic: str
    provider: str
    licence: str  # as the patient may see it (licence_shown); empty when none is recorded
    doses: tuple[Dose, ...]
    drawing: DrawnSession | None = None  # the points where they were given, as the clinic drew them

    @property
    def has_toxin(self) -> bool:
        return any(d.toxin for d in self.doses)

    def options(self) -> list[str]:
        """The treatments given, by label."""
        return list(dict.fromkeys(d.option for d in self.doses if d.option))

    def option_ids(self) -> list[str]:
        return list(dict.fromkeys(d.option_id for d in self.doses if d.option_id))


def passport_entries(kb: KnowledgeBase, rows: QuerySet[TreatmentSession]) -> list[PassportEntry]:
    """Every session with its date in the clinic's time zone, provider and licence, and each
    injection point's zone, product, lot, dose and dilution, named from the knowledge base."""
    entries = []
    for row in rows:
        provider = row.provider
        name = provider.user.get_full_name() or provider.user.get_username()
        licence = licence_shown(provider, for_patient=True).text
        doses = []
        for point in row.points.all():
            product = kb.products.get(point.product)
            zone = kb.zones.get(point.zone)
            doses.append(
                Dose(
                    zone=zone.label if zone else point.zone,
                    product=product.label if product else point.product,
                    option=kb.options[product.option].label if product else "",
                    option_id=product.option if product else "",
                    lot=point.lot.lot_number,
                    lot_expires=point.lot.expires_on,
                    dose=point.dose.normalize() if point.dose % 1 else point.dose.quantize(1),
                    unit=point.unit,
                    dilution_ml=point.dilution_ml,
                    toxin=point.unit == "U",
                )
            )
        entries.append(
            PassportEntry(
                public_id=str(row.public_id),
                day=row.performed_at.astimezone(ZoneInfo(row.clinic.time_zone)).date(),
                clinic=row.clinic.name,
                provider=name,
                licence=licence,  # empty: not recorded, said so in the reader's words
                doses=tuple(doses),
                drawing=drawn_session(kb, list(row.points.all())),
            )
        )
    return entries


@dataclass(frozen=True)
class Pending:
    """A first session of a treatment, due for the patient's two-week review."""

    session: TreatmentSession
    option: str
    label: str
    day: dt.date


def pending_review(kb: KnowledgeBase, link: PatientLink) -> Pending | None:
    """The first toxin or filler session two weeks to three months ago, not yet reviewed."""
    zone = ZoneInfo(link.clinic.time_zone)
    today = timezone.localdate(timezone=zone)
    seen: set[str] = set()
    done = set(
        OutcomeReview.objects.filter(
            clinic_id=link.clinic_id, session__patient_id=link.patient_id
        ).values_list("session_id", "option")
    )
    for session in reversed(list(sessions(link))):  # oldest first
        day = session.performed_at.astimezone(zone).date()
        for point in session.points.all():
            product = kb.products.get(point.product)
            if product is None or product.option in seen:
                continue
            seen.add(product.option)  # later sessions of this option are not first ones
            age = (today - day).days
            if REVIEW_AFTER_DAYS <= age <= REVIEW_UNTIL_DAYS and (
                (session.pk, product.option) not in done
            ):
                return Pending(session, product.option, kb.options[product.option].label, day)
    return None
