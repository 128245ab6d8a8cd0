"""The clinic's JSON API under /api/v1/clinic/, one router per aggregate.

Every path below a clinic starts /api/v1/clinic/{clinic_id}/: the caller's membership of that
clinic decides what they may do; a clinic they do not work at answers 404. The router modules
leave out `from __future__ import annotations`: ninja reads their annotations at import.
"""

from ninja import Router

from toxfill.web.clinic.api import (
    account,
    audit,
    events,
    exports,
    feeds,
    followups,
    invitations,
    keys,
    lots,
    members,
    patients,
    sessions,
)
from toxfill.web.clinic.api.errors import answer_errors
from toxfill.web.clinic.api.idempotency import document_idempotency_keys, honour_idempotency_keys

clinics = account.clinics

router = Router()
for part in (
    account,
    invitations,
    members,
    patients,
    sessions,
    lots,
    followups,
    feeds,
    events,
    exports,
    audit,
    keys,
):
    router.add_router("", part.router)

__all__ = [
    "answer_errors",
    "clinics",
    "document_idempotency_keys",
    "honour_idempotency_keys",
    "router",
]
