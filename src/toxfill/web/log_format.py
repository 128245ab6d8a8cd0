"""The server's log, as text lines (the default) or as JSON lines for a log processor (ASVS 5.0
V16.2.4): TOXFILL_LOG_FORMAT=text or json.

In JSON, every line `toxfill serve` writes is one object: `time` (UTC, ISO 8601), `level`,
`logger`, `message`, and where a request is being answered its `request_id` (also sent to the
visitor as X-Request-ID, so a person reporting a problem can quote it), `method` and `path`,
never its query string (the public pages carry health answers there), and a patient link's
path without its secret. gunicorn's access lines add `status`, `bytes`, `duration_ms` and
`client`. A traceback stays inside its line (`exception`). The standard library writes it:
the format is a dozen fields, not worth a dependency.
"""

from __future__ import annotations

import contextvars
import json
import logging
import uuid
from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse

from toxfill.web.log_lines import utc_time
from toxfill.web.log_shipping import SyslogTarget, syslog_handler
from toxfill.web.patient_link.redact import redacted

REQUEST_ID_HEADER = "X-Request-ID"
# The request being answered in this context: its ID, method and path.
_request: contextvars.ContextVar[tuple[str, str, str] | None] = contextvars.ContextVar(
    "toxfill_request", default=None
)
# Attributes every LogRecord has; anything else was passed as `extra` and is written too.
_STANDARD = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "request"}


class JsonLines(logging.Formatter):
    """One JSON object a line."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": utc_time(record.created),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "process": record.process,
        }
        entry.update(_request_fields(record))
        entry.update({key: value for key, value in record.__dict__.items() if key not in _STANDARD})
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exception"] = record.exc_text
        return json.dumps(entry, default=str, ensure_ascii=False)


def _request_fields(record: logging.LogRecord) -> dict[str, str]:
    current = _request.get()
    if current is not None:
        request_id, method, path = current
        return {"request_id": request_id, "method": method, "path": path}
    request = getattr(record, "request", None)  # Django's request log passes it
    if isinstance(request, HttpRequest):
        fields = {"method": str(request.method), "path": redacted(request.path)}
        if known := getattr(request, "request_id", None):
            fields["request_id"] = str(known)
        return fields
    return {}


class RequestId:
    """Middleware: a fresh ID for each request, on its log lines and in its answer."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request.set((request_id, str(request.method), redacted(request.path)))
        try:
            response = self.get_response(request)
        finally:
            _request.reset(token)
        response[REQUEST_ID_HEADER] = request_id
        return response


def logging_config(log_format: str, syslog: SyslogTarget | None = None) -> dict[str, Any]:
    """Django's LOGGING for `log_format` (text or json), every line also sent to `syslog`."""
    json_lines = log_format == "json"
    formatters: dict[str, Any] = {
        # As gunicorn writes its own lines, so the reminder worker's read alike in one stream.
        "server": {
            "format": "[%(asctime)s] [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "%Y-%m-%d %H:%M:%S %z",
        },
        "plain": {"format": "%(message)s"},
        "json": {"()": "toxfill.web.log_format.JsonLines"},
        "syslog": {"()": "toxfill.web.log_shipping.Tagged", "inner": log_format},
    }
    config: dict[str, Any] = {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "one_line": {"()": "toxfill.web.headers.OneLine"},
            # A patient link's address is its key: never written to a log (/p/… instead).
            "no_link_tokens": {"()": "toxfill.web.patient_link.redact.NoLinkTokens"},
        },
        "formatters": formatters,
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_lines else "plain",
                "filters": ["no_link_tokens"],
            },
            "rejected": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_lines else "plain",
                "filters": ["one_line", "no_link_tokens"],
            },
            "worker": {
                "class": "logging.StreamHandler",
                "formatter": "json" if json_lines else "server",
                "filters": ["no_link_tokens"],
            },
        },
        "root": {"handlers": ["console"], "level": "WARNING"},
        "loggers": {
            # A refused request (bad Host header, body too large) is one line, not a traceback.
            "django.security": {
                "handlers": ["rejected"],
                "level": "WARNING",
                "propagate": False,
            },
            # The reminder worker: Huey's start, stop and task lines (task names and IDs, never
            # arguments) and each reminder's follow-up ID; once each (run_huey adds no handler).
            "huey": {"handlers": ["worker"], "level": "INFO", "propagate": False},
            "toxfill.reminders": {"handlers": ["worker"], "level": "INFO", "propagate": False},
            # toxfill's own lines (a patient's report passed on, a key rotated, workers warmed)
            # name records by ID, never health details: kept from INFO up, through the root's
            # handler.
            "toxfill": {"level": "INFO"},
        },
    }
    if syslog is not None:
        config["handlers"]["syslog"] = syslog_handler(syslog, "syslog")
        for logger in (config["root"], *config["loggers"].values()):
            if "handlers" in logger:
                logger["handlers"].append("syslog")
    return config
