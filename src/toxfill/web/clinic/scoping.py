"""The clinic-scoped querysets every read starts from.

Each takes the acting member, checks that their role may read it, and filters to their
clinic. A record that is missing and one that belongs to another clinic raise the same
RecordNotFound, which names no other record.
"""

from __future__ import annotations

import uuid
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.db.models import Count, Exists, F, Max, Min, Model, OuterRef, Prefetch, QuerySet, Sum
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from toxfill.web.clinic.errors import RecordNotFound
from toxfill.web.clinic.models import (
    AdverseEvent,
    ApiToken,
    CalendarFeed,
    ClinicKey,
    Consent,
    FollowUp,
    InjectionPoint,
    Invitation,
    Membership,
    MonthlySummary,
    OutcomeReview,
    Passkey,
    Patient,
    PatientAccess,
    Photo,
    ProductLot,
    RecallContact,
    TreatmentSession,
    TreatmentTemplate,
)
from toxfill.web.clinic.roles import Permission, require

M = TypeVar("M", bound=Model)


def memberships(user: User) -> QuerySet[Membership]:
    """The clinics a person works at now."""
    return (
        Membership.objects.filter(user=user, ended_at__isnull=True)
        .select_related("clinic", "user")
        .order_by("clinic__name")
    )


def member_of(user: User, clinic_id: uuid.UUID) -> Membership:
    """The person's membership of one clinic; a clinic they do not work at does not exist."""
    found = memberships(user).filter(clinic__public_id=clinic_id).first()
    if found is None:
        raise RecordNotFound("clinic")
    return found


def one(queryset: QuerySet[M], public_id: uuid.UUID, kind: str) -> M:
    """The record with this public ID in an already clinic-scoped queryset, or 404."""
    found = queryset.filter(public_id=public_id).first()
    if found is None:
        raise RecordNotFound(kind)
    return found


def members(member: Membership) -> QuerySet[Membership]:
    require(member, Permission.VIEW_MEMBERS)
    return Membership.objects.filter(clinic_id=member.clinic_id).select_related("user", "clinic")


def with_second_factor(members: QuerySet[Membership]) -> QuerySet[Membership]:
    """Members, each with `has_app` and `has_passkey`: whether they set up an authenticator
    app or a passkey (the members page shows who a clinic-wide switch would send to do so)."""
    return members.annotate(
        has_app=Exists(TOTPDevice.objects.filter(user_id=OuterRef("user_id"), confirmed=True)),
        has_passkey=Exists(Passkey.objects.filter(user_id=OuterRef("user_id"))),
    )


def invitations(member: Membership) -> QuerySet[Invitation]:
    """The clinic's invitations, newest first: for its managers."""
    require(member, Permission.MANAGE_MEMBERS)
    scoped = Invitation.objects.filter(clinic_id=member.clinic_id)
    return scoped.select_related("user", "clinic").order_by("-created_at")


def invitations_to(user: User) -> QuerySet[Invitation]:
    """The invitations waiting for the person's answer (neither answered nor expired)."""
    return (
        Invitation.objects.filter(user=user, answer="", expires_at__gt=timezone.now())
        .select_related("clinic", "invited_by__user")
        .order_by("created_at")
    )


def patients(member: Membership, *, voided: bool = False) -> QuerySet[Patient]:
    require(member, Permission.VIEW_PATIENTS)
    return Patient.objects.filter(
        clinic_id=member.clinic_id, voided_at__isnull=not voided
    ).select_related("clinic", "voided_by__user")


def patient(member: Membership, public_id: uuid.UUID) -> Patient:
    """One patient, voided or not: a voided record is still shown, marked as voided."""
    require(member, Permission.VIEW_PATIENTS)
    scoped = Patient.objects.filter(clinic_id=member.clinic_id)
    return one(scoped.select_related("clinic", "voided_by__user"), public_id, "patient")


def consents(member: Membership, of: Patient) -> QuerySet[Consent]:
    require(member, Permission.VIEW_PATIENTS)
    return Consent.objects.filter(clinic_id=member.clinic_id, patient=of).select_related(
        "clinic", "patient", "recorded_by__user", "voided_by__user"
    )


