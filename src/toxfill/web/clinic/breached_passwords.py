"""New passwords found in data breaches are refused (ASVS 5.0 V6.2.12), checked against the
corpus the operator names in TOXFILL_BREACHED_PASSWORDS:

    file:/srv/pwned/pwned-passwords-sha1-ordered-by-hash.txt
        Have I Been Pwned's Pwned Passwords, downloaded: one `SHA1:COUNT` line per password,
        upper-case hex, ordered by hash (the whole list, about 40 GB, or any ordered part of
        it). Read by binary search, about 35 one-line reads for the whole list; nothing leaves
        the machine.
    range:https://api.pwnedpasswords.com/range/
        the same list through its k-anonymity range API: only the first five hex digits of the
        password's SHA-1 leave the machine, with padding so the answer's size tells nothing.
        When the service cannot be reached the password is refused for now, saying so: never
        let through unchecked.

Unset, only Django's 20,000 common passwords are refused, and `toxfill serve` says so as it
starts. A validator beside Django's (settings.AUTH_PASSWORD_VALIDATORS): every form that sets a
password (an invitation's, a change, a forgotten one) asks it.
"""

from __future__ import annotations

import hashlib
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError

from toxfill.web.connection_tls import on_this_machine

VARIABLE = "TOXFILL_BREACHED_PASSWORDS"
RANGE_TIMEOUT_SECONDS = 5
HASH_LENGTH = 40


@dataclass(frozen=True)
class Corpus:
    kind: str  # "file" or "range"
    where: str  # the file's path, or the range API's address ending in /

    def __str__(self) -> str:
        return f"the file {self.where}" if self.kind == "file" else f"the range API {self.where}"


def configured_corpus() -> Corpus | None:
    """The corpus TOXFILL_BREACHED_PASSWORDS names, or None; a bad value names the setting."""
    raw = os.environ.get(VARIABLE, "").strip()
    if not raw:
        return None
    kind, _, where = raw.partition(":")
    if kind == "file":
        if not Path(where).is_file():
            raise ImproperlyConfigured(f"{VARIABLE} names no file: {where!r}")
        return Corpus("file", where)
    if kind == "range":
        parts = urlsplit(where)
        if parts.scheme != "https" and not (
            parts.scheme == "http" and on_this_machine(parts.hostname or "")
        ):
            raise ImproperlyConfigured(
                f"{VARIABLE} reaches a range API over https only, e.g. "
                f"range:https://api.pwnedpasswords.com/range/, not {where!r}"
            )
        return Corpus("range", where if where.endswith("/") else where + "/")
    raise ImproperlyConfigured(
        f"{VARIABLE} must be file:/path/to/pwned-passwords-sha1-ordered-by-hash.txt or "
        f"range:https://api.pwnedpasswords.com/range/, not {raw!r}"
    )


def times_breached(password: str, corpus: Corpus) -> int:
    """How many times the corpus saw the password in breaches (0: never). OSError when a
    range API cannot be reached."""
    digest = hashlib.sha1(password.encode("utf-8"), usedforsecurity=False).hexdigest().upper()
    if corpus.kind == "file":
        return count_in_ordered_file(Path(corpus.where), digest)
    return _count_in_range(corpus.where, digest)


def count_in_ordered_file(path: Path, digest: str) -> int:
    """The count on `digest`'s line of a file of `SHA1:COUNT` lines ordered by hash, or 0.
    Binary search on byte offsets: the smallest offset whose next whole line is at or past
    the digest; that line is the digest's, if the file has it."""
    target = digest.encode("ascii")
    with path.open("rb") as lines:
        low, high = 0, lines.seek(0, os.SEEK_END)
        while low < high:
            middle = (low + high) // 2
            if _line_after(lines, middle)[:HASH_LENGTH] >= target:
                high = middle
            else:
                low = middle + 1
        found = _line_after(lines, low)
    if found[:HASH_LENGTH] != target:
        return 0
    count = found[HASH_LENGTH + 1 :].strip()
    return int(count) if count.isdigit() else 1


def _line_after(lines: Any, offset: int) -> bytes:
    """The first whole line starting after `offset` (at it, for offset 0); b"\\xff" past the
    end, which sorts after every hash."""
    lines.seek(offset)
    if offset:
        lines.readline()
    line: bytes = lines.readline()
    return line.upper() if line else b"\xff"


def _count_in_range(base: str, digest: str) -> int:
    request = urllib.request.Request(
        base + digest[:5], headers={"Add-Padding": "true", "User-Agent": "toxfill"}
    )
    with urllib.request.urlopen(request, timeout=RANGE_TIMEOUT_SECONDS) as answer:
        body = answer.read().decode("ascii", "replace")
    for line in body.splitlines():
        suffix, _, count = line.strip().partition(":")
        if suffix.upper() == digest[5:]:
            return int(count) if count.isdigit() else 1  # padding lines count 0
    return 0


class BreachedPasswordValidator:
    """Django's password validator for the corpus in settings.BREACHED_PASSWORDS."""

    def validate(self, password: str, user: Any = None) -> None:
        corpus: Corpus | None = getattr(settings, "BREACHED_PASSWORDS", None)
        if corpus is None:
            return
        try:
            seen = times_breached(password, corpus)
        except (OSError, urllib.error.URLError, ValueError):
            raise ValidationError(
                "The check for passwords found in data breaches cannot be reached just now, "
                "so no new password can be set: try again in a few minutes.",
                code="password_breach_check_unreachable",
            ) from None
        if seen:
            raise ValidationError(
                f"This password has been seen {seen:,} time(s) in data breaches, so people "
                "guessing at accounts try it. Choose another.",
                code="password_breached",
            )

    def get_help_text(self) -> str:
        return "Your password cannot be one found in data breaches."
