"""Response headers that keep health answers private: never stored by a cache, and no
browser feature the site does not use (location, microphone...) available to any page; the
camera only to the clinic's photo page."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase

POWERFUL_FEATURES = (
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


def permissions_policy(*allowed: str) -> str:
    """Every powerful feature off, except those `allowed` to this page's own origin."""
    return ", ".join(
        f"{feature}=(self)" if feature in allowed else f"{feature}=()"
        for feature in POWERFUL_FEATURES
    )


PERMISSIONS_POLICY = permissions_policy()
CAMERA_PERMISSIONS_POLICY = permissions_policy("camera")


def allows_camera(view: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """The clinic's photo page takes photos with the device's camera: only it may ask."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        response = view(request, *args, **kwargs)
        response.headers["Permissions-Policy"] = CAMERA_PERMISSIONS_POLICY
        return response

    return wrapped


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
