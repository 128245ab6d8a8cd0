"""The signed-in person's invitations: which clinics offer them a role, and their answer."""

import datetime as dt
import uuid
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.invitations import accept_invitation, decline_invitation
from toxfill.web.clinic.api.account import ClinicOut
from toxfill.web.clinic.api.schemas import ERRORS
from toxfill.web.clinic.api.security import AUTH, caller
from toxfill.web.clinic.models import Invitation, Membership

router = Router(tags=["clinic: account"], auth=AUTH)


class MyInvitationOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    clinic: str
    clinic_id: uuid.UUID
    role: str
    invited_by: str
    expires_at: dt.datetime
    licence_type: str
    licence_number: str
    licence_jurisdiction: str
    licence_valid_from: dt.date | None
    licence_expires: dt.date | None
    npi: str

    @staticmethod
    def resolve_clinic(invitation: Invitation) -> str:
        return invitation.clinic.name

    @staticmethod
    def resolve_clinic_id(invitation: Invitation) -> uuid.UUID:
        return invitation.clinic.public_id

    @staticmethod
    def resolve_invited_by(invitation: Invitation) -> str:
        return invitation.invited_by.display_name


@router.get("/invitations", response={200: list[MyInvitationOut], **ERRORS})
def my_invitations(request: HttpRequest) -> object:
    """Invitations waiting for your answer; the licence shown is what joining records."""
    return scoping.invitations_to(caller(request))


@router.post("/invitations/{invitation_id}/accept", response={200: ClinicOut, **ERRORS})
def accept(request: HttpRequest, invitation_id: uuid.UUID) -> Membership:
    """Join the clinic in the role offered, with the licence shown (or, with none shown, the
    licence another clinic verified)."""
    return accept_invitation(caller(request), invitation_id)


@router.post("/invitations/{invitation_id}/decline", response={204: None, **ERRORS})
def decline(request: HttpRequest, invitation_id: uuid.UUID) -> Status[Any]:
    """Say no to an invitation; the clinic's managers see the answer."""
    decline_invitation(caller(request), invitation_id)
    return Status(204, None)
