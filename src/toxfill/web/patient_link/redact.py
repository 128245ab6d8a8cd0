"""Keep patient-link tokens out of the server's logs: `/p/<token>` is written `/p/…`, however
the path was spelled (a trailing or doubled slash, percent-encoded, in a full URL such as a
Referer). The clinic's one-time password links (a first password, a forgotten one) likewise:
`/clinic/reset-password/…`."""

from __future__ import annotations

import logging
import posixpath
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

_LINK = re.compile(r"^/p(?:/(?P<rest>.*))?$", re.IGNORECASE | re.DOTALL)
_SLASHES = re.compile(r"[/\\]+")
# /clinic/set-password/<uidb64>/<token>/: the token sets a password, once, for days or an hour.
_PASSWORD_LINK = re.compile(
    r"^/clinic/(?P<kind>set|reset)-password/[^/]+/(?!set-password/?$)[^/]+", re.IGNORECASE
)
PAGES = frozenset(
    {"plan", "report", "review", "leave", "passport.pdf", "passport.fhir.json"}
    | {"passport.smart-health-card"}
)


def _as_served(path: str) -> str:
    """The path as a server or browser may take it: percent-decoded (repeatedly: a proxy may
    decode once more), slashes collapsed, dot segments resolved."""
    for _ in range(4):
        decoded = unquote(path)
        if decoded == path:
            break
        path = decoded
    return posixpath.normpath(_SLASHES.sub("/", path))


def redacted(path: str) -> str:
    """The path as a log may show it: a link's or calendar's secret replaced."""
    served = _as_served(path)
    if password_link := _PASSWORD_LINK.match(served):
        return f"/clinic/{password_link['kind'].lower()}-password/…"
    match = _LINK.match(served)
    if match is None:
        return path
    rest = match["rest"] or ""
    if rest.lower().startswith("calendar/"):
        return "/p/calendar/…"
    if rest == "" or rest in PAGES:
        return path
    return "/p/…"


def redacted_url(text: str) -> str:
    """A path or a full URL (a Referer, an absolute request target) without a link's secret;
    a redacted one loses its query too."""
    if "://" not in text:
        path = text.split("?")[0].split("#")[0]
        shown = redacted(path)
        return text if shown == path else shown
    try:
        parts = urlsplit(text)
    except ValueError:
        return text
    shown = redacted(parts.path)
    return text if shown == parts.path else f"{parts.scheme}://{parts.netloc}{shown}"


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, writing patient-link paths without their secret: the path, the
    request line, the Referer, and every request header or environ value a format can name."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        values = super().atoms(resp, req, environ, request_time)
        values["U"] = redacted(str(values.get("U") or ""))
        values["r"] = redacted_request_line(str(values.get("r") or ""))
        values["f"] = redacted_url(str(values.get("f") or "-"))
        for key, value in values.items():
            if key.startswith("{") and key.endswith(("}i", "}e")) and isinstance(value, str):
                values[key] = redacted_url(value)
        return values


def redacted_request_line(line: str) -> str:
    method, _, rest = line.partition(" ")
    target, _, version = rest.partition(" ")
    return f"{method} {redacted_url(target.split('?')[0])} {version}".strip()


class NoLinkTokens(logging.Filter):
    """Django's request log names the path of a failed request ("Not Found: /p/<token>"):
    write a patient link's path there without its secret too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redacted_url(arg) if isinstance(arg, str) else arg for arg in record.args
            )
        return True
