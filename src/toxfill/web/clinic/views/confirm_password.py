"""Your password again, before a change to how you sign in (ASVS 5.0 V7.5.1): a signed-in
browser left open cannot add its holder's authenticator app or passkey, remove the owner's, or
print new recovery codes, without the password given in the last ten minutes. Wrong passwords
count towards django-axes' pauses, as at sign-in."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from toxfill.web.clinic import second_factor
from toxfill.web.clinic.auth import PasswordChecksBusy
from toxfill.web.clinic.idle_sign_out import note_signed_in
from toxfill.web.clinic.views.workspace import signed_in_user


@never_cache
@require_http_methods(["GET", "POST"])
def confirm_password(request: HttpRequest) -> HttpResponseBase:
    user = signed_in_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path(), reverse("clinic:login"))
    raw_next = request.POST.get("next") or request.GET.get("next")
    next_url = second_factor.safe_next(request, raw_next)
    context: dict[str, object] = {"next": next_url}
    status = 200
    if request.method == "POST":
        try:
            given = authenticate(
                request, username=user.get_username(), password=request.POST.get("password", "")
            )
        except PasswordChecksBusy:
            context["busy"], status = True, 429
        else:
            if given is not None and given.pk == user.pk:
                note_signed_in(request.session)
                return redirect(next_url)
            context["wrong"], status = True, 422
    return render(request, "clinic/confirm_password.html", context, status=status)
