"""The "I had a treatment and I feel unwell" questions, built from the knowledge base.

Step 1 asks the treatment and the danger signs; a yes there is a complete report (the day may be
unknown). Step 2 asks the day and the other symptoms, grouped by where on the body they are.
No treatment ticked, or "Not sure", is never an error: the report names every injected
treatment, so the rules for any of them apply and the safest reading wins.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from toxfill.danger_signs import DANGER_SIGNS, danger_signs_in, danger_symptoms
from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase
from toxfill.triage import MAX_AGE, MAX_DAYS, Report, parse_report
from toxfill.web.guide.forms.fields import IdsField, shared_fields

NOT_SURE = ""
# The treatment box for "I do not know what I had"; the same as ticking none.
NOT_SURE_TREATMENT = "not-sure"

# Where on the body each symptom is felt, for the checklist of step 2; a symptom not named here
# still appears, under "Other". Only the grouping is decided here: urgency is the core's.
BODY_AREAS: tuple[tuple[str, str | Promise, tuple[str, ...]], ...] = (
    (
        "skin",
        _("Where you were treated"),
        (
            "bruising",
            "swelling",
            "redness",
            "tenderness",
            "itching",
            "mild-pain",
            "lumps",
            "asymmetry",
            "severe-pain",
            "skin-blanching",
            "skin-dusky-or-mottled",
            "spreading-redness-warmth",
            "pus-or-drainage",
            "persistent-swelling",
            "delayed-nodule",
        ),
    ),
    (
        "eyes",
        _("Eyes and face"),
        (
            "eyelid-droop",
            "brow-droop",
            "dry-eye",
            "eye-pain",
            "vision-change",
            "double-vision",
            "eyes-not-aligned",
            "difficulty-speaking",
        ),
    ),
    (
        "body",
        _("Head and whole body"),
        ("headache", "fever", "hives", "feeling-faint", "generalized-weakness"),
    ),
    (
        "bladder",
        _("Bladder"),
        ("painful-urination", "urinary-retention", "loss-of-bladder-control"),
    ),
)
# The names people know from the clinic: brand first, the kind after. Others use their label.
SHORT_LABELS: Mapping[str, str | Promise] = {
    "botulinum-toxin": _("Botox or a similar toxin"),
    "ha-filler": _("Juvéderm, Restylane (HA filler)"),
    "caha-filler": _("Radiesse (CaHA filler)"),
    "plla-filler": _("Sculptra (PLLA filler)"),
    "pmma-filler": _("Bellafill (PMMA filler)"),
    "fat-grafting": _("Fat grafting"),
}
SOMETHING_ELSE = "something-else"
# What to change when the core refuses a report, for the pages not in English (the core's own
# message, in English and naming IDs, is shown on the English page).
REFUSED: Mapping[str, str | Promise] = {
    "zone": _("That place is not where this treatment is given: choose another, or Not sure."),
    "treatments": _("Check which treatments you had, or choose Not sure."),
    "symptoms": _("Check what you notice: choose it from the list."),
    "": _("Please check your answers and try again."),
}
# Asked in step 1 for every treatment, each an emergency on its own: not asked again.
ASKED_FIRST = frozenset(
    symptom
    for sign in DANGER_SIGNS
    if not (sign.after or sign.pattern)
    for symptom in sign.symptoms
)


@shared_fields
class TriageForm(forms.Form):
    # Not required: a danger sign answered yes must never wait for the name of a treatment.
    treatments = IdsField(
        label=_("Which treatment did you have?"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    danger = IdsField(label=_("Danger signs"), required=False)
    zone = forms.ChoiceField(label=_("Where on your body was it injected?"), required=False)
    days_since = forms.IntegerField(
        label=_("How many days ago?"),
        required=False,
        min_value=0,
        max_value=MAX_DAYS,
        error_messages={
            "invalid": _("Enter a whole number of days, like 2."),
            "min_value": _("Days cannot be less than 0: use 0 for today."),
            "max_value": _("Enter a number of days up to %(limit_value)s."),
        },
    )
    age = forms.IntegerField(
        label=_("Age of the person treated (optional)"),
        required=False,
        min_value=0,
        max_value=MAX_AGE,
        error_messages={
            "invalid": _("Enter the age as a whole number of years, like 42."),
            "min_value": _("Age cannot be less than 0."),
            "max_value": _("Enter an age up to %(limit_value)s."),
        },
    )
    pregnant = forms.ChoiceField(
        label=_("Pregnant now? (optional)"),
        required=False,
        choices=[(NOT_SURE, _("Not saying")), ("yes", _("Yes")), ("no", _("No"))],
    )
    symptoms = IdsField(label=_("What do you notice?"), required=False)

    def __init__(self, kb: KnowledgeBase, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kb = kb
        self.fields["treatments"], self.fields["zone"] = kb.remember(
            (TriageForm, "choice fields"), lambda: _choice_fields(kb)
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # A danger sign answered yes is a whole report: it must never wait for more answers.
        if not data.get("danger"):
            if data.get("days_since") is None and "days_since" not in self.errors:
                self.add_error("days_since", _("Enter how many days ago you had it (0 for today)."))
            if not data.get("symptoms"):
                self.add_error("symptoms", _("Choose at least one thing you notice."))
        return data

    def report(self) -> Report | None:
        """The checked report, or None with the errors attached to their fields."""
        if not self.is_valid():
            return None
        treatments = [*self.named_treatments(), *self.assumed_treatments()]
        try:
            symptoms = [
                *danger_symptoms(self.cleaned_data["danger"]),
                *self.cleaned_data["symptoms"],
            ]
            raw: dict[str, Any] = {
                "treatment": treatments[0],
                "other_treatments": treatments[1:],
                "days_since": self.cleaned_data["days_since"],
                "symptoms": symptoms,
            }
            if self.cleaned_data["zone"]:
                raw["zone"] = self.cleaned_data["zone"]
            if self.cleaned_data["age"] is not None:
                raw["age"] = self.cleaned_data["age"]
            if self.cleaned_data["pregnant"]:
                raw["pregnant"] = self.cleaned_data["pregnant"] == "yes"
            return parse_report(self.kb, raw)
        except InputError as exc:
            field = exc.field.split("[")[0].split(".")[0]
            field = {"treatment": "treatments", "other_treatments": "treatments"}.get(field, field)
            # The core explains in English, naming IDs: another language gets the field's own
            # plain sentence (what to change), never an English line on its page.
            problem = (
                exc.problem if self.kb.language == "en" else str(REFUSED.get(field, REFUSED[""]))
            )
            self.add_error(field if field in self.fields else None, problem)
            return None

    def named_treatments(self) -> list[str]:
        """The treatments the person ticked, in their order, without "Not sure"."""
        chosen = self.cleaned_data.get("treatments") or []
        return [t for t in dict.fromkeys(chosen) if t != NOT_SURE_TREATMENT]

    def assumed_treatments(self) -> list[str]:
        """The injected treatments the person may have had without naming them: all of them
        when none is ticked or "Not sure" is, else none."""
        chosen = self.cleaned_data.get("treatments") or []
        named = self.named_treatments()
        if named and NOT_SURE_TREATMENT not in chosen:
            return []
        return [t for t in self._injected() if t not in named]

    def _injected(self) -> list[str]:
        return [o.id for o in self.kb.options.values() if o.administration.injected]

    @property
    def from_danger_step(self) -> bool:
        """True when the answers came from step 1 (a danger sign), so errors go back there."""
        return bool(self.data.get("danger")) and not self.data.get("symptoms")

    def chosen(self, name: str) -> set[str]:
        data = self.data
        return set(data.getlist(name)) if hasattr(data, "getlist") else set()

    def treatment_rows(self) -> list[dict[str, Any]]:
        chosen = self.chosen("treatments")
        rows = [
            {"id": o.id, "label": SHORT_LABELS.get(o.id, o.label), "checked": o.id in chosen}
            for o in self.kb.options.values()
            if o.administration.injected
        ]
        not_sure = NOT_SURE_TREATMENT in chosen
        return [*rows, {"id": NOT_SURE_TREATMENT, "label": _("Not sure"), "checked": not_sure}]

    def danger_rows(self) -> list[dict[str, Any]]:
        return [
            {"id": s.id, "question": s.question, "looks_like": s.looks_like}
            for s in danger_signs_in(self.kb.language)
        ]

    def symptom_groups(self) -> list[dict[str, Any]]:
        """The symptoms not asked in step 1, by body area; 'something else' last, on its own."""
        chosen = self.chosen("symptoms")
        symptoms = self.kb.symptoms
        placed = {s for _, _, ids in BODY_AREAS for s in ids}
        other = [s for s in symptoms if s not in placed and s != SOMETHING_ELSE]
        groups = [*BODY_AREAS, ("other", _("Other"), tuple(other))]

        def row(symptom_id: str) -> dict[str, Any]:
            symptom = symptoms[symptom_id]
            return {
                "id": symptom.id,
                "label": symptom.label,
                "description": symptom.description,
                "checked": symptom.id in chosen,
            }

        rows = [
            {
                "id": group_id,
                "heading": heading,
                "symptoms": [row(s) for s in ids if s in symptoms and s not in ASKED_FIRST],
            }
            for group_id, heading, ids in groups
        ]
        if SOMETHING_ELSE in symptoms:
            rows.append(
                {"id": "else", "heading": _("Not on the list"), "symptoms": [row(SOMETHING_ELSE)]}
            )
        return [group for group in rows if group["symptoms"]]

    def error_links(self) -> list[tuple[str, str]]:
        """Each error with the ID of the field to jump to, for the error summary."""
        targets: Mapping[str, str] = {
            "treatments": "group-treatments",
            "symptoms": "group-symptoms",
            "danger": "group-danger",
            "days_since": "id_days_since",
            "age": "id_age",
            "zone": "id_zone",
            "pregnant": "id_pregnant",
        }
        return [
            (targets.get(name, "main"), str(error))
            for name, errors in self.errors.items()
            for error in errors
        ]


def _choice_fields(kb: KnowledgeBase) -> tuple[forms.Field, forms.Field]:
    """The treatment and place fields with the knowledge base's choices: made once for each
    knowledge base, as every form shares them."""
    treatments = copy.deepcopy(TriageForm.base_fields["treatments"])
    assert isinstance(treatments, forms.ChoiceField)
    treatments.choices = [(o.id, o.label) for o in kb.options.values() if o.administration.injected]
    zone = copy.deepcopy(TriageForm.base_fields["zone"])
    assert isinstance(zone, forms.ChoiceField)
    # The places triage reads: the areas, then the charting zones a clinic's record names
    # (a patient link fills one in); the core refuses one that does not fit the treatment.
    zone.choices = (
        [(NOT_SURE, _("Not sure"))]
        + [(a.id, a.label) for a in kb.areas.values()]
        + [(z.id, z.label) for z in kb.zones.values()]
    )
    return treatments, zone
