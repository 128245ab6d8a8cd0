"""The shape of a MedWatch report: Form FDA 3500's sections, each a run of the form's boxes,
each box either filled from the record or marked for the reporter to add."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

# Where the form and its rules are published (cited in the report itself and in the tests).
FORM_INSTRUCTIONS = (
    "https://www.fda.gov/safety/medical-product-safety-information/"
    "instructions-completing-form-fda-3500"
)
SERIOUS_OUTCOMES = (
    "https://www.fda.gov/safety/reporting-serious-problems-fda/what-serious-adverse-event"
)
ONLINE_FORM = "https://www.accessdata.fda.gov/scripts/medwatch/"
TO_ADD = "TO ADD"
"""How every renderer marks what the reporter must add: the same words in text and PDF."""


@dataclass(frozen=True)
class Entry:
    """One box of the form. `value` is what the record says; `to_add` is what the reporter
    must add or check before sending. At least one is given: a box is never silently empty.
    Both are given when the record says part of it (the maker, but not its city)."""

    item: str  # the form's own number ("A1", "B5"), or "" where it is not numbered here
    label: str
    value: str = ""
    to_add: str = ""

    def __post_init__(self) -> None:
        if not self.value.strip() and not self.to_add.strip():
            raise ValueError(f"{self.item} {self.label}: neither a value nor what to add")

    @property
    def heading(self) -> str:
        """The box as the form names it: number first, when it has one."""
        return f"{self.item} {self.label}" if self.item else self.label


@dataclass(frozen=True)
class Group:
    """Boxes that belong together: a product's boxes, or the outcomes' check boxes."""

    title: str  # "" for a section's own boxes
    entries: tuple[Entry, ...]


@dataclass(frozen=True)
class Section:
    letter: str  # "A" to "G", as on the form
    title: str
    groups: tuple[Group, ...]

    @property
    def heading(self) -> str:
        return f"{self.letter}. {self.title}"

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(entry for group in self.groups for entry in group.entries)


@dataclass(frozen=True)
class MedWatchReport:
    """Form FDA 3500 for one adverse event: sections A to G in the form's order, and the
    notes a reader needs first (who prepared it, from what, how to send it)."""

    title: str
    reference: str  # the clinic's own reference: the event's public ID
    prepared_on: dt.date
    notes: tuple[str, ...]
    sections: tuple[Section, ...]

    @property
    def to_add(self) -> tuple[Entry, ...]:
        """Every box the reporter must still add or check."""
        return tuple(e for s in self.sections for e in s.entries if e.to_add)

    def section(self, letter: str) -> Section:
        return next(s for s in self.sections if s.letter == letter)
