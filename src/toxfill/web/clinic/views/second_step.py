"""The second step of signing in, after the password: a code from the authenticator app, a
recovery code, or a passkey (second_factor.py says when it is due). django-axes pauses it as it
pauses the password: a wrong code counts as a wrong password."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from toxfill import documents
from toxfill.errors import InputError
from toxfill.web.clinic import passkeys, second_factor
from toxfill.web.clinic.actions.two_factor import check_second_factor_code, note_passkey_used


@never_cache
@require_http_methods(["GET", "POST"])
def second_step(request: HttpRequest) -> HttpResponse:
    waiting = second_factor.pending(request)
    if waiting is None:  # never signed in with a password here, or too long ago
        return redirect("clinic:login")
    if waiting.enrol:
        return redirect("clinic:two-factor")
    if request.method == "GET":
        return _page(request, waiting.user)
    if second_factor.paused(request, waiting.user):
        return _page(request, waiting.user, status=429)  # AxesMiddleware answers it
    how = check_second_factor_code(waiting.user, request.POST.get("code", ""))
    if how is None:
        second_factor.count_failure(request, waiting.user)
        return _page(request, waiting.user, wrong=True, status=422)
    return redirect(second_factor.finish(request, waiting.user, how))


def _page(
    request: HttpRequest, user: User, *, wrong: bool = False, status: int = 200
) -> HttpResponse:
    has = second_factor.factors(user)
    context = {
        "has": has,
        "wrong": wrong,
        "passkeys_here": passkeys.relying_party(request) is not None,
    }
    return render(request, "clinic/second_step.html", context, status=status)


def read_json(request: HttpRequest) -> dict[str, Any] | None:
    """The JSON object a page's script sent, read as toxfill reads every JSON document
    (bounded, strict: documents.read_json), or None for anything else."""
    try:
        body = documents.read_json(request.body, "body")
    except InputError:
        return None
    return body if isinstance(body, dict) else None


def refused(problem: str, status: int = 400) -> JsonResponse:
    return JsonResponse({"error": problem}, status=status)


@never_cache
@require_POST
def passkey_options(request: HttpRequest) -> JsonResponse:
    """The challenge for one of the person's passkeys (navigator.credentials.get)."""
    waiting = second_factor.pending(request)
    if waiting is None or waiting.enrol:
        return refused("sign in with your password first", 401)
    try:
        return JsonResponse({"publicKey": passkeys.sign_in_options(request, waiting.user)})
    except passkeys.PasskeyRefused as exc:
        return refused(str(exc))


@never_cache
@require_POST
def passkey_answer(request: HttpRequest) -> JsonResponse:
    """The passkey's answer: signed in, and where to go next."""
    waiting = second_factor.pending(request)
    if waiting is None or waiting.enrol:
        return refused("sign in with your password first", 401)
    if second_factor.paused(request, waiting.user):
        return refused("sign-in is paused after too many tries", 429)
    credential = read_json(request)
    try:
        if credential is None:
            raise passkeys.PasskeyRefused("send the passkey's answer as JSON")
        passkey, counter = passkeys.signed_in(request, waiting.user, credential)
    except passkeys.PasskeyRefused:
        second_factor.count_failure(request, waiting.user)
        return refused("that passkey did not work: try again, or use a code")
    note_passkey_used(passkey, counter)
    return JsonResponse({"next": second_factor.finish(request, waiting.user, "passkey")})
