"""gunicorn's access log for `toxfill serve`: the visitor's address, and no link secrets."""

from __future__ import annotations

from typing import Any

from toxfill.web.client_address import client_address_of
from toxfill.web.patient_link.redact import RedactingLogger


class AccessLogger(RedactingLogger):
    """Each line names the visitor as the sign-in lockout and the link throttle do: behind a
    trusted reverse proxy, the address it forwarded, not its own (toxfill.web.client_address).
    Patient-link paths are written without their secret (RedactingLogger)."""

    def atoms(self, resp: Any, req: Any, environ: dict[str, Any], request_time: Any) -> Any:
        values = super().atoms(resp, req, environ, request_time)
        values["h"] = client_address_of(environ) or "-"
        return values
