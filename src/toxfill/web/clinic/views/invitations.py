"""The signed-in person's answer to an invitation, from the start page's buttons."""

from __future__ import annotations

import uuid

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from toxfill.web.clinic.actions.invitations import accept_invitation, decline_invitation
from toxfill.web.clinic.views.workspace import signed_in_user


@require_POST
def accept(request: HttpRequest, invitation_id: uuid.UUID) -> HttpResponse:
    """Join the clinic, then go to its dashboard."""
    user = signed_in_user(request)
    if user is None:
        return redirect_to_login(reverse("clinic:home"), reverse("clinic:login"))
    joined = accept_invitation(user, invitation_id)
    return redirect("clinic:dashboard", clinic=joined.clinic.public_id)


@require_POST
def decline(request: HttpRequest, invitation_id: uuid.UUID) -> HttpResponse:
    user = signed_in_user(request)
    if user is None:
        return redirect_to_login(reverse("clinic:home"), reverse("clinic:login"))
    decline_invitation(user, invitation_id)
    return redirect("clinic:home")
