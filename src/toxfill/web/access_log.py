"""gunicorn's logs for `toxfill serve`: the visitor's address, no link secrets, and, with
TOXFILL_LOG_FORMAT=json, one JSON object a line (toxfill.web.log_format)."""

from __future__ import annotations

import logging
from typing import Any

from toxfill.web.client_address import client_address_of
from toxfill.web.log_format import JsonLines
from toxfill.web.log_lines import log_format
from toxfill.web.patient_link.redact import RedactingLogger


class AccessLogger(RedactingLogger):
    """Each line names the visitor as the sign-in lockout and the link throttle do: behind a
    trusted reverse proxy, the address it forwarded, not its own (toxfill.web.client_address).
    Patient-link paths are written without their secret (RedactingLogger)."""

    def setup(self, cfg: Any) -> None:
        super().setup(cfg)
        self.json_lines = log_format() == "json"
        if self.json_lines:
            for log in (self.error_log, self.access_log):
                for handler in log.handlers:
                    handler.setFormatter(JsonLines())

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        values = super().atoms(resp, req, environ, request_time)
        values["h"] = client_address_of(environ) or "-"
        return values

    def access(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> None:
        if not self.json_lines:
            super().access(resp, req, environ, request_time)
            return
        if not self.access_log_enabled:
            return
        atoms = self.atoms(resp, req, environ, request_time)
        fields = {
            "method": atoms["m"],
            "path": atoms["U"],  # the path alone: never the query string
            "status": int(atoms["s"]) if str(atoms["s"]).isdigit() else atoms["s"],
            "bytes": atoms["B"],
            "duration_ms": atoms["M"],
            "client": atoms["h"],
        }
        if request_id := atoms.get("{x-request-id}o"):
            fields["request_id"] = request_id
        message = f"{atoms['m']} {atoms['U']} {atoms['s']}"
        self.access_log.log(logging.INFO, "%s", message, extra=fields)
