"""The clinic's members: everyone sees who works there; managers invite people and change
their roles. A person joins only by accepting the invitation (api/invitations.py)."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router
from ninja.responses import Status

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import clinics as actions
from toxfill.web.clinic.actions.invitations import invite_member, withdraw_invitation
from toxfill.web.clinic.api.schemas import (
    ERRORS,
    OUTPUT,
    Input,
    PersonName,
    VersionIn,
    VoidIn,
    local,
    one_of,
)
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import Invitation, Membership, Role

router = Router(tags=["clinic: members"], auth=AUTH)


class LicenceFields(Input):
    licence_type: str = Field("", max_length=100, description="e.g. RN, NP, MD")
    licence_number: str = Field("", max_length=100)
    licence_jurisdiction: str = Field("", max_length=100, description="the issuing body")
    licence_valid_from: dt.date | None = None
    licence_expires: dt.date | None = None
    npi: str = Field(
        "",
        max_length=100,
        description="a US provider's National Provider Identifier: ten digits, the last the "
        "CMS check digit",
    )


class MemberOut(LicenceFields):
    model_config = OUTPUT

    id: uuid.UUID = Field(alias="public_id")
    username: str
    name: str
    role: str
    active: bool
    version: int
    licence_verified_here: bool = Field(
        description="false when another clinic verified the licence: only it, or the "
        "holder, changes it"
    )

    @staticmethod
    def resolve_username(member: Membership) -> str:
        return member.user.get_username()

    @staticmethod
    def resolve_licence_verified_here(member: Membership) -> bool:
        return member.licence_verified_at_id in (None, member.clinic_id)

    @staticmethod
    def resolve_name(member: Membership) -> str:
        return member.user.get_full_name()


class MemberIn(LicenceFields):
    username: str = Field(min_length=1, max_length=150)
    role: str = Field(
        description="provider, front-desk, manager or auditor",
        json_schema_extra=one_of(Role.values),
    )
    email: str = Field("", max_length=254)
    first_name: PersonName = Field("", max_length=150)
    last_name: PersonName = Field("", max_length=150)
    password: str | None = Field(
        None,
        max_length=1000,
        description="always required: it becomes the password if the username is new, "
        "and is dropped if the account exists (the answer never says which)",
    )


class InvitationOut(LicenceFields):
    model_config = OUTPUT

    """An invitation as its clinic's managers see it; the licence fields are the proposal
    its holder accepts or not. Nothing in it comes from the person's account but the
    username typed, so it reads the same whether the account was new or not."""

    id: uuid.UUID = Field(alias="public_id")
    username: str
    role: str
    status: str = Field(description="pending, accepted, declined, withdrawn or expired")
    invited_at: str
    expires_at: str
    version: int

    @staticmethod
    def resolve_username(invitation: Invitation) -> str:
        return invitation.user.get_username()

    @staticmethod
    def resolve_invited_at(invitation: Invitation) -> str | None:
        return local(invitation.created_at, invitation.clinic.time_zone)

    @staticmethod
    def resolve_expires_at(invitation: Invitation) -> str | None:
        return local(invitation.expires_at, invitation.clinic.time_zone)


class MemberChange(VersionIn):
    role: str | None = Field(None, json_schema_extra=one_of(Role.values, nullable=True))
    licence_type: str | None = Field(None, max_length=100)
    licence_number: str | None = Field(None, max_length=100)
    licence_jurisdiction: str | None = Field(None, max_length=100)
    licence_valid_from: dt.date | None = None
    licence_expires: dt.date | None = None
    npi: str | None = Field(None, max_length=100, description="blank or null removes it")


@router.get("/{clinic_id}/members", response={200: list[MemberOut], **ERRORS})
def list_members(request: HttpRequest, clinic_id: uuid.UUID) -> object:
    """Everyone who works or worked at the clinic (`active`), by username, with role and
    licence."""
    return scoping.members(acting(request, clinic_id)).order_by("user__username")


@router.post("/{clinic_id}/members", response={201: InvitationOut, **ERRORS})
def add_member(request: HttpRequest, clinic_id: uuid.UUID, body: MemberIn) -> Status[Any]:
    """Invite a person in a role: they join when they accept, signed in. A new username
    becomes an account with `password`; the answer is the same for a username that exists."""
    licence = body.model_dump(include=set(LicenceFields.model_fields), exclude_defaults=True)
    invited = invite_member(
        acting(request, clinic_id),
        username=body.username,
        role=body.role,
        email=body.email,
        password=body.password,
        first_name=body.first_name,
        last_name=body.last_name,
        licence=licence,
    )
    return Status(201, invited)


@router.get("/{clinic_id}/invitations", response={200: list[InvitationOut], **ERRORS})
def list_invitations(request: HttpRequest, clinic_id: uuid.UUID) -> object:
    """The clinic's invitations, newest first, with their answers: for managers."""
    return scoping.invitations(acting(request, clinic_id))


@router.post(
    "/{clinic_id}/invitations/{invitation_id}/withdraw",
    response={200: InvitationOut, **ERRORS},
)
def withdraw(request: HttpRequest, clinic_id: uuid.UUID, invitation_id: uuid.UUID) -> Invitation:
    """Take back a pending invitation."""
    return withdraw_invitation(acting(request, clinic_id), invitation_id)


@router.get("/{clinic_id}/members/{member_id}", response={200: MemberOut, **ERRORS})
def member_detail(request: HttpRequest, clinic_id: uuid.UUID, member_id: uuid.UUID) -> object:
    """One member of the clinic, with role and licence."""
    return scoping.one(scoping.members(acting(request, clinic_id)), member_id, "member")


@router.patch("/{clinic_id}/members/{member_id}", response={200: MemberOut, **ERRORS})
def change_member(
    request: HttpRequest, clinic_id: uuid.UUID, member_id: uuid.UUID, body: MemberChange
) -> Membership:
    """Change a role or licence details; send the version you read. A licence another clinic
    verified (`licence_verified_here` false, or the person's licence elsewhere) is refused:
    422 on `licence`."""
    changes = body.model_dump(exclude={"version"}, exclude_unset=True)
    return actions.update_member(
        acting(request, clinic_id), member_id, version=body.version, changes=changes
    )


@router.post("/{clinic_id}/members/{member_id}/end", response={200: MemberOut, **ERRORS})
def end_member(
    request: HttpRequest, clinic_id: uuid.UUID, member_id: uuid.UUID, body: VoidIn
) -> Membership:
    """The person stops working here; the membership and its history stay."""
    return actions.end_membership(
        acting(request, clinic_id), member_id, version=body.version, reason=body.reason
    )
