"""Response headers that keep health answers private: never stored by a cache, and no
browser feature the site does not use (location, microphone...) available to any page; the
camera only to the clinic's photo page."""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
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


@functools.cache
def site_policy(report_only: bool = False) -> str:
    """The Content-Security-Policy (or its report-only twin) of settings, built once."""
    return build_policy(report_only=report_only)


@receiver(setting_changed)
def _forget_site_policy(setting: str, **kwargs: Any) -> None:
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        site_policy.cache_clear()


# What a view's csp decorators or a template's nonce leave on a response or a request.
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)


class ContentSecurityPolicy(CSPMiddleware):
    """django-csp's middleware with the site's policy built once: django-csp builds it (and
    the report-only one) for every response, about 40 microseconds, though it only changes
    when a view or a template asks for its own. Those still go through django-csp."""

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if getattr(request, "_csp_nonce", None) is not None or any(
            hasattr(response, name) for name in _OWN_POLICY
        ):
            return super().process_response(request, response)
        for header, report_only in ((HEADER, False), (HEADER_REPORT_ONLY, True)):
            policy = site_policy(report_only)
            if policy and header not in response and not _excluded(request, report_only):
                response[header] = policy
        # As django-csp does: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)  # type: ignore[attr-defined]
        return response


def _excluded(request: HttpRequest, report_only: bool) -> bool:
    name = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
    prefixes = (getattr(settings, name, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
    return request.path_info.startswith(tuple(prefixes))


class OneLine(logging.Filter):
    """Log a record as one line, without its traceback: for rejected requests (a bad Host
    header, a body too large), which are expected, not bugs."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        record.stack_info = None
        return True
