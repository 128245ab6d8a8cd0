"""The clinic's tables, one module per aggregate."""

from toxfill.web.clinic.models.access import ApiToken, CalendarFeed, PatientAccess, TokenScope
from toxfill.web.clinic.models.audit import AppendOnlyError, AuditChainHead, AuditRow
from toxfill.web.clinic.models.browsers import SignedInBrowser
from toxfill.web.clinic.models.clinics import Clinic, Membership, Role
from toxfill.web.clinic.models.events import AdverseEvent, EventOrigin, Outcome, Severity
from toxfill.web.clinic.models.followups import FollowUp, FollowUpStatus
from toxfill.web.clinic.models.idempotency import IdempotentRequest
from toxfill.web.clinic.models.invitations import Answer, Invitation
from toxfill.web.clinic.models.keys import ClinicKey
from toxfill.web.clinic.models.lots import ProductLot, RecallContact
from toxfill.web.clinic.models.patients import Consent, Patient
from toxfill.web.clinic.models.photos import Angle, Photo
from toxfill.web.clinic.models.reports import Counted, MonthlySummary
from toxfill.web.clinic.models.reviews import OutcomeReview, Satisfaction, SideEffects, Symmetry
from toxfill.web.clinic.models.sessions import InjectionPoint, TreatmentSession
from toxfill.web.clinic.models.templates import TreatmentTemplate
from toxfill.web.clinic.models.two_factor import Passkey, RecoveryCode

__all__ = [
    "AdverseEvent",
    "Angle",
    "Answer",
    "ApiToken",
    "AppendOnlyError",
    "AuditChainHead",
    "AuditRow",
    "CalendarFeed",
    "Clinic",
    "ClinicKey",
    "Consent",
    "Counted",
    "EventOrigin",
    "FollowUp",
    "FollowUpStatus",
    "IdempotentRequest",
    "InjectionPoint",
    "Invitation",
    "Membership",
    "MonthlySummary",
    "Outcome",
    "OutcomeReview",
    "Passkey",
    "Patient",
    "PatientAccess",
    "Photo",
    "ProductLot",
    "RecallContact",
    "RecoveryCode",
    "Role",
    "Satisfaction",
    "Severity",
    "SideEffects",
    "SignedInBrowser",
    "Symmetry",
    "TokenScope",
    "TreatmentSession",
    "TreatmentTemplate",
]
