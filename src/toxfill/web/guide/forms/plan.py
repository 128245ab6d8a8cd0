"""The care-planner form: treatments as option:concern pairs, so decision results can link here."""

from __future__ import annotations

import hashlib
import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase
from toxfill.plan import MAX_HORIZON_MONTHS, PlanRequest, parse_plan_request, plannable_uses
from toxfill.render.ics import MAX_REVISION, CalendarIdentity

MAX_ROWS = 4
SEPARATOR = ":"
# What to change in a field the core refuses, said in the page's own words on a page that is
# not English (the core explains in English).
PROBLEMS = {
    "start": gettext_lazy("Enter a first visit within 5 years of today."),
    "horizon_months": gettext_lazy("Plan for 1 to 120 months."),
}


def _english() -> bool:
    return (get_language() or "en") == "en"


class CalendarIdentityForm(forms.Form):
    """Which calendar events the plan's .ics file updates: carried in the page's links, so a
    plan downloaded again, changed, replaces its events in the person's calendar app."""

    plan = forms.UUIDField(
        required=False,
        error_messages={"invalid": "plan must be the plan's calendar ID, as its links carry it."},
    )
    rev = forms.IntegerField(
        required=False,
        min_value=0,
        max_value=MAX_REVISION,
        error_messages={"invalid": f"rev must be a whole number from 0 to {MAX_REVISION}."},
    )
    was = forms.RegexField(
        required=False,
        regex=r"^[0-9a-f]{16}$",
        error_messages={"invalid": "was must be the 16 hex digits the plan's links carry."},
    )


class PlanForm(CalendarIdentityForm):
    start = forms.DateField(
        label=gettext_lazy("First visit"),
        input_formats=["%Y-%m-%d"],  # the one format its hint shows
        error_messages={
            "required": gettext_lazy("Enter the date of the first visit."),
            "invalid": gettext_lazy("Enter a real date as year-month-day, for example 2026-12-01."),
        },
    )
    horizon_months = forms.IntegerField(
        label=gettext_lazy("Plan ahead for (months)"),
        min_value=1,
        max_value=MAX_HORIZON_MONTHS,
        error_messages={
            "required": gettext_lazy("Enter how many months to plan for."),
            "invalid": gettext_lazy("Enter a whole number of months, like 24."),
            "min_value": gettext_lazy("Plan for at least 1 month."),
            "max_value": gettext_lazy("Plan for at most %(limit_value)s months (10 years)."),
        },
    )

    def __init__(self, kb: KnowledgeBase, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kb = kb
        self.fields["start"].initial = timezone.localdate()
        self.fields["horizon_months"].initial = 24
        self.treatment_error = ""
        self.error_row = 0  # the menu the treatment error is about, counted from 1

    def pairs(self) -> list[tuple[str, str]]:
        """Every approved cosmetic (option, concern) pair, labelled, for the treatment menus."""
        return self._pairs(off_label=False)

    def off_label_pairs(self) -> list[tuple[str, str]]:
        """Known off-label cosmetic uses: planned, and marked off-label in the plan."""
        return self._pairs(off_label=True)

    def _pairs(self, off_label: bool) -> list[tuple[str, str]]:
        pairs = [
            (
                f"{option}{SEPARATOR}{concern}",
                f"{self.kb.options[option].label}: {self.kb.concerns[concern].label}",
            )
            for option, concern, is_off_label in plannable_uses(self.kb)
            if is_off_label is off_label
        ]
        return sorted(pairs, key=lambda item: item[1])

    def chosen(self) -> list[str]:
        values = self.data.getlist("treatment") if hasattr(self.data, "getlist") else []
        return [v for v in values if v][:MAX_ROWS]

    def rows(self) -> list[str]:
        """The selected pair for each menu, padded with empty menus."""
        chosen = self.chosen()
        return chosen + [""] * (MAX_ROWS - len(chosen))

    def request(self) -> PlanRequest | None:
        valid = self.is_valid()
        treatments = []
        for value in self.chosen():
            option, _separator, concern = value.partition(SEPARATOR)
            treatments.append({"option": option, "concern": concern})
        if not treatments:
            self.treatment_error = _("Choose at least one treatment to plan.")
            return None
        if not valid:
            return None
        raw = {
            "start": self.cleaned_data["start"].isoformat(),
            "horizon_months": self.cleaned_data["horizon_months"],
            "treatments": treatments,
        }
        try:
            return parse_plan_request(self.kb, raw)
        except InputError as exc:
            field = exc.field.split("[")[0].split(".")[0]
            if field in self.fields:
                said = exc.problem if _english() else PROBLEMS.get(field, exc.problem)
                self.add_error(field, said)
            else:
                row = exc.field.partition("[")[2].partition("]")[0]
                self.error_row = int(row) + 1 if row.isdigit() else 1
                # The core explains in English; a page in another language says what to change.
                problem = exc.problem if _english() else _("choose it again from the list")
                self.treatment_error = _("Treatment %(row)s: %(problem)s.") % {
                    "row": self.error_row,
                    "problem": problem,
                }
            return None

    def calendar_identity(self, plan_request: PlanRequest) -> tuple[CalendarIdentity, str]:
        """The plan's calendar identity and the digest of what was asked: the revision goes up
        by one when the answers differ from those of the revision the links came from."""
        answers = plan_request.model_dump_json().encode()
        digest = hashlib.sha256(answers).hexdigest()[:16]
        data = self.cleaned_data
        revision = data.get("rev") or 0
        if data.get("was") and data["was"] != digest:
            revision = min(revision + 1, MAX_REVISION)
        return CalendarIdentity(data.get("plan") or uuid.uuid4(), revision), digest
