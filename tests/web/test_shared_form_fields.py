"""The decision aid's and after-treatment forms share their field objects between instances
(made once, not copied for each page): no form may change a shared field, and what one form
requires must not leak into another."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from django import forms
from django.http import QueryDict
from django.test import Client

from toxfill.decide import health_questions
from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.web.guide.forms import decide
from toxfill.web.guide.forms.decide import DecideForm
from toxfill.web.guide.forms.triage import TriageForm

KB = bundled_knowledge()


def state(field: forms.Field) -> dict[str, Any]:
    """What a field and its widget hold, to compare before and after use."""
    own = {k: copy.deepcopy(v) for k, v in vars(field).items() if k != "widget"}
    widget = {k: copy.deepcopy(v) for k, v in vars(field.widget).items()}
    return {"field": own, "widget": widget}


def shared(*made: forms.BaseForm) -> dict[int, forms.Field]:
    return {id(field): field for form in made for field in form.fields.values()}


def query(text: str) -> QueryDict:
    return QueryDict(text)


def asked_factor(kb: KnowledgeBase) -> tuple[str, str]:
    """A concern and a health factor its step 2 asks."""
    for concern in kb.concerns:
        if asked := health_questions(kb, [concern]):
            return concern, asked[0]
    raise AssertionError("no concern asks a health question")


@pytest.mark.django_db
def test_no_page_changes_a_field_its_forms_share(client: Client) -> None:
    concern, _ = asked_factor(KB)
    declared = [
        *DecideForm.base_fields.values(),
        *TriageForm.base_fields.values(),
        *(getattr(decide, name) for name in dir(decide) if name.isupper()),
    ]
    fields = {id(field): field for field in declared if isinstance(field, forms.Field)}
    fields |= shared(TriageForm(KB, None))
    before = {key: state(field) for key, field in fields.items()}

    for path in [
        "/decide",
        f"/decide?step=1&age=42&concerns={concern}&go=next",
        f"/decide?step=2&age=42&concerns={concern}&go=next",
        "/decide?step=1&age=-3&go=next",
        f"/decide?step=4&age=42&concerns={concern}&t1-option=ha-filler&t1-date=x&go=next",
        f"/decide/result?age=42&concerns={concern}&pref-cost=9",
        "/after-treatment",
        "/after-treatment/symptoms?treatments=ha-filler",
        "/after-treatment/result?treatments=ha-filler&days_since=-1&zone=nowhere",
        "/after-treatment/result?treatments=ha-filler&days_since=1&symptoms=bruising",
    ]:
        assert client.get(path).status_code in {200, 302, 422}, path

    assert {key: state(field) for key, field in fields.items()} == before


def test_what_one_decision_form_requires_does_not_leak_into_another() -> None:
    concern, factor = asked_factor(KB)
    answering = DecideForm(KB, query(f"age=42&concerns={concern}&today=2026-11-23"), upto=2)
    starting = DecideForm(KB, query(""), upto=0)

    assert answering.fields["age"].required
    assert answering.fields["concerns"].required
    assert not starting.fields["age"].required
    assert not starting.fields["concerns"].required
    assert DecideForm(KB, None).fields["age"].required
    assert starting.is_valid()
    # A health question left blank is not an error: it counts as "not sure" (uncertain is not
    # safe), so no health field is ever required.
    assert not answering.fields[f"h-{factor}"].required
    intake = answering.intake()
    assert intake is not None
    assert factor in intake.health_unsure


def test_a_health_question_listed_as_yes_is_not_counted_as_not_sure() -> None:
    concern, factor = asked_factor(KB)
    form = DecideForm(
        KB, query(f"age=42&concerns={concern}&health={factor}&today=2026-11-23"), upto=2
    )

    intake = form.intake()
    assert intake is not None
    assert factor in intake.health
    assert factor not in intake.health_unsure


def test_the_after_treatment_choices_are_the_knowledge_bases() -> None:
    form = TriageForm(KB, None)
    treatments, zone = form.fields["treatments"], form.fields["zone"]
    assert isinstance(treatments, forms.ChoiceField)
    assert isinstance(zone, forms.ChoiceField)

    injected = [o.id for o in KB.options.values() if o.administration.injected]
    assert [value for value, _ in treatments.choices] == injected
    assert {value for value, _ in zone.choices} == {"", *KB.areas, *KB.zones}
    assert TriageForm(KB, None).fields["zone"] is zone
    assert TriageForm.base_fields["zone"] is not zone  # the declared field keeps no choices
    assert not TriageForm.base_fields["zone"].choices  # type: ignore[attr-defined]
