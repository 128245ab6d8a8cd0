"""One charted session: who gave it (and who charted it, when a colleague did), its points
with totals per product and zone, the rules' findings as saved, the follow-ups planned from it
and its adverse events."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.contrib.auth.models import User
from django.db.models import Subquery
from django.http import HttpRequest, HttpResponse

from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic import bodymap, scoping
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.models import Membership, TreatmentSession
from toxfill.web.clinic.views.workspace import page, workspace


@workspace
def session(request: HttpRequest, member: Membership, session_id: uuid.UUID) -> HttpResponse:
    row = scoping.session(member, session_id)
    record_patient_view(member, row.patient, "session")
    kb = bundled_knowledge()
    points = list(row.points.all())
    per_product: dict[tuple[str, str], Decimal] = {}
    per_zone: dict[tuple[str, str], Decimal] = {}
    for point in points:
        per_product[(point.product, point.unit)] = (
            per_product.get((point.product, point.unit), Decimal(0)) + point.dose
        )
        label = kb.zones[point.zone].label if point.zone in kb.zones else point.zone
        per_zone[(label, point.unit)] = per_zone.get((label, point.unit), Decimal(0)) + point.dose
    return page(
        request,
        member,
        "clinic/session.html",
        {
            "session": row,
            "charted_by": _charted_by(row),
            "points": [(p, kb.zones.get(p.zone)) for p in points],
            "drawing": bodymap.drawn_session(kb, points),
            "per_product": sorted(per_product.items()),
            "per_zone": sorted(per_zone.items()),
            "followups": list(scoping.followups(member).filter(session=row).order_by("due_on")),
            "events": list(scoping.events(member).filter(session=row).order_by("-onset_at")),
        },
    )


def _charted_by(row: TreatmentSession) -> User | None:
    """Who wrote the session, when not the provider who gave it (a colleague charting): the
    member of this clinic whose user made its first history record. One query."""
    written = row.history.filter(clinic_id=row.clinic_id).order_by("history_date")
    author = written.values("history_user_id")[:1]
    writer = (
        Membership.objects.select_related("user")
        .filter(clinic_id=row.clinic_id, user_id=Subquery(author))
        .first()
    )
    if writer is None or writer.user_id == row.provider.user_id:
        return None
    return writer.user
