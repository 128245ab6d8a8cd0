"""The decision aid in four steps, each a page of its own; the answers travel in the query
string, so going back (or sharing the address) keeps them and nothing is stored on the server.
The core checks IDs and dates; this form only collects and places its errors."""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy

from toxfill.decide import health_questions
from toxfill.errors import InputError
from toxfill.intake import MAX_AGE, Intake, parse_intake
from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import Concern, ConcernKind, OptionKind
from toxfill.render.consultation import SURE_QUESTIONS
from toxfill.web.guide.forms.fields import IdsField, shared_fields

TREATMENT_ROWS = (1, 2)
DATE_FORMAT = "%Y-%m-%d"
# The pages' words are marked for gettext: each is said in the page's language when shown.
DATE_HINT = gettext_lazy("Write it as year-month-day, for example 2026-03-15.")
_DATE_ERROR = gettext_lazy("Enter a real date as year-month-day, for example 2026-03-15.")
HEALTH_ANSWERS = (
    ("yes", gettext_lazy("Yes")),
    ("no", gettext_lazy("No")),
    ("unsure", gettext_lazy("Not sure")),
)
# The same four as the consultation summary's WEIGHT_WORDS, in the page's language.
WEIGHT_WORDS = (
    gettext_lazy("Doesn't matter"),
    gettext_lazy("Matters a little"),
    gettext_lazy("Matters quite a bit"),
    gettext_lazy("Matters a lot"),
)
AREA_WORDS = {
    "upper-face": gettext_lazy("Forehead and temples"),
    "eye-area": gettext_lazy("Around the eyes"),
    "mid-face": gettext_lazy("Cheeks and middle of the face"),
    "lips-and-mouth": gettext_lazy("Lips and mouth"),
    "lower-face": gettext_lazy("Chin and jaw"),
    "whole-face": gettext_lazy("Whole face"),
    "salivary-glands": gettext_lazy("Saliva glands"),
}


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: str | Promise


STEPS = (
    Step(1, "concerns", gettext_lazy("Your concerns")),
    Step(2, "health", gettext_lazy("Your health")),
    Step(3, "matters", gettext_lazy("What matters to you")),
    Step(4, "treatments", gettext_lazy("Recent treatments")),
)
LAST_STEP = len(STEPS)
HEALTH_STEP = 2


def step_of(field: str) -> int:
    """The step that asks a field: age and concerns 1, h-* 2, pref-* 3, t*-* 4."""
    if field in {"age", "concerns", "__all__"}:
        return 1
    if field.startswith("h-") or field == "health":
        return 2
    if field.startswith("pref-"):
        return 3
    return 4


def _answer_key(key: str) -> bool:
    """Keys that carry the person's answers from page to page (not the buttons)."""
    return (
        key in {"age", "concerns", "health", "today", "leaning"}
        or key.startswith(("h-", "pref-", "sure-"))
        or re.fullmatch(r"t\d-(option|product|date)", key) is not None
    )


