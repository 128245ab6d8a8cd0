"""Form fields the journeys share."""

from __future__ import annotations

from typing import Any, TypeVar

from django import forms

FormClass = TypeVar("FormClass", bound=type[forms.Form])


class IdsField(forms.MultipleChoiceField):
    """Checkbox IDs; the core, not Django, checks they exist, so the error names the nearest."""

    def valid_value(self, value: str) -> bool:
        return True


class _SharedFields(dict[str, forms.Field]):
    """A form's declared fields, which Django deep-copies for each instance (so that one may
    change its own): these are handed over as they are, in a dict of the instance's own."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


def shared_fields(form: FormClass) -> FormClass:
    """Every instance of `form` uses the very field objects its class declares. For a form
    that never changes a field once made (it puts another in its place), so that a page does
    not copy a field, its widget and its choices for each request (the decision aid's and
    after-treatment forms: 0.1 to 0.2 ms a page, bench/RESULTS.md)."""
    form.base_fields = _SharedFields(form.base_fields)
    return form
