"""Keep patient-link tokens out of the server's access log: `/p/<token>` is written `/p/…`."""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger  # type: ignore[import-untyped]

_TOKENED = re.compile(r"^/p/(?!calendar/)[^/]+$|^/p/calendar/.+$")
PAGES = frozenset(
    {"plan", "report", "review", "leave", "passport.pdf", "passport.fhir.json"}
    | {"passport.smart-health-card"}
)


def redacted(path: str) -> str:
    """The path as the access log may show it: a link's or calendar's secret replaced."""
    if not _TOKENED.match(path) or path.removeprefix("/p/") in PAGES:
        return path
    return "/p/calendar/…" if path.startswith("/p/calendar/") else "/p/…"


class RedactingLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, writing patient-link paths without their secret."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        values = super().atoms(resp, req, environ, request_time)
        values["U"] = redacted(str(values.get("U") or ""))
        values["r"] = redacted_request_line(str(values.get("r") or ""))
        return values


def redacted_request_line(line: str) -> str:
    method, _, rest = line.partition(" ")
    target, _, version = rest.partition(" ")
    return f"{method} {redacted(target.split('?')[0])} {version}".strip()


class NoLinkTokens(logging.Filter):
    """Django's request log names the path of a failed request ("Not Found: /p/<token>"):
    write a patient link's path there without its secret too."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                redacted(arg) if isinstance(arg, str) and arg.startswith("/p/") else arg
                for arg in record.args
            )
        return True
