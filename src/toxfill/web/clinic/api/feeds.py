"""Calendar feeds: each person's own read-only subscription address for the clinic's
follow-ups, made and revoked from a signed-in session; and the manager's setting of whether
calendars name patients."""

import datetime as dt
import uuid
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.responses import Status

from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions import feeds as actions
from toxfill.web.clinic.api.schemas import ERRORS, Input
from toxfill.web.clinic.api.security import AUTH, acting, require_session
from toxfill.web.clinic.auth import feed_address
from toxfill.web.clinic.models import CalendarFeed

router = Router(tags=["clinic: calendar feeds"], auth=AUTH)


class FeedOut(Schema):
    id: uuid.UUID = Field(alias="public_id")
    created_at: dt.datetime
    revoked_at: dt.datetime | None


class NewFeedOut(FeedOut):
    secret: str = Field(description="Shown once: only its digest is kept.")
    url: str = Field(description="The address to subscribe to, with the secret in it.")


class CalendarSettings(Input):
    patient_names: bool = Field(
        description="Whether calendar events name the patient; off unless a manager turns it on"
    )


@router.get("/{clinic_id}/calendar-feeds", response={200: list[FeedOut], **ERRORS})
def my_feeds(request: HttpRequest, clinic_id: uuid.UUID) -> QuerySet[CalendarFeed]:
    """Your own feeds at this clinic, newest first (never their secrets)."""
    return scoping.calendar_feeds(acting(request, clinic_id))


@router.post("/{clinic_id}/calendar-feeds", response={201: NewFeedOut, **ERRORS})
def new_feed(request: HttpRequest, clinic_id: uuid.UUID) -> Status[Any]:
    """A new address for a calendar app to read the clinic's open follow-ups from, and nothing
    else; your previous address stops working. Only from a signed-in session."""
    require_session(request, "calendar feeds")
    feed, secret = actions.create_calendar_feed(acting(request, clinic_id))
    setattr(feed, "secret", secret)  # noqa: B010  shown once, never stored
    setattr(feed, "url", feed_address(request, clinic_id, secret))  # noqa: B010
    return Status(201, feed)


@router.post("/{clinic_id}/calendar-feeds/revoke", response={200: FeedOut, 204: None, **ERRORS})
def revoke_feed(request: HttpRequest, clinic_id: uuid.UUID) -> Status[Any]:
    """Stop your feed at this clinic (204 when there was none). Only from a signed-in session."""
    require_session(request, "calendar feeds")
    feed = actions.revoke_calendar_feed(acting(request, clinic_id))
    return Status(204, None) if feed is None else Status(200, feed)


@router.get("/{clinic_id}/calendar-settings", response={200: CalendarSettings, **ERRORS})
def calendar_settings(request: HttpRequest, clinic_id: uuid.UUID) -> CalendarSettings:
    """Whether the clinic's calendars and feeds name patients."""
    clinic = acting(request, clinic_id).clinic
    return CalendarSettings(patient_names=clinic.calendar_shows_patient_names)


@router.put("/{clinic_id}/calendar-settings", response={200: CalendarSettings, **ERRORS})
def change_calendar_settings(
    request: HttpRequest, clinic_id: uuid.UUID, body: CalendarSettings
) -> CalendarSettings:
    """Managers only; each change is logged and kept in the clinic's history."""
    clinic = actions.set_calendar_patient_names(
        acting(request, clinic_id), shown=body.patient_names
    )
    return CalendarSettings(patient_names=clinic.calendar_shows_patient_names)
