"""A forgotten password (clinic/forgotten_password.py): Django's password-reset views, asking
by email address from the sign-in page, and setting the new password from the emailed link."""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse_lazy

from toxfill.web.client_address import client_address
from toxfill.web.clinic.actions.browsers import end_other_sessions
from toxfill.web.clinic.forgotten_password import TooManyRequests, accounts_for, spend, tokens

log = logging.getLogger("toxfill.sign_in")


class AskForLinkForm(PasswordResetForm):
    """Django's form, handing the sending to the worker: the request ends as fast whoever the
    address belongs to."""

    def save(self, *, request: HttpRequest, **_: Any) -> None:  # type: ignore[override]
        from toxfill.web.clinic.tasks import email_password_reset_link

        site = request.build_absolute_uri("/")  # the host is one of ALLOWED_HOSTS
        for user_id in accounts_for(self.cleaned_data["email"]):
            email_password_reset_link(user_id, site)


class ForgotPassword(auth_views.PasswordResetView):
    form_class = AskForLinkForm
    template_name = "clinic/forgot_password.html"
    success_url = reverse_lazy("clinic:forgot-password-sent")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        address = client_address(self.request)
        try:
            spend(address, form.cleaned_data["email"])
        except TooManyRequests:
            log.warning("password reset links: too many asked from %s", address)
            context = self.get_context_data(form=form, too_many=True)
            response = render(self.request, self.template_name, context, status=429)
            response["Retry-After"] = str(TooManyRequests.retry_after)
            return response
        log.info("password reset link asked for from %s", address)
        return super().form_valid(form)


class LinkSent(auth_views.PasswordResetDoneView):
    template_name = "clinic/forgot_password_sent.html"


class ResetPassword(auth_views.PasswordResetConfirmView):
    """The emailed link: a new password, checked by the validators; nobody is signed in by
    it, so the next sign-in asks for the second factor as any other does."""

    template_name = "clinic/reset_password.html"
    token_generator = tokens
    success_url = reverse_lazy("clinic:reset-password-done")
    post_reset_login = False

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:  # type: ignore[type-arg]
        response = super().form_valid(form)
        end_other_sessions(form.user, keep=None)
        log.info(
            "password reset by emailed link: %s from %s",
            form.user.get_username(),
            client_address(self.request),
        )
        return response


class PasswordReset(auth_views.PasswordResetCompleteView):
    template_name = "clinic/reset_password_done.html"
