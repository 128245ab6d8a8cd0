"""What the clinic side refuses, beyond bad input (which is toxfill.errors.InputError, a 422).

Each answers in the API's one error format: {"detail": [{"loc", "msg", "type", "nearest"}]}.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.http import Http404

from toxfill.records import Finding


class RecordNotFound(Http404):
    """404. Said the same way for a record that does not exist and for one that belongs to
    another clinic, and never naming any other record."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        super().__init__(f"no such {kind}")


class NotAllowed(PermissionDenied):
    """403: the member's role does not allow this at their clinic."""

    def __init__(self, role: str, what: str) -> None:
        self.role = role
        self.what = what
        super().__init__(f"the {role} role may not {what}")


class TokenScopeTooNarrow(NotAllowed):
    """403: a token with the `read` scope sent a write."""

    def __init__(self, scope: str) -> None:
        PermissionDenied.__init__(
            self,
            f"this token's scope is '{scope}': it may only read; a write needs a token with "
            "the 'read-write' scope",
        )
        self.role = f"{scope} token"
        self.what = "write"


class TokenScopeElsewhere(NotAllowed):
    """403: a token sent to an API its scope does not open: a `fhir-read` token to /api/v1,
    or a `read` or `read-write` token to the FHIR API. A token opens only what its owner
    chose when making it."""

    def __init__(self, scope: str, needed: str, where: str) -> None:
        PermissionDenied.__init__(
            self,
            f"this token's scope is '{scope}', which does not open {where}; that needs a "
            f"token with the {needed} scope",
        )
        self.role = f"{scope} token"
        self.what = f"use {where}"


class SessionRequired(NotAllowed):
    """403: what makes or revokes credentials is done from a signed-in session, never with a
    token, so a stolen token cannot mint itself successors."""

    def __init__(self, what: str) -> None:
        PermissionDenied.__init__(
            self, f"{what} are made and revoked from a signed-in session, never with a token"
        )
        self.role = "token"
        self.what = what


class SecondFactorRequired(NotAllowed):
    """403: the clinic requires two-factor sign-in and this session has not shown a second
    factor (a personal token is not asked for one: it is made from such a session)."""

    def __init__(self) -> None:
        PermissionDenied.__init__(
            self,
            "this clinic requires two-factor sign-in: set up an authenticator app or a passkey "
            "at /clinic/two-factor/, then sign in with it",
        )
        self.role = "session"
        self.what = "open a clinic that requires two-factor sign-in without it"


class StaleWrite(Exception):
    """409: the record changed since the caller read it; nothing was written."""

    def __init__(self, kind: str, expected: int, current: int) -> None:
        self.kind = kind
        self.expected = expected
        self.current = current
        super().__init__(
            f"this {kind} was changed by someone else (version {current}, you sent "
            f"{expected}); reload it and make your change again"
        )


class Busy(Exception):
    """503: the process is already doing as much of this work as it may at once; nothing was
    written. `retry_after` is the seconds to wait before trying again."""

    def __init__(self, what: str, retry_after: int) -> None:
        self.what = what
        self.retry_after = retry_after
        super().__init__(
            f"the server is busy with other {what}; nothing was saved: try again in a few seconds"
        )


class RulesRefused(Exception):
    """422: the clinic rules (toxfill.records) block saving. Each blocking finding becomes a
    field error; its `key` is what a confirmation or a written override answers."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = tuple(findings)
        super().__init__("; ".join(f.text for f in self.findings))
