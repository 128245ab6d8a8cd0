"""The clinic's members: everyone sees who works there; managers add and change them."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import clinics as actions
from toxfill.web.clinic.api.schemas import ERRORS, PersonName, VersionIn, VoidIn
from toxfill.web.clinic.api.security import AUTH, acting
from toxfill.web.clinic.models import Membership

router = Router(tags=["clinic: members"], auth=AUTH)


class LicenceFields(Schema):
    licence_type: str = Field("", max_length=100, description="e.g. RN, NP, MD")
    licence_number: str = Field("", max_length=100)
    licence_jurisdiction: str = Field("", max_length=100, description="the issuing body")
    licence_valid_from: dt.date | None = None
    licence_expires: dt.date | None = None


class MemberOut(LicenceFields):
    id: uuid.UUID = Field(alias="public_id")
    username: str
    name: str
    role: str
    active: bool
    version: int

    @staticmethod
    def resolve_username(member: Membership) -> str:
        return member.user.get_username()

    @staticmethod
    def resolve_name(member: Membership) -> str:
        return member.user.get_full_name()


class MemberIn(LicenceFields):
    username: str = Field(min_length=1, max_length=150)
    role: str = Field(description="provider, front-desk, manager or auditor")
    email: str = Field("", max_length=254)
    first_name: PersonName = Field("", max_length=150)
    last_name: PersonName = Field("", max_length=150)
    password: str | None = Field(None, max_length=1000, description="for a new account only")


class MemberChange(VersionIn):
    role: str | None = None
    licence_type: str | None = Field(None, max_length=100)
    licence_number: str | None = Field(None, max_length=100)
    licence_jurisdiction: str | None = Field(None, max_length=100)
    licence_valid_from: dt.date | None = None
    licence_expires: dt.date | None = None


@router.get("/{clinic_id}/members", response={200: list[MemberOut], **ERRORS})
def list_members(request: HttpRequest, clinic_id: uuid.UUID) -> object:
    return scoping.members(acting(request, clinic_id)).order_by("user__username")


@router.post("/{clinic_id}/members", response={201: MemberOut, **ERRORS})
def add_member(request: HttpRequest, clinic_id: uuid.UUID, body: MemberIn) -> Status[Any]:
    """Add a person in a role; a new username needs a password for the new account."""
    licence = body.model_dump(include=set(LicenceFields.model_fields), exclude_defaults=True)
    added = actions.add_member(
        acting(request, clinic_id),
        username=body.username,
        role=body.role,
        email=body.email,
        password=body.password,
        first_name=body.first_name,
        last_name=body.last_name,
        licence=licence,
    )
    return Status(201, added)


@router.get("/{clinic_id}/members/{member_id}", response={200: MemberOut, **ERRORS})
def member_detail(request: HttpRequest, clinic_id: uuid.UUID, member_id: uuid.UUID) -> object:
    return scoping.one(scoping.members(acting(request, clinic_id)), member_id, "member")


@router.patch("/{clinic_id}/members/{member_id}", response={200: MemberOut, **ERRORS})
def change_member(
    request: HttpRequest, clinic_id: uuid.UUID, member_id: uuid.UUID, body: MemberChange
) -> Membership:
    """Change a role or licence details; send the version you read."""
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
