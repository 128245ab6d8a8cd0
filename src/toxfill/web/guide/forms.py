"""The decision-aid questionnaire, built from the knowledge base; the core checks IDs and dates."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone

from toxfill.errors import InputError
from toxfill.intake import MAX_AGE, Intake, parse_intake
from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import Concern, ConcernKind, OptionKind
from toxfill.render.consultation import WEIGHT_WORDS

TREATMENT_ROWS = (1, 2)
KIND_HEADINGS = {
    ConcernKind.COSMETIC: "How you look (cosmetic concerns)",
    ConcernKind.MEDICAL: "Medical conditions",
}
AREA_WORDS = {
    "upper-face": "Forehead and temples",
    "eye-area": "Around the eyes",
    "mid-face": "Cheeks and middle of the face",
    "lips-and-mouth": "Lips and mouth",
    "lower-face": "Chin and jaw",
    "whole-face": "Whole face",
    "salivary-glands": "Saliva glands",
}
_DATE_ERROR = "Enter a real date, like 2026-03-15."


class IdsField(forms.MultipleChoiceField):
    """Checkbox IDs; the core, not Django, checks they exist, so the error names the nearest."""

    def valid_value(self, value: str) -> bool:
        return True


@dataclass(frozen=True)
class Choice:
    id: str
    label: str
    hint: str
    checked: bool


@dataclass(frozen=True)
class AreaGroup:
    id: str
    label: str
    choices: list[Choice]


@dataclass(frozen=True)
class KindGroup:
    kind: str
    heading: str
    areas: list[AreaGroup]


class DecideForm(forms.Form):
    age = forms.IntegerField(
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "required": "Enter your age in whole years.",
            "invalid": f"Enter your age as a whole number from 0 to {MAX_AGE}.",
            "min_value": f"Enter your age as a whole number from 0 to {MAX_AGE}.",
            "max_value": f"Enter your age as a whole number from 0 to {MAX_AGE}.",
        },
    )
    concerns = IdsField(error_messages={"required": "Choose at least one concern."})
    health = IdsField(required=False)
    today = forms.DateField(required=False, error_messages={"invalid": _DATE_ERROR})

    def __init__(self, kb: KnowledgeBase, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kb = kb
        for preference in kb.preferences:
            self.fields[f"pref-{preference}"] = forms.IntegerField(
                required=False,
                min_value=0,
                max_value=3,
                error_messages=dict.fromkeys(
                    ("invalid", "min_value", "max_value"), "Choose 0, 1, 2 or 3."
                ),
            )
        for n in TREATMENT_ROWS:
            self.fields[f"t{n}-option"] = forms.CharField(required=False)
            self.fields[f"t{n}-product"] = forms.CharField(required=False)
            self.fields[f"t{n}-date"] = forms.DateField(
                required=False, error_messages={"invalid": _DATE_ERROR}
            )

    # --- parsing ------------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        for n in TREATMENT_ROWS:
            option, date = cleaned.get(f"t{n}-option"), cleaned.get(f"t{n}-date")
            product = cleaned.get(f"t{n}-product")
            if (date or product) and not option:
                self.add_error(f"t{n}-option", "Choose which treatment you had.")
            elif option and not date and f"t{n}-date" not in self.errors:
                self.add_error(f"t{n}-date", "Enter the date of this treatment.")
        return cleaned

    def intake(self) -> Intake | None:
        """The checked intake, or None with each problem added next to its field."""
        if not self.is_valid():
            return None
        raw, rows = self._raw()
        try:
            return parse_intake(self.kb, raw)
        except InputError as exc:
            self.add_error(self._field_for(exc.field, rows), exc.problem)
            return None

    def _raw(self) -> tuple[dict[str, Any], list[int]]:
        data = self.cleaned_data
        rows = [n for n in TREATMENT_ROWS if data.get(f"t{n}-option")]
        raw = {
            "age": data["age"],
            "concerns": data["concerns"],
            "health": data["health"],
            "preferences": {
                p: data[f"pref-{p}"]
                for p in self.kb.preferences
                if data.get(f"pref-{p}") is not None
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
        if head == "preferences":
            field = f"pref-{name.split('.', 1)[-1]}"
            return field if field in self.fields else None
        if match := re.match(r"recent_treatments\[(\d+)\](?:\.(option|product|date))?", name):
            return f"t{rows[int(match[1])]}-{match[2] or 'option'}"
        return None

    # --- what the template shows ------------------------------------------------------

    def today_value(self) -> str:
        value = self["today"].value() if self.is_bound else None
        return str(value or timezone.localdate().isoformat())

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
                    heading=KIND_HEADINGS[kind],
                    areas=[
                        AreaGroup(
                            id=area,
                            label=AREA_WORDS.get(area, area.replace("-", " ").capitalize()),
                            choices=[
                                Choice(c.id, c.label, c.description, c.id in checked)
                                for c in concerns
                            ],
                        )
                        for area, concerns in areas.items()
                    ],
                )
            )
        return groups

    def health_choices(self) -> list[Choice]:
        checked = set(self._values("health"))
        return [
            Choice(h.id, h.question, h.description, h.id in checked)
            for h in self.kb.health_factors.values()
        ]

    def preference_rows(self) -> list[dict[str, Any]]:
        rows = []
        for preference in self.kb.preferences.values():
            name = f"pref-{preference.id}"
            value = self[name].value() if self.is_bound else None
            rows.append(
                {
                    "name": name,
                    "label": preference.label,
                    "hint": preference.description,
                    "value": value if value not in (None, "") else 0,
                    "field": self[name],
                }
            )
        return rows

    def treatment_rows(self) -> list[dict[str, Any]]:
        options = [o for o in self.kb.options.values() if o.kind is not OptionKind.NONE]
        products = [
            (o.label, [(p.id, p.label) for p in self.kb.products_of(o.id)]) for o in options
        ]
        rows = []
        for n in TREATMENT_ROWS:
            rows.append(
                {
                    "n": n,
                    "option": self[f"t{n}-option"],
                    "product": self[f"t{n}-product"],
                    "date": self[f"t{n}-date"],
                    "options": [(o.id, o.label) for o in options],
                    "products": [group for group in products if group[1]],
                }
            )
        return rows

    def _values(self, name: str) -> list[str]:
        if not self.is_bound:
            return []
        value = self[name].value()
        return list(value) if isinstance(value, list | tuple) else []


WEIGHTS = list(enumerate(WEIGHT_WORDS))