def consent(member: Membership, public_id: uuid.UUID) -> Consent:
    require(member, Permission.VIEW_PATIENTS)
    scoped = Consent.objects.filter(clinic_id=member.clinic_id).select_related(
        "clinic", "patient", "recorded_by__user", "voided_by__user"
    )
    return one(scoped, public_id, "consent")


def templates(member: Membership) -> QuerySet[TreatmentTemplate]:
    """The clinic's treatment templates in use, by name."""
    require(member, Permission.CHART)
    return TreatmentTemplate.objects.filter(
        clinic_id=member.clinic_id, voided_at__isnull=True
    ).order_by("name")


def lots(member: Membership, *, voided: bool = False) -> QuerySet[ProductLot]:
    require(member, Permission.VIEW_LOTS)
    return ProductLot.objects.filter(
        clinic_id=member.clinic_id, voided_at__isnull=not voided
    ).select_related("clinic", "received_by__user", "voided_by__user")


def lot(member: Membership, public_id: uuid.UUID) -> ProductLot:
    require(member, Permission.VIEW_LOTS)
    scoped = ProductLot.objects.filter(clinic_id=member.clinic_id)
    scoped = scoped.select_related("clinic", "received_by__user", "voided_by__user")
    return one(scoped, public_id, "lot")


def sessions(member: Membership, *, voided: bool | None = False) -> QuerySet[TreatmentSession]:
    """Sessions with their patient, provider and injection points, in a fixed few queries;
    `voided=None` gives voided and current ones alike."""
    require(member, Permission.VIEW_CLINICAL)
    points = InjectionPoint.objects.filter(clinic_id=member.clinic_id).select_related("lot")
    scoped = (
        TreatmentSession.objects.filter(clinic_id=member.clinic_id)
        .select_related("patient", "provider__user", "clinic", "voided_by__user")
        .prefetch_related(Prefetch("points", queryset=points.order_by("id")))
    )
    return scoped if voided is None else scoped.filter(voided_at__isnull=not voided)


def points(member: Membership, *, voided: bool | None = False) -> QuerySet[InjectionPoint]:
    """The injection points of the clinic's sessions, current ones unless `voided` says (None:
    every session's)."""
    require(member, Permission.VIEW_CLINICAL)
    scoped = InjectionPoint.objects.filter(clinic_id=member.clinic_id)
    return scoped if voided is None else scoped.filter(session__voided_at__isnull=not voided)


# What the API's session answers show (api/sessions.sessions_out), and no more: the whole rows
# are about 90 columns over six joins, among them the names, birth dates and allergies of the
# patients an answer names only by ID, and making them (five model instances a session, two a
# point) was most of a sessions page's time. The joined records' few columns are read as
# annotations of the row instead.
SESSION_ANSWER_FIELDS = (
    *("clinic", "patient", "public_id", "version", "created_at", "voided_at", "void_reason"),
    *("performed_at", "notes", "findings", "knowledge_version"),
)
POINT_ANSWER_FIELDS = (
    *("session", "public_id", "zone", "concern", "product", "dose", "unit", "dilution_ml"),
    *("depth", "technique", "view", "x", "y"),
)
MEMBER_ANSWER_COLUMNS = {
    "public_id": "public_id",
    "role": "role",
    "first_name": "user__first_name",
    "last_name": "user__last_name",
    "username": "user__username",
}


def session_answers(member: Membership, *, voided: bool | None = False) -> QuerySet[Any]:
    """As sessions(), reading only the columns the API's session answers show, and not the
    points: session_answer_points reads a page's. Each row carries `patient_public_id` and,
    for its provider and whoever voided it, `provider_<column>` and `voided_by_<column>`
    (MEMBER_ANSWER_COLUMNS)."""
    require(member, Permission.VIEW_CLINICAL)
    scoped = (
        TreatmentSession.objects.filter(clinic_id=member.clinic_id)
        .only(*SESSION_ANSWER_FIELDS)
        .annotate(
            patient_public_id=F("patient__public_id"),
            **{
                f"{who}_{name}": F(f"{who}__{path}")
                for who in ("provider", "voided_by")
                for name, path in MEMBER_ANSWER_COLUMNS.items()
            },
        )
    )
    return scoped if voided is None else scoped.filter(voided_at__isnull=not voided)


def session_answer(member: Membership, public_id: uuid.UUID) -> TreatmentSession:
    found: TreatmentSession = one(session_answers(member, voided=None), public_id, "session")
    return found


