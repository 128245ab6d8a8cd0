"""The clinic's rows as the core's rule inputs (toxfill.records): built here, judged there."""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from toxfill import records
from toxfill.web.clinic.models import (
    Consent,
    InjectionPoint,
    Membership,
    Patient,
    ProductLot,
    TreatmentSession,
)


def licence(member: Membership) -> records.Licence | None:
    """The provider's licence, or None when the membership records none."""
    if member.licence_expires is None:
        return None
    return records.Licence(
        licence_type=member.licence_type,
        number=member.licence_number,
        jurisdiction=member.licence_jurisdiction,
        expires_on=member.licence_expires,
        valid_from=member.licence_valid_from,
    )


def consent(row: Consent) -> records.Consent:
    return records.Consent(
        kind=row.treatment,
        text_version=row.text_version,
        signed_at=row.signed_at,
        signed_by=row.signed_by,
        withdrawn_at=row.withdrawn_at,
    )


def patient(row: Patient) -> records.PatientFacts:
    return records.PatientFacts(birth_date=row.date_of_birth, health=tuple(row.health_factors))


def lot(row: ProductLot) -> records.Lot:
    return records.Lot(
        product=row.product,
        lot_number=row.lot_number,
        expires_on=row.expires_on,
        quantity=row.quantity_on_hand,
        gtin=row.gtin,
    )


def point(row: InjectionPoint) -> records.InjectionPoint:
    return records.InjectionPoint(
        zone=row.zone,
        product=row.product,
        dose=row.dose,
        unit=records.DoseUnit(row.unit),
        lot=lot(row.lot),
        concern=row.concern or None,
        dilution_ml=row.dilution_ml,
        technique=row.technique,
    )


def treated(row: TreatmentSession, time_zone: str) -> records.TreatedSession:
    """A saved session, on its date in the clinic's time zone (points prefetched)."""
    return records.TreatedSession(
        day=row.performed_at.astimezone(ZoneInfo(time_zone)).date(),
        points=tuple(point(p) for p in row.points.all()),
    )


def history(rows: Iterable[TreatmentSession], time_zone: str) -> tuple[records.TreatedSession, ...]:
    return tuple(treated(row, time_zone) for row in rows)


def finding(found: records.Finding) -> dict[str, object]:
    """A finding as it is stored with a session and shown in the API."""
    return {
        "rule": found.rule.value,
        "kind": found.kind.value,
        "key": found.key,
        "text": found.text,
        "sources": list(found.sources),
        "field": found.field,
        "resolution": found.resolution,
    }
