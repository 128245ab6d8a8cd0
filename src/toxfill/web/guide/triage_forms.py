"""The "I had a treatment and I feel..." form, built from the knowledge base."""

from __future__ import annotations

from typing import Any

from django import forms

from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase
from toxfill.triage import MAX_AGE, MAX_DAYS, Report, parse_report

NOT_SURE = ""


class AnyIds(forms.MultipleChoiceField):
    """Let the core check the IDs, so an unknown one gets the nearest valid IDs, not a shrug."""

    def valid_value(self, value: str) -> bool:
        return True


class TriageForm(forms.Form):
    treatments = AnyIds(
        label="Which treatment did you have?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose the treatment you had (or all of them)."},
    )
    zone = forms.ChoiceField(label="Where on your body was it injected?", required=False)
    days_since = forms.IntegerField(
        label="How many days ago? (0 means today)",
        min_value=0,
        max_value=MAX_DAYS,
        error_messages={
            "required": "Enter how many days ago you had the treatment (0 for today).",
            "invalid": "Enter a whole number of days, like 2.",
            "min_value": "Days cannot be negative: use 0 for today.",
            "max_value": f"Enter a number of days up to {MAX_DAYS}.",
        },
    )
    age = forms.IntegerField(
        label="Age of the person treated (optional)",
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "invalid": "Enter the age as a whole number of years, like 42.",
            "min_value": "Age cannot be negative.",
            "max_value": f"Enter an age up to {MAX_AGE}.",
        },
    )
    pregnant = forms.ChoiceField(
        label="Pregnant now? (optional)",
        required=False,
        choices=[(NOT_SURE, "Not saying"), ("yes", "Yes"), ("no", "No")],
    )
    symptoms = AnyIds(
        label="What do you notice?",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one thing you notice."},
    )

    def __init__(self, kb: KnowledgeBase, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kb = kb
        treatments = [o for o in kb.options.values() if o.administration.injected]
        areas = sorted({c.area for c in kb.concerns.values()})
        self._choices("treatments", [(o.id, o.label) for o in treatments])
        self._choices(
            "zone",
            [(NOT_SURE, "Not sure")] + [(a, a.replace("-", " ").capitalize()) for a in areas],
        )
        self._choices("symptoms", [(s.id, s.label) for s in kb.symptoms.values()])

    def _choices(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def report(self) -> Report | None:
        """The checked report, or None with the errors attached to their fields."""
        if not self.is_valid():
            return None
        treatments = self.cleaned_data["treatments"]
        raw = {
            "treatment": treatments[0],
            "other_treatments": treatments[1:],
            "days_since": self.cleaned_data["days_since"],
            "symptoms": self.cleaned_data["symptoms"],
        }
        if self.cleaned_data["zone"]:
            raw["zone"] = self.cleaned_data["zone"]
        if self.cleaned_data["age"] is not None:
            raw["age"] = self.cleaned_data["age"]
        if self.cleaned_data["pregnant"]:
            raw["pregnant"] = self.cleaned_data["pregnant"] == "yes"
        try:
            return parse_report(self.kb, raw)
        except InputError as exc:
            field = exc.field.split("[")[0].split(".")[0]
            field = {"treatment": "treatments", "other_treatments": "treatments"}.get(field, field)
            self.add_error(field if field in self.fields else None, exc.problem)
            return None

    def symptom_rows(self) -> list[dict[str, Any]]:
        """Each symptom with its plain description, for the checklist."""
        chosen = set(self.data.getlist("symptoms")) if hasattr(self.data, "getlist") else set()
        return [
            {"id": s.id, "label": s.label, "description": s.description, "checked": s.id in chosen}
            for s in self.kb.symptoms.values()
        ]
