"""The one exception tree of toxfill.

ToxfillError
├── KnowledgeError        a data file is broken: names the file and the entry
└── InputError            a caller asked for something invalid: names the field
    └── UnknownIdError    an ID that is not in the vocabulary, with the nearest valid IDs
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable


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
        hint = (
            f"did you mean {', '.join(self.nearest)}?"
            if self.nearest
            else f"valid {kind} IDs: {', '.join(self.valid)}"
        )
        super().__init__(field, f"unknown {kind} '{value}'; {hint}")


def nearest_ids(value: str, valid: Iterable[str], limit: int = 3) -> list[str]:
    """The valid IDs that look most like `value`, best first: similar spelling, or a shared
    word ('blurry-vision' -> 'double-vision', 'vision-change')."""
    wanted = value.lower()
    words = {w for w in wanted.replace("_", "-").split("-") if len(w) >= 4}
    scored = []
    for candidate in valid:
        spelling = difflib.SequenceMatcher(None, wanted, candidate).ratio()
        shared = words & set(candidate.split("-"))
        score = max(spelling, 0.75 if shared else 0.0) + (0.01 if wanted in candidate else 0.0)
        if score >= 0.6:
            scored.append((score, spelling, candidate))
    scored.sort(key=lambda item: (-item[0], -item[1], item[2]))
    return [candidate for _, _, candidate in scored[:limit]]