def session_answer_points(
    member: Membership, sessions: list[TreatmentSession]
) -> dict[int, list[InjectionPoint]]:
    """The points of these sessions, by session row ID, in one query (none for no sessions),
    each with its lot's `lot_public_id` and `lot_number`.

    Not a prefetch: Django's copies the points query and adds its filter for every session
    (about 0.1 ms each) only to hand it the rows it has already read."""
    require(member, Permission.VIEW_CLINICAL)
    found: dict[int, list[InjectionPoint]] = {session.id: [] for session in sessions}
    if found:
        points = InjectionPoint.objects.filter(clinic_id=member.clinic_id, session_id__in=found)
        points = points.only(*POINT_ANSWER_FIELDS).order_by("id")
        lots = {"lot_public_id": F("lot__public_id"), "lot_number": F("lot__lot_number")}
        for point in points.annotate(**lots):
            found[point.session_id].append(point)
    return found


def sessions_using(member: Membership, lot_id: uuid.UUID) -> QuerySet[InjectionPoint, Any]:
    """The IDs of the sessions that used a lot, for a recall."""
    require(member, Permission.VIEW_CLINICAL)
    points = InjectionPoint.objects.filter(clinic_id=member.clinic_id, lot__public_id=lot_id)
    return points.values("session_id")


def recall_base(member: Membership) -> QuerySet[InjectionPoint]:
    """Every current injection point at the clinic, for reports that count product use."""
    require(member, Permission.VIEW_CLINICAL)
    return InjectionPoint.objects.filter(
        clinic_id=member.clinic_id, session__voided_at__isnull=True
    )


def report_summary(member: Membership) -> QuerySet[MonthlySummary]:
    """The clinic's monthly counts of sessions and product use, for its reports."""
    require(member, Permission.VIEW_CLINICAL)
    return MonthlySummary.objects.filter(clinic_id=member.clinic_id)


def recall(member: Membership, lot: ProductLot) -> QuerySet[InjectionPoint]:
    """Every current injection point drawn from a lot, with its session, patient and
    provider: a recall answered by one query on the (clinic_id, lot_id) index."""
    require(member, Permission.VIEW_CLINICAL)
    return (
        InjectionPoint.objects.filter(
            clinic_id=member.clinic_id, lot=lot, session__voided_at__isnull=True
        )
        .select_related("session__patient", "session__provider__user")
        .order_by("session__performed_at", "id")
    )


def visits(member: Membership) -> QuerySet[TreatmentSession]:
    """The clinic's current sessions as the front desk sees them: when, who and with whom,
    earliest first; the session's clinical columns are not read."""
    require(member, Permission.VIEW_SCHEDULE)
    return (
        TreatmentSession.objects.filter(clinic_id=member.clinic_id, voided_at__isnull=True)
        .select_related("patient", "provider__user")
        .only(
            "public_id",
            "performed_at",
            "clinic_id",
            "patient__public_id",
            "patient__given_name",
            "patient__family_name",
            "patient__clinic_id",
            "provider__user__first_name",
            "provider__user__last_name",
            "provider__user__username",
        )
        .order_by("performed_at", "id")
    )


def recall_by_patient(member: Membership, lot: ProductLot) -> QuerySet[Any]:
    """A lot's recall a row per patient (their ID, how many points and sessions, the first
    and last session and the total dose), the earliest treated first: one grouped query on
    the (clinic_id, lot_id) index."""
    return (
        recall(member, lot)
        .order_by()
        .values("session__patient_id")
        .annotate(
            points=Count("id"),
            sessions=Count("session_id", distinct=True),
            first=Min("session__performed_at"),
            last=Max("session__performed_at"),
            dose=Sum("dose"),
        )
        .order_by("first", "session__patient_id")
    )


def patients_by_id(member: Membership, ids: list[int]) -> QuerySet[Patient]:
    """The clinic's patients with these row IDs, voided or not (a recall reaches everyone)."""
    require(member, Permission.VIEW_PATIENTS)
    return Patient.objects.filter(clinic_id=member.clinic_id, id__in=ids)


def recall_contacts(member: Membership, lot: ProductLot) -> QuerySet[RecallContact]:
    require(member, Permission.VIEW_CLINICAL)
    return RecallContact.objects.filter(clinic_id=member.clinic_id, lot=lot).select_related(
        "contacted_by__user"
    )


