"""The `Idempotency-Key` header on every clinic API write: a client that never got the
answer to a write sends it again with the same key, and gets the first answer back instead
of a second write.

Two router-wide decorators do it, so no operation handles the header itself: `once` wraps
ninja's whole handling of a write in one transaction and stores the answer; `claimed`
runs after authentication, so it knows whose key it is, and claims the key before the
operation writes (or answers from the earlier request).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.contrib.auth.models import User
from django.core.exceptions import RequestDataTooBig
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from ninja import Router

from toxfill.web.clinic.actions.idempotency import KEPT_FOR, claim_idempotency_key, keep_answer
from toxfill.web.clinic.api.security import acting
from toxfill.web.clinic.models import IdempotentRequest

HEADER = "Idempotency-Key"
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
# Visible ASCII and the space: what a header carries unchanged through proxies.
VALID_KEY = re.compile(r"[\x20-\x7e]{1,255}")
SECRET = "_answer_shown_once"

F = TypeVar("F", bound=Callable[..., Any])


def answer_shown_once(view: F) -> F:
    """Mark an operation whose answer holds a secret shown once (a token, a link): its
    answer is not stored, so a retry is told the write was done, not shown the secret."""
    setattr(view, SECRET, True)
    return view


@dataclass
class _Keyed:
    key: str
    digest: str
    claim: IdempotentRequest | None = None
    secret: bool = False


def _refusal(status: int, problem: str, error_type: str) -> JsonResponse:
    error = {"loc": ["header", HEADER], "msg": problem, "type": error_type, "nearest": []}
    return JsonResponse({"detail": [error]}, status=status)


def _digest(request: HttpRequest) -> str:
    request_line = f"{request.method} {request.get_full_path()}\n".encode()
    return hashlib.sha256(request_line + request.body).hexdigest()


def once(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """Around ninja's handling of a request: a keyed write is one transaction with its
    claim, and its answer is stored; an error answer is rolled back with the claim."""

    @functools.wraps(run)
    def run_once(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        key = request.headers.get(HEADER)
        if key is None or request.method not in WRITES:
            return run(request, *args, **kwargs)
        if not VALID_KEY.fullmatch(key):
            problem = "must be 1 to 255 printable characters (letters, digits, - _ . etc.)"
            return _refusal(422, problem, "invalid_idempotency_key")
        try:
            digest = _digest(request)
        except RequestDataTooBig:  # ninja refuses it in the API's one error format (413)
            return run(request, *args, **kwargs)
        keyed = _Keyed(key, digest)
        setattr(request, "idempotency", keyed)  # noqa: B010  read by `claimed`
        with transaction.atomic():
            response = run(request, *args, **kwargs)
            if keyed.claim is None:  # answered from an earlier request, or by no one's key
                return response
            if not 200 <= response.status_code < 300 or not isinstance(response, HttpResponse):
                transaction.set_rollback(True)  # nothing was written: the key stays free
                return response
            keep_answer(
                keyed.claim,
                response.status_code,
                response.get("Content-Type", ""),
                response.content,
                secret=keyed.secret,
            )
        return response

    return run_once


def claimed(view: Callable[..., Any]) -> Callable[..., Any]:
    """Before the operation, once the caller is known: claim the key, or answer as before."""
    secret = getattr(view, SECRET, False)

    @functools.wraps(view)
    def claiming(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        keyed: _Keyed | None = getattr(request, "idempotency", None)
        user = getattr(request, "auth", None)
        if keyed is None or not isinstance(user, User):
            return view(request, *args, **kwargs)  # signing in: there is no one's key yet
        earlier, claimed_now = claim_idempotency_key(user, keyed.key, keyed.digest)
        if claimed_now:
            keyed.claim, keyed.secret = earlier, secret
            return view(request, *args, **kwargs)
        if "clinic_id" in kwargs:  # a replay is still a request to the clinic: 404 once left
            acting(request, kwargs["clinic_id"])
        return _answer_again(earlier, keyed)

    return claiming


def _answer_again(earlier: IdempotentRequest, keyed: _Keyed) -> HttpResponse:
    hours = int(KEPT_FOR.total_seconds() // 3600)
    if earlier.digest != keyed.digest:
        problem = (
            f"was used for a different request in the last {hours} hours: use a new key for "
            "a new request, the same key only to send the same request again"
        )
        return _refusal(422, problem, "idempotency_key_reused")
    if not earlier.answer_kept:
        problem = (
            "this request was done; its answer held a secret shown only once, which is not "
            "kept: revoke what it made and make another"
        )
        return _refusal(409, problem, "answer_not_kept")
    answer = HttpResponse(
        bytes(earlier.body), status=earlier.status, content_type=earlier.content_type
    )
    answer["Idempotent-Replayed"] = "true"
    return answer


def honour_idempotency_keys(router: Router) -> None:
    """Every write under the router honours `Idempotency-Key`. Ninja's modes are named the
    other way round: "view" wraps the whole handling, "operation" the view function."""
    router.add_decorator(once, mode="view")
    router.add_decorator(claimed, mode="operation")


def document_idempotency_keys(schema: Any) -> Any:
    """The OpenAPI document with the header on every clinic write that someone signed in
    sends (signing in itself has no one's key), and the answers the header can bring: 422
    for a malformed or reused key, 409 for a key whose answer was not kept; in place."""
    header = {
        "name": HEADER,
        "in": "header",
        "required": False,
        "description": "Any 1 to 255 printable characters, new for each write: sent again with "
        f"the same request within {int(KEPT_FOR.total_seconds() // 3600)} hours, the first "
        "answer comes back (with `Idempotent-Replayed: true`) and nothing is written again; "
        "with a different request it is a 422.",
        "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": r"^[ -~]+$"},
    }
    for path, operations in schema["paths"].items():
        if not path.startswith("/api/v1/clinic/"):
            continue
        for method, operation in operations.items():
            if method.upper() in WRITES and operation.get("security"):
                operation.setdefault("parameters", []).append(header)
                answers = operation["responses"]  # keyed by number, as ninja writes them
                for status, what in KEY_REFUSALS.items():
                    answers.setdefault(status, _error_answer(what))
    return schema


KEY_REFUSALS = {
    409: "The answer to this key's first request was not kept (it held a secret)",
    422: "Bad input, or an Idempotency-Key that is malformed or was sent with another request",
}


def _error_answer(description: str) -> dict[str, Any]:
    schema = {"$ref": "#/components/schemas/ErrorOut"}
    return {"description": description, "content": {"application/json": {"schema": schema}}}
