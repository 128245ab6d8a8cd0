"""A signed-in person changes their own password (ASVS 5.0 V6.2.2, V6.2.3): the current one and
the new one twice, the new one checked by the same validators as a first password. Their other
browsers are signed out (Django keys each session to the password it was made with); this one
stays signed in. The change is logged with the person's username and address, never the
password."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.urls import reverse, reverse_lazy
from django.views import View

from toxfill.web.client_address import client_address
from toxfill.web.clinic.actions.browsers import end_other_sessions
from toxfill.web.clinic.views.workspace import signed_in_user

log = logging.getLogger("toxfill.sign_in")


class SignedIn(View):
    """A visitor is sent to the clinic's sign-in page (Django's views would send them to
    LOGIN_URL, which toxfill does not use)."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if signed_in_user(request) is None:
            return redirect_to_login(request.get_full_path(), reverse("clinic:login"))
        return super().dispatch(request, *args, **kwargs)


class ChangePassword(SignedIn, auth_views.PasswordChangeView):
    template_name = "clinic/password_change.html"
    success_url = reverse_lazy("clinic:password-changed")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)  # keeps this session (update_session_auth_hash)
        end_other_sessions(form.user, keep=self.request.session.session_key)
        log.info(
            "password changed: %s from %s",
            self.request.user.get_username(),
            client_address(self.request),
        )
        return response


class PasswordChanged(SignedIn, auth_views.PasswordChangeDoneView):
    template_name = "clinic/password_changed.html"