def session(member: Membership, public_id: uuid.UUID) -> TreatmentSession:
    return one(sessions(member, voided=None), public_id, "session")


def followups(member: Membership, *, voided: bool = False) -> QuerySet[FollowUp]:
    require(member, Permission.VIEW_SCHEDULE)
    return FollowUp.objects.filter(
        clinic_id=member.clinic_id, voided_at__isnull=not voided
    ).select_related("clinic", "patient", "session", "voided_by__user")


def followup(member: Membership, public_id: uuid.UUID) -> FollowUp:
    require(member, Permission.VIEW_SCHEDULE)
    scoped = FollowUp.objects.filter(clinic_id=member.clinic_id).select_related(
        "clinic", "patient", "session", "voided_by__user"
    )
    return one(scoped, public_id, "follow-up")


def events(member: Membership, *, voided: bool = False) -> QuerySet[AdverseEvent]:
    require(member, Permission.VIEW_CLINICAL)
    return AdverseEvent.objects.filter(
        clinic_id=member.clinic_id, voided_at__isnull=not voided
    ).select_related("patient", "session", "recorded_by__user", "clinic", "voided_by__user")


def event(member: Membership, public_id: uuid.UUID) -> AdverseEvent:
    require(member, Permission.VIEW_CLINICAL)
    scoped = AdverseEvent.objects.filter(clinic_id=member.clinic_id).select_related(
        "patient", "session", "recorded_by__user", "clinic", "voided_by__user"
    )
    return one(scoped, public_id, "adverse event")


def photos(member: Membership, of: Patient) -> QuerySet[Photo]:
    """A patient's current photos with their sessions, oldest first."""
    require(member, Permission.VIEW_CLINICAL)
    return (
        Photo.objects.filter(clinic_id=member.clinic_id, patient=of, voided_at__isnull=True)
        .select_related("session", "patient")
        .order_by("session__performed_at", "created_at")
    )


def photo(member: Membership, public_id: uuid.UUID) -> Photo:
    require(member, Permission.VIEW_CLINICAL)
    scoped = Photo.objects.filter(clinic_id=member.clinic_id, voided_at__isnull=True)
    return one(scoped.select_related("patient", "session"), public_id, "photo")


def access_log(member: Membership) -> QuerySet[PatientAccess]:
    require(member, Permission.AUDIT)
    return PatientAccess.objects.filter(clinic_id=member.clinic_id).select_related(
        "member__user", "patient", "clinic"
    )


def history(member: Membership, model: type[Model]) -> QuerySet[Any]:
    """Every saved version of one kind of record at the clinic (django-simple-history)."""
    require(member, Permission.AUDIT)
    versions: QuerySet[Any] = getattr(model, "history").filter(  # noqa: B009
        clinic_id=member.clinic_id
    )
    return versions


def signing_keys(member: Membership) -> QuerySet[ClinicKey]:
    """The clinic's passport signing keys, newest first, retired ones included: their public
    halves are published in the clinic's JWKS anyway; the private halves stay sealed."""
    require(member, Permission.VIEW_MEMBERS)
    return (
        ClinicKey.objects.filter(clinic_id=member.clinic_id)
        .select_related("clinic")
        .order_by("-created_at", "-id")
    )


def outcome_reviews(member: Membership) -> QuerySet[OutcomeReview]:
    """Patients' two-week reviews of first sessions, newest first: for the follow-up
    adherence report, beside the follow-ups kept on time."""
    require(member, Permission.VIEW_CLINICAL)
    return (
        OutcomeReview.objects.filter(clinic_id=member.clinic_id)
        .select_related("session__patient", "session__provider__user")
        .order_by("-created_at")
    )


def tokens(user: User) -> QuerySet[ApiToken]:
    """A person's own API tokens, newest first."""
    return ApiToken.objects.filter(user=user).order_by("-created_at")


def calendar_feeds(member: Membership) -> QuerySet[CalendarFeed]:
    """The member's own calendar feeds at their clinic, newest first; nobody sees another's."""
    require(member, Permission.VIEW_SCHEDULE)
    return CalendarFeed.objects.filter(clinic_id=member.clinic_id, member=member).order_by(
        "-created_at", "-id"
    )
