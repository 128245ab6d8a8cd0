"""The one exception tree of toxfill.

ToxfillError
├── KnowledgeError        a data file is broken: names the file and the entry
└── InputError            a caller asked for something invalid: names the field
    └── UnknownIdError    an ID that is not in the vocabulary, with the nearest valid IDs
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

ID_MAX_LENGTH = 64
"""The longest ID toxfill accepts; the vocabulary's longest is well under half of it."""

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
"""IDs are lowercase kebab-case: words of letters and digits joined by single hyphens."""

_ID = re.compile(ID_PATTERN)
_SHOWN_LENGTH = ID_MAX_LENGTH + 16


def is_id(value: str) -> bool:
    """Whether `value` is shaped like an ID (it may still be unknown)."""
    return len(value) <= ID_MAX_LENGTH and _ID.match(value) is not None


def shown(value: object) -> str:
    """`value` quoted for a message, cut short so that a huge input never makes a huge error."""
    if isinstance(value, int) and value.bit_length() > 64:  # never written out in full
        return f"a number of about {int(value.bit_length() * 0.30103) + 1} digits"
    if isinstance(value, str | bytes) and len(value) > _SHOWN_LENGTH:
        value = value[:_SHOWN_LENGTH]
        return repr(value) + "…"
    try:
        text = repr(value)
    except ValueError:  # e.g. an integer inside a list too long to write out
        return f"a {type(value).__name__} too large to show"
    return text if len(text) <= _SHOWN_LENGTH else text[:_SHOWN_LENGTH] + "…"


class ToxfillError(Exception):
    """Root of every error toxfill raises on purpose."""


class KnowledgeError(ToxfillError):
    """The knowledge base failed validation; the message names the file and entry."""

    def __init__(self, file: str, entry: str, problem: str) -> None:
        self.file = file
        self.entry = entry
        self.problem = problem
        super().__init__(f"{file}: {entry}: {problem}")


class InputError(ToxfillError):
    """Bad input from a person or a program; the message names the field."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class UnknownIdError(InputError):
    """An ID that is not in the vocabulary of its kind."""

    def __init__(self, field: str, kind: str, value: str, valid: Iterable[str]) -> None:
        self.kind = kind
        self.value = value
        self.valid = sorted(valid)
        self.nearest = nearest_ids(value, self.valid)
        if len(value) > ID_MAX_LENGTH:
            problem = f"{shown(value)} is not an ID: an ID has at most {ID_MAX_LENGTH} characters"
        elif self.nearest:
            problem = f"unknown {kind} {shown(value)}; did you mean {', '.join(self.nearest)}?"
        else:
            problem = f"unknown {kind} {shown(value)}; valid {kind} IDs: {', '.join(self.valid)}"
        super().__init__(field, problem)


def nearest_ids(value: str, valid: Iterable[str], limit: int = 3) -> list[str]:
    """The valid IDs that look most like `value`, best first: similar spelling, or a shared
    word ('blurry-vision' -> 'double-vision', 'vision-change').

    Bounded work: nothing is suggested for a value longer than an ID can be, and the cheap
    upper bounds of the spelling ratio skip candidates that cannot reach the threshold.
    """
    if len(value) > ID_MAX_LENGTH:
        return []
    wanted = value.lower()
    words = {w for w in wanted.replace("_", "-").split("-") if len(w) >= 4}
    scored = []
    matcher = difflib.SequenceMatcher(None, a=wanted)
    for candidate in valid:
        matcher.set_seq2(candidate)
        shared = words & set(candidate.split("-"))
        close = matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6
        if not (close or shared):
            continue
        spelling = matcher.ratio()
        score = max(spelling, 0.75 if shared else 0.0) + (0.01 if wanted in candidate else 0.0)
        if score >= 0.6:
            scored.append((score, spelling, candidate))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return [candidate for _, _, candidate in scored[:limit]]
