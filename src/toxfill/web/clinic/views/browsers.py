"""Where you are signed in: each browser with when it signed in, when it was last used and
from where, this one marked; one button signs out all the others."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from toxfill.web.clinic.actions.browsers import end_other_sessions, signed_in_browsers
from toxfill.web.clinic.views.workspace import signed_in_user


@never_cache
@require_http_methods(["GET", "POST"])
def browsers(request: HttpRequest) -> HttpResponseBase:
    user = signed_in_user(request)
    if user is None:
        return redirect_to_login(request.get_full_path(), reverse("clinic:login"))
    here = request.session.session_key
    if request.method == "POST":
        ended = end_other_sessions(user, keep=here)
        return redirect(f"{reverse('clinic:browsers')}?ended={ended}")
    ended_now = request.GET.get("ended", "")
    context = {
        "browsers": list(signed_in_browsers(user)),
        "here": here,
        "ended": int(ended_now) if ended_now.isdigit() else None,
    }
    return render(request, "clinic/browsers.html", context)
