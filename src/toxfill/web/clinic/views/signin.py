"""Signing in (the password; views/second_step.py is the second step) and out, and choosing
a clinic when a person works at more than one (or answering the invitations of clinics they
might)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy

from toxfill.web.clinic import scoping, second_factor
from toxfill.web.clinic.auth import CLEAR_SITE_DATA, PasswordChecksBusy
from toxfill.web.clinic.idle_sign_out import signed_out_idle
from toxfill.web.clinic.views.workspace import signed_in_user


class SignIn(auth_views.LoginView):
    """Django's sign-in (django-axes counts the failures), then the clinic picker."""

    template_name = "clinic/signin.html"
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return reverse("clinic:home")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        if self.request.method == "GET":
            context["idle_minutes"] = signed_out_idle(self.request)
        return context

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """The password was right: the second step, when one is due, before signing in."""
        second_step = second_factor.begin(self.request, form.get_user(), self.get_success_url())
        if second_step is not None:
            return redirect(second_step)
        return super().form_valid(form)

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return super().post(request, *args, **kwargs)
        except PasswordChecksBusy:
            # The server is checking as many passwords as it may: come back in a moment.
            context = self.get_context_data(form=AuthenticationForm(request), busy=True)
            response = render(request, self.template_name, context, status=429)
            response["Retry-After"] = str(PasswordChecksBusy.retry_after)
            return response


class SignOut(auth_views.LogoutView):
    next_page = "clinic:login"

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        return response


class SetPassword(auth_views.PasswordResetConfirmView):
    """A clinic's first manager's one-time link (`toxfill-manage open_clinic` prints it):
    Django's password-reset token, which works once (it is keyed to the password it replaces)
    and lapses after PASSWORD_RESET_TIMEOUT. The new password is checked by the validators."""

    template_name = "clinic/set_password.html"
    success_url = reverse_lazy("clinic:login")
    post_reset_login = False


def home(request: HttpRequest) -> HttpResponse:
    """The one clinic's dashboard, or a choice when the person works at several or has
    invitations to answer."""
    user = signed_in_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path(), reverse("clinic:login"))
    clinics = list(scoping.memberships(user))
    invitations = list(scoping.invitations_to(user))
    if len(clinics) == 1 and not invitations:
        return redirect("clinic:dashboard", clinic=clinics[0].clinic.public_id)
    context = {"memberships": clinics, "invitations": invitations}
    return render(request, "clinic/picker.html", context)
