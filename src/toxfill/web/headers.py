"""Response headers that keep health answers private: never stored by a cache, and no
browser feature the site does not use (camera, location...) available to any page."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.http import HttpRequest, HttpResponseBase

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
    )
)


class PrivacyHeadersMiddleware:
    """Every response: a Permissions-Policy that turns off every powerful feature, and
    `Cache-Control: no-store` unless the response already says how to cache it.

    Only static files (whose caching whitenoise sets) say so: every page and API answer may
    carry a person's answers (result pages, PDF, iCalendar, SVG, API responses), and a shared
    computer's cache or a proxy must not keep them.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if "Cache-Control" not in response.headers:
            response.headers["Cache-Control"] = "no-store"
        return response


class OneLine(logging.Filter):
    """Log a record as one line, without its traceback: for rejected requests (a bad Host
    header, a body too large), which are expected, not bugs."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
