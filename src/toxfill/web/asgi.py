"""The ASGI application gunicorn serves (see gunicorn_conf), behind a request size guard."""

from __future__ import annotations

import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from csp.utils import build_policy
from django.core.asgi import get_asgi_application

from toxfill.documents import MAX_DOCUMENT_BYTES
from toxfill.web.headers import PERMISSIONS_POLICY

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[..., Awaitable[None]]

MAX_BODY_BYTES = 10 * 1024 * 1024
"""Any request body (a clinic's file upload included); the API's limit is MAX_DOCUMENT_BYTES."""


class BodySizeGuard:
    """Refuse an oversized request body before it is read: Django's ASGI handler reads a whole
    body before the view sees it, so its own limit would only answer after the upload. The API
    answers in its JSON error format; Django's own limits apply beneath (settings)."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = MAX_DOCUMENT_BYTES if scope["path"].startswith("/api/") else MAX_BODY_BYTES
        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > limit:
            await too_large(send, limit)
            return
        received = 0

        async def bounded_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:  # a chunked body has no declared length: count it
                return {"type": "http.disconnect"}
            return message

        await self.app(scope, bounded_receive, send)


async def too_large(send: Send, limit: int) -> None:
    problem = f"is larger than {limit // 1024} KB"
    error = {"loc": ["body"], "msg": problem, "type": "too_large", "nearest": []}
    body = json.dumps({"detail": [error]}).encode()
    headers = [
        (b"content-type", b"application/json; charset=utf-8"),
        (b"content-length", str(len(body)).encode()),
        # What the middleware (PrivacyHeadersMiddleware, CSPMiddleware) give every other answer.
        (b"cache-control", b"no-store"),
        (b"permissions-policy", PERMISSIONS_POLICY.encode()),
        (b"content-security-policy", build_policy().encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
application = BodySizeGuard(get_asgi_application())
