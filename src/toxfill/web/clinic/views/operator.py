"""The server operator's page: the clinics on this server, and a form that opens one with its
first manager and shows the manager's one-time link (what `toxfill clinic create` prints).

An operator is an account marked staff (`toxfill clinic operator USERNAME`). They sign in as
anyone does, and always with a second factor: opening a clinic is the widest power on the
server. The page shows clinic names and head counts, never a patient; to anyone else it does
not exist (404)."""

from __future__ import annotations

import functools
from zoneinfo import available_timezones

from django.contrib.auth.views import redirect_to_login
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache

from toxfill.errors import InputError
from toxfill.web.clinic import second_factor
from toxfill.web.clinic.actions.clinics import open_clinic_for_new_manager
from toxfill.web.clinic.first_password import sign_in_link
from toxfill.web.clinic.models import Clinic, Membership
from toxfill.web.clinic.views.workspace import signed_in_user

FIELDS = {
    "name": "Clinic name",
    "time_zone": "Time zone",
    "jurisdiction": "Licensed in",
    "manager": "Manager's username",
    "manager_email": "Manager's e-mail",
}
SHOWN = 500  # clinics listed; a chain larger than this is searched, not scrolled


@functools.cache
def _time_zones() -> list[str]:
    """The IANA zones, read from disk once per process (not on every visit to the page)."""
    return sorted(available_timezones())


@never_cache
def operator(request: HttpRequest) -> HttpResponse:
    user = signed_in_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path(), reverse("clinic:login"))
    if not (user.is_staff and user.is_active):
        raise Http404("no such page")
    if not second_factor.verified(request):
        return second_factor.enrol_first(request)
    context: dict[str, object] = {"fields": FIELDS, "entered": {}}
    status = 200
    if request.method == "POST":
        form = request.POST
        try:
            manager = open_clinic_for_new_manager(
                name=form.get("name", ""),
                time_zone=form.get("time_zone", "").strip() or "UTC",
                jurisdiction=form.get("jurisdiction", "").strip()[:100],
                manager=form.get("manager", ""),
                manager_email=form.get("manager_email", ""),
            )
        except InputError as exc:
            context["error"] = f"{FIELDS.get(exc.field, exc.field)}: {exc.problem}"
            context["error_field"], context["entered"], status = exc.field, form, 422
        else:
            context["opened"] = manager
            context["link"] = sign_in_link(request.build_absolute_uri("/"), manager.user)
    people = (
        Membership.objects.filter(clinic=OuterRef("pk"), ended_at__isnull=True)
        .values("clinic")
        .annotate(n=Count("pk"))
        .values("n")
    )
    context["clinics"] = list(
        Clinic.objects.filter(is_demo=False)
        .annotate(people=Coalesce(Subquery(people, output_field=IntegerField()), 0))
        .order_by("name", "pk")[:SHOWN]
    )
    context["time_zones"] = _time_zones()
    return render(request, "clinic/operator.html", context, status=status)
