"""The ASGI application runs each request's middleware chain and view as one synchronous call,
and answers as Django's test client does."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from asgiref.sync import iscoroutinefunction
from django.test import Client
from tests.web.own_loop import run_in_own_loop

from toxfill.web.asgi import OneThreadASGIHandler, application

pytestmark = pytest.mark.django_db


def test_the_middleware_chain_and_view_middleware_are_synchronous() -> None:
    handler = OneThreadASGIHandler()

    assert not iscoroutinefunction(handler._middleware_chain)
    assert handler._view_middleware  # CSRF's process_view
    assert not any(iscoroutinefunction(method) for method in handler._view_middleware)


def asgi_get(path: str, query: str = "") -> tuple[dict[str, Any], bytes]:
    sent: list[dict[str, Any]] = []
    request = [{"type": "http.request", "body": b"", "more_body": False}]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": query.encode(),
        "root_path": "",
        "headers": [(b"host", b"localhost")],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }

    async def call() -> None:
        answered = asyncio.Event()

        async def receive() -> dict[str, Any]:
            if request:
                return request.pop()
            await answered.wait()
            return {"type": "http.disconnect"}

        async def send(message: dict[str, Any]) -> None:
            sent.append(message)

        await application(scope, receive, send)
        answered.set()

    run_in_own_loop(call)
    return sent[0], b"".join(message.get("body", b"") for message in sent[1:])


@pytest.mark.parametrize(
    ("path", "query"),
    [("/", ""), ("/compare", "options=botulinum-toxin&options=ha-filler"), ("/api/v1/options", "")],
)
def test_a_request_through_the_asgi_application_answers_as_the_test_client(
    client: Client, path: str, query: str
) -> None:
    start, body = asgi_get(path, query)
    expected = client.get(f"{path}?{query}", HTTP_HOST="localhost")

    assert start["status"] == 200
    assert body == expected.content
    headers = {name.decode().lower(): value.decode() for name, value in start["headers"]}
    assert headers["cache-control"] == "no-store"
    assert headers["content-security-policy"] == expected["Content-Security-Policy"]
    assert headers["permissions-policy"] == expected["Permissions-Policy"]
