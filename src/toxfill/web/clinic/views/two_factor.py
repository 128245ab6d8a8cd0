"""A person's Two-factor sign-in page: set up an authenticator app or passkeys, remove them,
make recovery codes. Someone signing in at a clinic that requires a second factor lands here
after their password, and is signed in once they have set one up."""

from __future__ import annotations

import base64
from dataclasses import dataclass
from urllib.parse import urlencode

import segno
from django.contrib.auth import logout
from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from toxfill.errors import InputError
from toxfill.web.clinic import passkeys, second_factor
from toxfill.web.clinic.actions import two_factor as factors
from toxfill.web.clinic.actions.browsers import end_other_sessions, renamed_session
from toxfill.web.clinic.idle_sign_out import password_given_lately
from toxfill.web.clinic.views.second_step import read_json, refused
from toxfill.web.clinic.views.workspace import signed_in_user


@dataclass(frozen=True)
class Owner:
    """Whose factors the page changes: the signed-in person, or one who gave their password
    and must set up a first factor before they are signed in (`signing_in`)."""

    user: User
    signing_in: bool
    next: str


def _owner(request: HttpRequest) -> Owner | HttpResponseBase:
    user = signed_in_user(request)
    if user is not None:
        if second_factor.verified(request) or not second_factor.has_second_factor(user):
            if not password_given_lately(request):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('clinic:confirm-password')}?{query}")
            raw = request.POST.get("next") or request.GET.get("next")
            return Owner(user, False, second_factor.safe_next(request, raw))
        # Factors set up in another session, which this one never showed: changing them
        # takes signing in again, with one of them.
        logout(request)
        return redirect_to_login(request.get_full_path(), reverse("clinic:login"))
    waiting = second_factor.pending(request)
    if waiting is None:
        return redirect_to_login(request.get_full_path(), reverse("clinic:login"))
    if not waiting.enrol:
        return redirect("clinic:second-step")
    return Owner(waiting.user, True, waiting.next)


def _set_up(request: HttpRequest, owner: Owner, how: str) -> str:
    """A first factor (or another) is set up: sign in, or mark this session as having shown
    it; back to the page, which offers recovery codes next."""
    before = request.session.session_key
    if owner.signing_in:
        second_factor.finish(request, owner.user, how)
    else:
        second_factor.mark_verified(request, how)  # a new session key: keep it on the list
        renamed_session(before, request.session.session_key)
    _factors_changed(request, owner)
    return f"{reverse('clinic:two-factor')}?{urlencode({'next': owner.next})}"


@never_cache
@require_http_methods(["GET"])
def two_factor(request: HttpRequest) -> HttpResponseBase:
    owner = _owner(request)
    if not isinstance(owner, Owner):
        return owner
    return _page(request, owner)


def _factors_changed(request: HttpRequest, owner: Owner) -> None:
    """A factor added or removed, or new recovery codes: every other browser the person is
    signed in on is signed out (ASVS V7.4.3), so a session someone else holds cannot outlive
    the change."""
    end_other_sessions(owner.user, keep=request.session.session_key)


def _page(request: HttpRequest, owner: Owner, error: str = "", status: int = 200) -> HttpResponse:
    context = {
        "has": second_factor.factors(owner.user),
        "owner": owner,
        "passkeys_here": passkeys.relying_party(request) is not None,
        "error": error,
    }
    return render(request, "clinic/two_factor.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def authenticator_app(request: HttpRequest) -> HttpResponseBase:
    """The QR code and secret to add to an app, and the code that confirms it."""
    owner = _owner(request)
    if not isinstance(owner, Owner):
        return owner
    try:
        device = factors.start_authenticator_app(owner.user)
    except InputError as exc:
        return _page(request, owner, f"Not set up: {exc.problem}.", 422)
    if request.method == "GET":
        return _app_page(request, owner, device.config_url, device.bin_key)
    try:
        factors.confirm_authenticator_app(owner.user, request.POST.get("code", "")[:40])
    except InputError as exc:
        problem = f"That code {exc.problem}."
        return _app_page(request, owner, device.config_url, device.bin_key, problem, 422)
    return redirect(_set_up(request, owner, "totp"))


def _app_page(
    request: HttpRequest,
    owner: Owner,
    address: str,
    key: bytes,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    secret = base64.b32encode(key).decode().rstrip("=")
    context = {
        "owner": owner,
        "qr": segno.make(address, error="m").svg_data_uri(scale=5, border=2),
        # In groups of four, for typing into an app that cannot scan.
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "error": error,
    }
    return render(request, "clinic/authenticator_app.html", context, status=status)


@never_cache
@require_POST
def remove_app(request: HttpRequest) -> HttpResponseBase:
    owner = _owner(request)
    if not isinstance(owner, Owner):
        return owner
    try:
        factors.remove_authenticator_app(owner.user)
    except InputError as exc:
        return _page(request, owner, f"Not removed: {exc.problem}.", 422)
    _factors_changed(request, owner)
    return redirect("clinic:two-factor")


@never_cache
@require_POST
def remove_passkey(request: HttpRequest) -> HttpResponseBase:
    owner = _owner(request)
    if not isinstance(owner, Owner):
        return owner
    try:
        raw = request.POST.get("passkey", "")
        factors.remove_passkey(owner.user, int(raw) if raw.isdigit() else 0)
    except InputError as exc:
        return _page(request, owner, f"Not removed: {exc.problem}.", 422)
    _factors_changed(request, owner)
    return redirect("clinic:two-factor")


@never_cache
@require_POST
def recovery_codes(request: HttpRequest) -> HttpResponseBase:
    """A new set of recovery codes, shown on this page only: they are not kept readable."""
    owner = _owner(request)
    if not isinstance(owner, Owner):
        return owner
    try:
        codes = factors.make_recovery_codes(owner.user)
    except InputError as exc:
        return _page(request, owner, f"No codes made: {exc.problem}.", 422)
    _factors_changed(request, owner)
    context = {"owner": owner, "codes": codes}
    return render(request, "clinic/recovery_codes.html", context)


@never_cache
@require_POST
def passkey_options(request: HttpRequest) -> HttpResponseBase:
    """The options for navigator.credentials.create() to make a passkey."""
    owner = _owner(request)
    if not isinstance(owner, Owner):
        return refused("sign in first", 401)
    try:
        return JsonResponse({"publicKey": passkeys.registration_options(request, owner.user)})
    except passkeys.PasskeyRefused as exc:
        return refused(str(exc))


@never_cache
@require_POST
def add_passkey(request: HttpRequest) -> HttpResponseBase:
    """Keep the passkey the browser made: {"name": ..., "credential": credential.toJSON()}."""
    owner = _owner(request)
    if not isinstance(owner, Owner):
        return refused("sign in first", 401)
    sent = read_json(request)
    credential = sent.get("credential") if sent is not None else None
    if sent is None or not isinstance(credential, dict):
        return refused("send the new passkey as JSON: {name, credential}")
    try:
        made, counter = passkeys.registered(request, owner.user, credential)
    except passkeys.PasskeyRefused as exc:
        return refused(f"the passkey was not added: {exc}")
    try:
        factors.add_passkey(owner.user, str(sent.get("name") or ""), made, counter)
    except InputError as exc:
        return refused(f"the passkey was not added: {exc.problem}")
    return JsonResponse({"next": _set_up(request, owner, "passkey")})
