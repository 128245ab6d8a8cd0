"""What every workspace page shares: a signed-in person, their membership of the clinic in
the URL (a clinic they do not work at is a 404), and the page's common context."""

from __future__ import annotations

import datetime as dt
import functools
import uuid
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec, cast
from zoneinfo import ZoneInfo

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache

from toxfill.errors import InputError
from toxfill.web.clinic import scoping, second_factor
from toxfill.web.clinic.auth import member_from_session
from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.roles import Permission, may

P = ParamSpec("P")
View = Callable[Concatenate[HttpRequest, Membership, P], HttpResponseBase]


def signed_in_user(request: HttpRequest) -> User | None:
    user = request.user
    return user if isinstance(user, User) and user.is_authenticated else None


def workspace(
    view: View[P],
) -> Callable[Concatenate[HttpRequest, uuid.UUID, P], HttpResponseBase]:
    """Sign-in required (with a second factor where the clinic requires one); the view gets
    the person's membership of the clinic in the URL. Pages of a patient's record are never
    cached by the browser or a proxy."""

    @never_cache
    @functools.wraps(view)
    def wrapped(
        request: HttpRequest, clinic: uuid.UUID, *args: P.args, **kwargs: P.kwargs
    ) -> HttpResponseBase:
        member = member_from_session(request, clinic)
        if member is None:  # not signed in, or not at this clinic: the usual way answers it
            user = signed_in_user(request)
            if user is None:
                return redirect_to_login(request.get_full_path(), reverse("clinic:login"))
            member = scoping.member_of(user, clinic)
        if member.clinic.requires_two_factor and not second_factor.verified(request):
            return second_factor.enrol_first(request)
        with clinic_time(member):
            return view(request, member, *args, **kwargs)

    return cast(Callable[Concatenate[HttpRequest, uuid.UUID, P], HttpResponseBase], wrapped)


def clinic_time(member: Membership) -> timezone.override:
    """Times are stored in UTC and shown in the clinic's time zone: pages and the files they
    send (the API's copies too) are made inside this."""
    return timezone.override(ZoneInfo(member.clinic.time_zone))


def today(member: Membership) -> dt.date:
    """Today in the clinic's time zone."""
    return timezone.now().astimezone(ZoneInfo(member.clinic.time_zone)).date()


def start_of(member: Membership, day: dt.date) -> dt.datetime:
    """The first instant of `day` in the clinic's time zone: filter a time column with
    `>= start_of(...)`, a range the index serves, never a cast of the column to a date."""
    return dt.datetime.combine(day, dt.time(), tzinfo=ZoneInfo(member.clinic.time_zone))


def local(member: Membership, instant: dt.datetime) -> dt.datetime:
    return instant.astimezone(ZoneInfo(member.clinic.time_zone))


def entered_time(member: Membership, raw: str, name: str) -> dt.datetime:
    """A date and time typed in a form (2026-05-01T10:30), in the clinic's time zone."""
    try:
        naive = dt.datetime.fromisoformat(raw)
    except ValueError:
        raise InputError(name, "give the date and time, e.g. 2026-05-01T10:30") from None
    return naive.replace(tzinfo=ZoneInfo(member.clinic.time_zone))


def page(
    request: HttpRequest,
    member: Membership,
    template: str,
    context: dict[str, Any],
    status: int = 200,
) -> HttpResponse:
    """Render a workspace page with the member, their clinic and what their role may see."""
    grants = {p.name.lower(): may(member, p) for p in Permission}
    return render(
        request,
        template,
        {"member": member, "clinic": member.clinic, "can": grants, **context},
        status=status,
    )
