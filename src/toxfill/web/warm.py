"""Warm a new worker before it takes visitors: load the knowledge base and render the public
pages once, so templates, URL patterns and lazy imports are ready and no visitor waits for them
(a cold worker's first request took about half a second)."""

from __future__ import annotations

import logging

from django.conf import settings
from django.test import Client

log = logging.getLogger(__name__)

PAGES = ("/", "/compare", "/decide", "/plan", "/after-treatment", "/api/v1/options")
# The translated pages once more in each other language (their fragments are kept per language).
TRANSLATED = {"es": ("/", "/after-treatment", "/compare", "/plan")}


def warm() -> dict[str, int]:
    """Request each public page in-process; return each path's status. Never raises: a page
    that fails here fails again, and is logged, when a visitor asks for it."""
    hosts = [h for h in settings.ALLOWED_HOSTS if h and not h.startswith((".", "*"))]
    client = Client(HTTP_HOST=hosts[0] if hosts else "localhost")
    asked = [(path, path, "en") for path in PAGES]
    asked += [
        (f"{path} [{lang}]", path, lang) for lang, paths in TRANSLATED.items() for path in paths
    ]
    statuses = {}
    for name, path, language in asked:
        try:
            response = client.get(
                path, secure=settings.SECURE_SSL_REDIRECT, HTTP_ACCEPT_LANGUAGE=language
            )
            statuses[name] = response.status_code
        except Exception:  # a broken page must not stop the worker from serving the others
            log.exception("warming %s failed", name)
            statuses[name] = 500
    return statuses
