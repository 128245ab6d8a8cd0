"""The Spanish knowledge base: the same facts, IDs, urgencies and sources as the English, every
patient-facing triage text translated, and a catalogue with a gap, an extra line or a changed
placeholder refused on load."""

from __future__ import annotations

import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from tests.core.catalogues import refusal

from toxfill.danger_signs import DANGER_SIGNS, danger_signs_in
from toxfill.errors import InputError
from toxfill.knowledge import BUNDLED_DATA, bundled_knowledge
from toxfill.knowledge.translation import translated

ENGLISH = bundled_knowledge("en")
SPANISH = bundled_knowledge("es")
CATALOGUE = BUNDLED_DATA / "es" / "triage.yaml"


def test_the_spanish_base_keeps_every_fact_id_urgency_and_source() -> None:
    for en, es in zip(ENGLISH.triage_rules, SPANISH.triage_rules, strict=True):
        assert (es.id, es.urgency, es.sources, es.facts, es.symptoms, es.options, es.zones) == (
            en.id,
            en.urgency,
            en.sources,
            en.facts,
            en.symptoms,
            en.options,
            en.zones,
        )
        assert [w.urgency for w in es.worse_if] == [w.urgency for w in en.worse_if]
    assert list(SPANISH.symptoms) == list(ENGLISH.symptoms)
    assert SPANISH.sources == ENGLISH.sources
    assert SPANISH.language == "es"


def patient_texts(kb: Any) -> list[tuple[str, str]]:
    """Every patient-facing triage text of a base, by where it is."""
    found: list[tuple[str, str]] = [("meta.disclaimer", kb.meta.disclaimer)]
    for rule in kb.triage_rules:
        found.append((f"{rule.id}.text", rule.text))
        found += [(f"{rule.id}.advice", line) for line in rule.advice]
        found += [(f"{rule.id}.advice_for", a) for part in rule.advice_for for a in part.advice]
        found += [(f"{rule.id}.tell", line) for line in rule.tell]
        found += [(f"{rule.id}.worse_if", w.when) for w in rule.worse_if]
    for symptom in kb.symptoms.values():
        found += [
            (f"{symptom.id}.label", symptom.label),
            (f"{symptom.id}.description", symptom.description),
        ]
    for option in kb.options.values():
        found.append((f"{option.id}.label", option.label))
        if option.side_effects:
            found.append((f"{option.id}.side_effects", option.side_effects.text))
    for care in kb.aftercare.values():
        for section in ("steps", "normal", "avoid", "watch", "before"):
            found += [(f"{care.option}.{section}", n.text) for n in getattr(care, section)]
    found += [(f"expected.{e.option}", e.text) for e in kb.expected_reactions]
    return found


def test_every_patient_facing_triage_text_is_translated() -> None:
    english = patient_texts(ENGLISH)
    spanish = patient_texts(SPANISH)

    assert [where for where, _ in spanish] == [where for where, _ in english]
    same = [where for (where, en), (_, es) in zip(english, spanish, strict=True) if en == es]
    assert not same, same


def test_what_to_tell_them_names_the_same_details_in_spanish() -> None:
    for en, es in zip(ENGLISH.triage_rules, SPANISH.triage_rules, strict=True):
        for english, spanish in zip(en.tell, es.tell, strict=True):
            assert sorted(re.findall(r"\{\w+\}", spanish)) == sorted(
                re.findall(r"\{\w+\}", english)
            )
        if any(line.startswith("Say:") for line in en.tell):
            assert any(line.startswith("Diga:") for line in es.tell), en.id


def test_the_danger_signs_are_asked_in_spanish() -> None:
    spanish = danger_signs_in("es")

    assert [(s.id, s.symptoms) for s in spanish] == [(s.id, s.symptoms) for s in DANGER_SIGNS]
    assert all(s.question.startswith(("¿", "Tras un relleno: ¿")) for s in spanish)


def test_a_language_toxfill_does_not_speak_names_the_field_and_the_choices() -> None:
    with pytest.raises(InputError, match=r"lang: 'fr' .* en \(English\), es \(Español\)"):
        bundled_knowledge("fr")


# --- a broken catalogue is refused -----------------------------------------------------------


def drop_rule(raw: dict[str, Any]) -> None:
    del raw["rules"]["stroke-signs"]


def extra_rule(raw: dict[str, Any]) -> None:
    raw["rules"]["no-such-rule"] = {"text": "Texto sin su gemelo en inglés."}


def short_advice(raw: dict[str, Any]) -> None:
    raw["rules"]["filler-vessel-eye-or-brain"]["advice"].pop()


def lost_placeholder(raw: dict[str, Any]) -> None:
    tell = raw["rules"]["stroke-signs"]["tell"]
    tell[0] = tell[0].replace("{where}", "donde fue")


def missing_label(raw: dict[str, Any]) -> None:
    del raw["symptoms"]["vision-loss"]["label"]


def missing_watch(raw: dict[str, Any]) -> None:
    raw["aftercare"]["botulinum-toxin"]["watch"] = []


def unknown_part(raw: dict[str, Any]) -> None:
    raw["translated"] = ["triage", "plans"]


@pytest.mark.parametrize(
    ("change", "entry"),
    [
        (drop_rule, "rules.stroke-signs.advice"),
        (extra_rule, "rules.no-such-rule"),
        (short_advice, "rules.filler-vessel-eye-or-brain.advice"),
        (lost_placeholder, "rules.stroke-signs.tell[0]"),
        (missing_label, "symptoms.vision-loss.label"),
        (missing_watch, "aftercare.botulinum-toxin.watch"),
        (unknown_part, "translated"),
    ],
)
def test_a_catalogue_with_a_gap_or_an_extra_is_refused_naming_the_entry(
    tmp_path: Path, change: Callable[[dict[str, Any]], None], entry: str
) -> None:
    refused = refusal("triage", tmp_path, change)

    assert refused.entry == entry
    assert refused.file == "data/es/triage.yaml"


def test_the_bundled_catalogue_loads_the_same_from_a_copy(tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA / "es", data / "es")

    assert translated(ENGLISH, "es", data).triage_rules == SPANISH.triage_rules
