"""The clinic's refusals in the public API's one error format: {"detail": [field errors]}."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError

from toxfill.web.clinic.errors import Busy, NotAllowed, RecordNotFound, RulesRefused, StaleWrite


def _error(loc: list[str | int], msg: str, error_type: str, **extra: Any) -> dict[str, Any]:
    return {"loc": loc, "msg": msg, "type": error_type, "nearest": [], **extra}


def _location(field: str) -> list[str | int]:
    """'points[2].lot' -> ['body', 'points', 2, 'lot']."""
    parts: list[str | int] = ["body"]
    for name in field.replace("]", "").replace("[", ".").split("."):
        if name:
            parts.append(int(name) if name.isdigit() else name)
    return parts


def answer_errors(api: NinjaAPI) -> None:
    """Register the handlers; each applies only to the clinic's own exceptions."""

    def handler(status: int, build: Callable[[Any], list[dict[str, Any]]]) -> Any:
        def answer(request: HttpRequest, exc: Any) -> HttpResponse:
            return api.create_response(request, {"detail": build(exc)}, status=status)

        return answer

    api.add_exception_handler(
        RecordNotFound,
        handler(404, lambda exc: [_error(["path", exc.kind], str(exc), "not_found")]),
    )
    api.add_exception_handler(
        NotAllowed, handler(403, lambda exc: [_error([], str(exc), "forbidden")])
    )

    def busy(request: HttpRequest, exc: Any) -> HttpResponse:
        detail = [_error([], str(exc), "busy")]
        response = api.create_response(request, {"detail": detail}, status=503)
        response["Retry-After"] = str(exc.retry_after)
        return response

    api.add_exception_handler(Busy, busy)
    api.add_exception_handler(
        StaleWrite,
        handler(409, lambda exc: [_error(["body", "version"], str(exc), "stale_version")]),
    )
    api.add_exception_handler(
        RulesRefused,
        handler(
            422,
            lambda exc: [
                _error(_location(f.field), f.text, f.rule.value, key=f.key, kind=f.kind.value)
                for f in exc.findings
            ],
        ),
    )
    api.add_exception_handler(
        AuthenticationError,
        handler(
            401,
            lambda exc: [
                _error(
                    ["header", "authorization"],
                    "sign in, or send a live personal token (not expired or revoked) as "
                    "'Authorization: Bearer tfx_...'",
                    "unauthorized",
                )
            ],
        ),
    )
