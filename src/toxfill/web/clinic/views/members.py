"""Who works at the clinic (and who signs in with a second factor); for its managers, the
invitations out, a form to invite someone (who joins only by accepting, signed in), the
switch that requires two-factor sign-in of everyone, the phone number patients call, and the
clinic's emergency plan its team sees on every adverse event."""

from __future__ import annotations

import datetime as dt
import uuid
from urllib.parse import urlencode

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, QueryDict
from django.shortcuts import redirect
from django.urls import reverse

from toxfill.errors import InputError
from toxfill.records.emergency_plan import MAX_CONTACTS
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import factor_reset
from toxfill.web.clinic.actions.browsers import end_member_sessions
from toxfill.web.clinic.actions.clinics import set_clinic_phone, set_emergency_plan
from toxfill.web.clinic.actions.invitations import invite_member, withdraw_invitation
from toxfill.web.clinic.actions.two_factor import set_two_factor_required
from toxfill.web.clinic.idle_sign_out import password_given_lately
from toxfill.web.clinic.models import Membership, Role
from toxfill.web.clinic.models.invitations import LICENCE_FIELDS
from toxfill.web.clinic.roles import Permission, may
from toxfill.web.clinic.views.workspace import page, workspace

FIELDS = {
    "username": "Username",
    "role": "Role",
    "password": "Password",
    "first_name": "First name",
    "last_name": "Last name",
    "licence": "Licence",
    "licence_valid_from": "Licence valid from",
    "licence_expires": "Licence expires",
    "npi": "NPI",
    "invitation": "Invitation",
    "requires_two_factor": "Two-factor sign-in",
    "phone": "Phone number",
    "out_of_hours": "Out of hours",
    "protocol": "Emergency protocol",
    "contacts": "People to call",
    "proof": "How you checked who they are",
}


@workspace
def members(request: HttpRequest, member: Membership) -> HttpResponse:
    return _members_page(request, member)


def _members_page(
    request: HttpRequest,
    member: Membership,
    error: str = "",
    status: int = 200,
    notice: str = "",
) -> HttpResponse:
    manages = may(member, Permission.MANAGE_MEMBERS)
    context = {
        "members": list(
            scoping.with_second_factor(scoping.members(member)).order_by(
                "ended_at", "user__username"
            )
        ),
        "invitations": list(scoping.invitations(member)[:50]) if manages else [],
        "roles": Role.choices,
        "error": error,
        "notice": notice,
        "entered": request.POST if error else {},
        "contact_rows": _contact_rows(member, request.POST if error else None),
    }
    return page(request, member, "clinic/members.html", context, status=status)


@workspace
def invite(request: HttpRequest, member: Membership) -> HttpResponse:
    if request.method != "POST":
        return redirect("clinic:members", clinic=member.clinic.public_id)
    form = request.POST
    try:
        invite_member(
            member,
            username=form.get("username", "").strip(),
            role=form.get("role", ""),
            password=form.get("password", ""),
            email=form.get("email", "").strip(),
            first_name=form.get("first_name", "").strip(),
            last_name=form.get("last_name", "").strip(),
            licence=_licence(form.dict()),
        )
    except InputError as exc:
        problem = f"Not invited: {FIELDS.get(exc.field, exc.field)} {exc.problem}."
        return _members_page(request, member, problem, status=422)
    return redirect("clinic:members", clinic=member.clinic.public_id)


@workspace
def require_two_factor(request: HttpRequest, member: Membership) -> HttpResponse:
    """The manager's switch: everyone at the clinic signs in with a second factor."""
    if request.method == "POST":
        try:
            set_two_factor_required(member, required=request.POST.get("required") == "on")
        except InputError as exc:
            problem = f"Not changed: {FIELDS.get(exc.field, exc.field)}: {exc.problem}."
            return _members_page(request, member, problem, status=422)
    return redirect("clinic:members", clinic=member.clinic.public_id)


@workspace
def clinic_phone(request: HttpRequest, member: Membership) -> HttpResponse:
    """The manager's setting: the number patients call, and the out-of-hours wording."""
    if request.method == "POST":
        try:
            set_clinic_phone(
                member,
                phone=request.POST.get("phone", ""),
                out_of_hours=request.POST.get("out_of_hours", ""),
            )
        except InputError as exc:
            problem = f"Not changed: {FIELDS.get(exc.field, exc.field)}: {exc.problem}."
            return _members_page(request, member, problem, status=422)
    return redirect("clinic:members", clinic=member.clinic.public_id)