def answers(data: QueryDict, leave_out: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The answers in `data` as (name, value) pairs, for hidden fields and links."""
    skip = set(leave_out)
    return [
        (key, value)
        for key, values in data.lists()
        if _answer_key(key) and key not in skip
        for value in values
        if value != ""
    ]


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    hint: str
    checked: bool


@dataclass(frozen=True)
class AreaGroup:
    id: str
    label: str | Promise
    choices: list[Choice]


@dataclass(frozen=True)
class KindGroup:
    kind: str
    heading: str | Promise
    areas: list[AreaGroup]
    any_checked: bool


@dataclass(frozen=True)
class Question:
    """A yes / no / not sure question, or a 0-3 scale, as one radio group."""

    name: str
    label: str
    hint: str
    choices: tuple[tuple[str, str | Promise], ...]
    value: str
    errors: list[str]


# One field for every health factor and one for every preference, and the recent treatments'
# rows: the same field objects in every form (shared_fields), never changed once made. A health
# question left blank is "not sure" (see _raw), so none is required.
HEALTH_ANSWER = forms.ChoiceField(
    choices=HEALTH_ANSWERS,
    required=False,
    error_messages={"invalid_choice": gettext_lazy("Choose yes, no or not sure.")},
)
WEIGHT = forms.TypedChoiceField(
    choices=[(str(n), words) for n, words in enumerate(WEIGHT_WORDS)],
    coerce=int,
    required=False,
    error_messages={"invalid_choice": gettext_lazy("Choose 0, 1, 2 or 3.")},
)
TREATMENT_NAME = forms.CharField(required=False)
TREATMENT_DATE = forms.DateField(
    required=False, input_formats=[DATE_FORMAT], error_messages={"invalid": _DATE_ERROR}
)


def _optional(field: forms.Field) -> forms.Field:
    """A copy of `field` that may be left empty (its widget still says it is asked)."""
    optional = copy.deepcopy(field)
    optional.required = False
    return optional


AGE_ERROR = format_lazy(
    gettext_lazy("Enter your age as a whole number from 0 to {most}."), most=MAX_AGE
)


@shared_fields
class DecideForm(forms.Form):
    """All four steps' fields; those after `upto` are not required yet."""

    age = forms.IntegerField(
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "required": gettext_lazy("Enter your age in whole years."),
            "invalid": AGE_ERROR,
            "min_value": AGE_ERROR,
            "max_value": AGE_ERROR,
        },
    )
    concerns = IdsField(error_messages={"required": gettext_lazy("Choose at least one concern.")})
    health = IdsField(required=False)  # yes answers given as a list, e.g. by older links
    today = forms.DateField(
        required=False, input_formats=[DATE_FORMAT], error_messages={"invalid": _DATE_ERROR}
    )

    def __init__(
        self, kb: KnowledgeBase, data: QueryDict | None = None, upto: int = LAST_STEP
    ) -> None:
        super().__init__(data)
        self.kb = kb
        self.upto = upto
        self.asked = (
            health_questions(kb, data.getlist("concerns"), _age(data.get("age")))
            if data is not None
            else []
        )
        if upto < 1:
            self.fields["age"], self.fields["concerns"] = OPTIONAL_AGE, OPTIONAL_CONCERNS
        for factor in kb.health_factors:
            self.fields[f"h-{factor}"] = HEALTH_ANSWER
        for preference in kb.preferences:
            self.fields[f"pref-{preference}"] = WEIGHT
        for n in TREATMENT_ROWS:
            self.fields[f"t{n}-option"] = TREATMENT_NAME
            self.fields[f"t{n}-product"] = TREATMENT_NAME
            self.fields[f"t{n}-date"] = TREATMENT_DATE

    def unanswered(self) -> list[str]:
        """The health questions asked and left blank: each counts as "not sure"."""
        listed = set(self._values("health"))
        return [
            f for f in self.asked if f not in listed and not self.data.get(f"h-{f}", "").strip()
        ]

    def with_the_rest_no(self) -> QueryDict:
        """The answers with every blank health question answered "no": the one-tap "none of
        these apply". A yes or a not sure already given is kept, never overwritten."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        for factor in self.unanswered():
            data[f"h-{factor}"] = "no"
        return data

    # --- parsing ------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.upto < LAST_STEP:
            return cleaned
        for n in TREATMENT_ROWS:
            option, date = cleaned.get(f"t{n}-option"), cleaned.get(f"t{n}-date")
            product = cleaned.get(f"t{n}-product")
            if (date or product) and not option:
                self.add_error(f"t{n}-option", gettext_lazy("Choose which treatment you had."))
            elif option and not date and f"t{n}-date" not in self.errors:
                self.add_error(f"t{n}-date", gettext_lazy("Enter the date of this treatment."))
        return cleaned

    def intake(self) -> Intake | None:
        """The checked intake from the steps so far, or None with each problem added next to
        its field (the core's error names the nearest valid ID)."""
        if not self.is_valid():
            return None
        raw, rows = self._raw()
        try:
            return parse_intake(self.kb, raw)
        except InputError as exc:
            self.add_error(self._field_for(exc.field, rows), exc.problem)
            return None

    def first_error_step(self) -> int:
        return min((step_of(name) for name in self.errors), default=1)

    def error_summary(self) -> list[tuple[str, str]]:
        """Each problem as (the element to jump to, what to fix), a health answer named by its
        question, so a list of them never reads as the same line again and again."""
        items = []
        for name, errors in self.errors.items():
            if name in {"__all__", "today"}:
                anchor = "main"
            elif name in {"concerns", "health"}:
                anchor = f"group-{name}"
            else:
                anchor = f"id_{name}"
            factor = self.kb.health_factors.get(name.removeprefix("h-"))
            for error in errors:
                named = f"{factor.question} {error}" if name.startswith("h-") and factor else error
                items.append((anchor, str(named)))
        return items

    def _raw(self) -> tuple[dict[str, Any], list[int]]:
        data = self.cleaned_data
        yes = list(data.get("health") or [])
        yes += [f for f in self.kb.health_factors if data.get(f"h-{f}") == "yes" and f not in yes]
        # Uncertain is not safe: a question asked and left blank counts as "not sure".
        blank = set(self.unanswered())
        unsure = [
            f
            for f in self.kb.health_factors
            if f not in yes and (data.get(f"h-{f}") == "unsure" or f in blank)
        ]
        rows = [n for n in TREATMENT_ROWS if data.get(f"t{n}-option")] if self.upto >= 4 else []
        raw = {
            "age": data["age"],
            "concerns": data["concerns"],
            "health": yes if self.upto >= 2 else [],
            "health_unsure": unsure if self.upto >= 2 else [],
            "preferences": {
                p: data[f"pref-{p}"]
                for p in self.kb.preferences
                if self.upto >= 3 and data.get(f"pref-{p}") not in (None, "")
            },
            "recent_treatments": [
                {
                    "option": data[f"t{n}-option"],
                    "product": data[f"t{n}-product"] or None,
                    "date": data[f"t{n}-date"],
                }
                for n in rows
            ],
            "today": data.get("today") or timezone.localdate(),
        }
        return raw, rows

    def _field_for(self, name: str, rows: list[int]) -> str | None:
        """The form field behind a core field name, e.g. recent_treatments[0].date -> t1-date."""
        head = re.split(r"[.\[]", name, maxsplit=1)[0]
        if head in {"age", "concerns", "health"}:
            return head
        if head == "health_unsure":
            return "health"
        if head == "preferences":
            field = f"pref-{name.split('.', 1)[-1]}"
            return field if field in self.fields else None
        if match := re.match(r"recent_treatments\[(\d+)\](?:\.(option|product|date))?", name):
            return f"t{rows[int(match[1])]}-{match[2] or 'option'}"
        return None

    # --- what the templates show ------------------------------------------------------

    def value(self, name: str) -> str:
        if not self.is_bound:
            return ""
        value = self.data.get(name, "")
        return str(value)

    def today_value(self) -> str:
        return self.value("today") or timezone.localdate().isoformat()

    def checked_concerns(self) -> str:
        """The ticked concerns the knowledge base knows, in its order: what the concern list
        looks like, so a key for its cached rendering that posted junk cannot multiply."""
        checked = set(self._values("concerns"))
        return ",".join(c for c in self.kb.concerns if c in checked)

    def concern_groups(self) -> list[KindGroup]:
        checked = set(self._values("concerns"))
        groups = []
        for kind in ConcernKind:
            areas: dict[str, list[Concern]] = {}
            for concern in self.kb.concerns.values():
                if concern.kind is kind:
                    areas.setdefault(concern.area, []).append(concern)
            groups.append(
                KindGroup(
                    kind=kind.value,
                    heading=(
                        gettext_lazy("How you look")
                        if kind is ConcernKind.COSMETIC
                        else gettext_lazy("Medical conditions")
                    ),
                    areas=[
                        AreaGroup(
                            id=area,
                            label=AREA_WORDS.get(area) or self._area_label(area),
                            choices=[
                                Choice(c.id, c.label, c.description, c.id in checked)
                                for c in concerns
                            ],
                        )
                        for area, concerns in areas.items()
                    ],
                    any_checked=any(c.id in checked for cs in areas.values() for c in cs),
                )
            )
        return groups

    def _area_label(self, area: str) -> str:
        """The knowledge base's name of an area, in its language (the areas' own words)."""
        known = self.kb.areas.get(area)
        return known.label if known else area.replace("-", " ").capitalize()

    def health_questions(self) -> list[Question]:
        listed = set(self._values("health"))
        return [
            Question(
                name=f"h-{factor.id}",
                label=factor.question,
                hint=factor.description,
                choices=HEALTH_ANSWERS,
                value="yes" if factor.id in listed else self.value(f"h-{factor.id}"),
                errors=self._field_errors(f"h-{factor.id}"),
            )
            for factor in (self.kb.health_factors[f] for f in self.asked)
        ]

    def preference_questions(self) -> list[Question]:
        return [
            Question(
                name=f"pref-{p.id}",
                label=p.label,
                hint=p.description,
                choices=tuple((str(n), words) for n, words in enumerate(WEIGHT_WORDS)),
                value=self.value(f"pref-{p.id}"),
                errors=self._field_errors(f"pref-{p.id}"),
            )
            for p in self.kb.preferences.values()
        ]

    def treatment_rows(self) -> list[dict[str, Any]]:
        options = [o for o in self.kb.options.values() if o.kind is not OptionKind.NONE]
        products = [
            (o.label, [(p.id, p.label) for p in self.kb.products_of(o.id)]) for o in options
        ]
        return [
            {
                "n": n,
                "option": self[f"t{n}-option"],
                "product": self[f"t{n}-product"],
                "date": self[f"t{n}-date"],
                "options": [(o.id, o.label) for o in options],
                "products": [group for group in products if group[1]],
            }
            for n in TREATMENT_ROWS
        ]

    def step_fields(self, step: int) -> list[str]:
        """The names a step's page asks, so its hidden fields leave them out."""
        return [name for name in [*self.fields, "health"] if step_of(name) == step]

    def _field_errors(self, name: str) -> list[str]:
        return [str(e) for e in self.errors.get(name, [])] if self.is_bound else []

    def _values(self, name: str) -> list[str]:
        data = self.data
        return list(data.getlist(name)) if isinstance(data, QueryDict) else []


def _age(value: object) -> int | None:
    """The age from step 1 when it is a usable whole number, to narrow the health questions."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() and int(text) <= MAX_AGE else None


OPTIONAL_AGE = _optional(DecideForm.base_fields["age"])
OPTIONAL_CONCERNS = _optional(DecideForm.base_fields["concerns"])
WEIGHTS = list(enumerate(WEIGHT_WORDS))
SURE = SURE_QUESTIONS
