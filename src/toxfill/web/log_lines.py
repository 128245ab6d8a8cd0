"""Which format the server's log is in (TOXFILL_LOG_FORMAT), and the lines `toxfill serve`
prints before gunicorn and Django take over, in that format (toxfill.web.log_format has the
rest). Apart from log_format so that `serve` stands on nothing above it."""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from typing import TextIO

from toxfill.web.environment import env_choice

FORMATS = ("text", "json")


def log_format() -> str:
    return env_choice("TOXFILL_LOG_FORMAT", "text", FORMATS)


def utc_time(created: float) -> str:
    """A moment as ISO 8601 in UTC, to the millisecond: 2026-12-07T15:44:51.123Z."""
    moment = dt.datetime.fromtimestamp(created, dt.UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def print_line(text: str, level: str = "INFO", stream: TextIO | None = None) -> None:
    """A line `toxfill serve` prints before gunicorn takes over, in the log's format."""
    if log_format() == "json":
        now = utc_time(dt.datetime.now(dt.UTC).timestamp())
        record = {"time": now, "level": level, "logger": "toxfill.serve", "message": text}
        text = json.dumps(record | {"process": os.getpid()}, ensure_ascii=False)
    print(text, file=stream or sys.stdout, flush=True)