@workspace
def emergency_plan(request: HttpRequest, member: Membership) -> HttpResponse:
    """The manager's setting: the clinic's own protocol and the people its team calls."""
    if request.method == "POST":
        form = request.POST
        rows = [
            {"name": form.get(f"contact_name_{n}", ""), "phone": form.get(f"contact_phone_{n}", "")}
            for n in range(1, MAX_CONTACTS + 1)
        ]
        try:
            set_emergency_plan(member, protocol=form.get("protocol", ""), contacts=rows)
        except InputError as exc:
            problem = f"Not changed: {_field_label(exc.field)}: {exc.problem}."
            return _members_page(request, member, problem, status=422)
    return redirect("clinic:members", clinic=member.clinic.public_id)


def _field_label(field: str) -> str:
    """A field as the form labels it: `contacts[2].phone` is "Person 2, phone"."""
    if field.startswith("contacts[") and "]." in field:
        number, part = field.removeprefix("contacts[").split("].", 1)
        return f"Person {number}, {part}"
    return FIELDS.get(field, field)


def _contact_rows(member: Membership, entered: QueryDict | None) -> list[tuple[int, str, str]]:
    """The form's rows (number, name, phone): as entered after a refusal, else as saved, with
    blank rows up to MAX_CONTACTS."""
    if entered is not None:
        return [
            (n, entered.get(f"contact_name_{n}", ""), entered.get(f"contact_phone_{n}", ""))
            for n in range(1, MAX_CONTACTS + 1)
        ]
    saved = [(c.name, c.phone) for c in member.clinic.contacts]
    saved += [("", "")] * (MAX_CONTACTS - len(saved))
    return [(n, name, phone) for n, (name, phone) in enumerate(saved, start=1)]


@workspace
def sign_out_everywhere(
    request: HttpRequest, member: Membership, member_id: uuid.UUID
) -> HttpResponse:
    """The manager's button: a member signed out of every browser (they sign in again)."""
    if request.method == "POST":
        try:
            ended = end_member_sessions(member, member_id)
        except Membership.DoesNotExist:
            raise Http404("no such member") from None
        return _members_page(request, member, notice=f"Signed out of {ended} browser(s).")
    return redirect("clinic:members", clinic=member.clinic.public_id)


@workspace
def reset_second_factor(
    request: HttpRequest, member: Membership, member_id: uuid.UUID
) -> HttpResponseBase:
    """The manager's reset of a colleague's lost second factor, their password given lately
    (as for a change to their own sign-in)."""
    if request.method != "POST":
        return redirect("clinic:members", clinic=member.clinic.public_id)
    if not password_given_lately(request):
        back = reverse("clinic:members", kwargs={"clinic": member.clinic.public_id})
        return redirect(f"{reverse('clinic:confirm-password')}?{urlencode({'next': back})}")
    try:
        reset = factor_reset.reset_second_factor(
            member, member_id, proof=request.POST.get("proof", "")[: factor_reset.MAX_PROOF + 1]
        )
    except Membership.DoesNotExist:
        raise Http404("no such member") from None
    except InputError as exc:
        return _members_page(request, member, f"Not reset: {exc.problem}.", status=422)
    notice = f"Two-factor sign-in reset: {reset.removed} factor(s) removed; they were signed out"
    notice += " and emailed." if reset.emailed else ". They have no email address: tell them."
    return _members_page(request, member, notice=notice)


@workspace
def withdraw(request: HttpRequest, member: Membership, invitation_id: uuid.UUID) -> HttpResponse:
    if request.method == "POST":
        try:
            withdraw_invitation(member, invitation_id)
        except InputError as exc:
            problem = f"Not withdrawn: {exc.problem}."
            return _members_page(request, member, problem, status=422)
    return redirect("clinic:members", clinic=member.clinic.public_id)


def _licence(form: dict[str, str]) -> dict[str, object]:
    """The licence fields filled in; dates as typed in a date input (2026-05-01)."""
    licence: dict[str, object] = {}
    for name in LICENCE_FIELDS:
        given = form.get(name, "").strip()[:100]
        if not given:
            continue
        if name.endswith(("_from", "_expires")):
            try:
                licence[name] = dt.date.fromisoformat(given)
            except ValueError:
                raise InputError(name, "must be a date, e.g. 2027-06-30") from None
        else:
            licence[name] = given
    return licence
