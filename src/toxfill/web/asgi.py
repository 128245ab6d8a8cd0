"""The ASGI application gunicorn serves (see gunicorn_conf), behind a request size guard."""

from __future__ import annotations

import html
import json
import os
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any
from urllib.parse import quote

import django
from asgiref.sync import sync_to_async
from django.conf import settings
from django.core.handlers.asgi import ASGIHandler
from django.http import HttpRequest, HttpResponseBase

from toxfill.documents import MAX_DOCUMENT_BYTES
from toxfill.web.headers import PERMISSIONS_POLICY, site_policy

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[..., Awaitable[None]]

FORM_ALLOWANCE = 64 * 1024
"""Room beside the largest file (a photo, settings.PHOTO_MAX_BYTES) for a form's other fields
and its multipart framing, so that the view, not this guard, refuses a photo just too large."""


def max_body_bytes() -> int:
    """Any request body but the API's (MAX_DOCUMENT_BYTES): a clinic's photo and its form."""
    return int(settings.PHOTO_MAX_BYTES) + FORM_ALLOWANCE


class BodySizeGuard:
    """Refuse an oversized request body before it is read: Django's ASGI handler reads a whole
    body before the view sees it, so its own limit would only answer after the upload. The API
    answers in its JSON error format, a page (a form's post) with an HTML page in words; Django's
    own limits apply beneath (settings)."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        api = scope["path"].startswith("/api/")
        limit = MAX_DOCUMENT_BYTES if api else max_body_bytes()
        declared = dict(scope.get("headers", [])).get(b"content-length", b"0")
        if not declared.isdigit() or int(declared) > limit:
            if api:
                await too_large(send, limit)
            else:
                await page_too_large(send, scope["path"])
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
    await refuse(send, body, b"application/json; charset=utf-8")


async def page_too_large(send: Send, path: str) -> None:
    """A form (a photo, a passport) too large: a page in words, with the way back to it."""
    megabytes = int(settings.PHOTO_MAX_BYTES) // (1024 * 1024)
    back = html.escape(quote(path))
    body = (
        '<!doctype html>\n<html lang="en">\n<head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<title>File too large · toxfill</title></head>\n<body><main>\n"
        "<h1>That file is too large</h1>\n"
        f"<p>Nothing was saved. A photo or other file may be at most {megabytes} MB. "
        "Choose a smaller file, or take the photo again with the camera.</p>\n"
        f'<p><a href="{back}">Go back to the form</a></p>\n</main></body>\n</html>\n'
    ).encode()
    await refuse(send, body, b"text/html; charset=utf-8")


async def refuse(send: Send, body: bytes, content_type: bytes) -> None:
    headers = [
        (b"content-type", content_type),
        (b"content-length", str(len(body)).encode()),
        # What the middleware (PrivacyHeadersMiddleware, CSPMiddleware) give every other answer.
        (b"cache-control", b"no-store"),
        (b"permissions-policy", PERMISSIONS_POLICY.encode()),
        (b"content-security-policy", site_policy().encode()),
        (b"connection", b"close"),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class OneThreadASGIHandler(ASGIHandler):
    """Django's ASGI handler with its middleware chain built as under WSGI: the whole request,
    from the outermost middleware through the view and back, is one call in a thread.

    Every middleware and view of toxfill is synchronous. Built for async, as Django's own
    handler builds it, the chain went from the event loop to a thread, back to the loop for
    the view layer, to a thread for CSRF's `process_view`, and again for the view: three
    round trips more a request, about a quarter of a millisecond of a worker's CPU on every
    page (bench/RESULTS.md, 2026-12-06). Reading the body, the request signals, noticing a
    client that went away and sending the response stay Django's own."""

    def load_middleware(self, is_async: bool = False) -> None:
        super().load_middleware(is_async=False)

    async def get_response_async(self, request: HttpRequest) -> HttpResponseBase:
        return await sync_to_async(self.get_response, thread_sensitive=True)(request)


def get_asgi_application() -> OneThreadASGIHandler:
    """As django.core.asgi.get_asgi_application, with the one-thread handler."""
    django.setup(set_prefix=False)
    return OneThreadASGIHandler()


os.environ.setdefault("DJANGO_SETTINGS_MODULE", "toxfill.web.settings")
application = BodySizeGuard(get_asgi_application())
