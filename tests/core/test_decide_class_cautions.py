"""A caution stated for a group of options (every filler) holds for every option of the group.

A caution marked `holds_for: fillers` is one the sources state for fillers as a kind, or that
every filler label states: each filler must carry it for all its products and uses, loading
fails when one does not, and so no filler comes out better than `caution` for it.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from toxfill.decide import Decision, decide
from toxfill.errors import KnowledgeError
from toxfill.intake import parse_intake
from toxfill.knowledge import BUNDLED_DATA, KnowledgeBase, bundled_knowledge, load_knowledge
from toxfill.knowledge.models import Caution, OptionGroup
from toxfill.scales import Status

KB = bundled_knowledge()
TODAY = dt.date(2026, 11, 23)

# Every (group, health factor) a caution is stated for, and every option of that group.
GROUP_CAUTIONS = sorted(
    {
        (caution.holds_for, caution.health)
        for option in KB.options.values()
        for caution in option.cautions
        if caution.holds_for is not None
    }
)
MEMBERS = sorted(
    (option.id, health)
    for group, health in GROUP_CAUTIONS
    for option in KB.options.values()
    if group.includes(option)
)
AT_LEAST_CAUTION = {Status.CAUTION, Status.REFER, Status.NOT_SUITABLE}


def run(raw: dict[str, Any]) -> Decision:
    return decide(KB, parse_intake(KB, raw))


# --- the data -----------------------------------------------------------------------------


def test_the_groups_hold_what_their_names_say(kb: KnowledgeBase) -> None:
    """FIL-CLASS-1..4: the four filler classes; FIL-CLASS-4: PMMA is the one permanent filler."""
    fillers = [o.id for o in kb.options.values() if OptionGroup.FILLERS.includes(o)]
    permanent = [o.id for o in kb.options.values() if OptionGroup.PERMANENT_FILLERS.includes(o)]

    assert fillers == ["ha-filler", "caha-filler", "plla-filler", "pmma-filler"]
    assert permanent == ["pmma-filler"]


def test_the_cautions_issue_18_found_missing_are_stated_for_every_filler() -> None:
    """S-RESTYLANE-MIMS, S-SCUL-MIMS (implants); S-SCUL-ISI, S-JUV-OLD (keloids)."""
    assert (OptionGroup.FILLERS, "permanent-filler-in-area") in GROUP_CAUTIONS
    assert (OptionGroup.FILLERS, "keloid-or-hypertrophic-scarring") in GROUP_CAUTIONS


@pytest.mark.parametrize(("option", "health"), MEMBERS)
def test_every_member_states_the_group_caution_for_all_its_products_and_uses(
    kb: KnowledgeBase, option: str, health: str
) -> None:
    found = [c for c in kb.options[option].cautions if c.health == health and c.holds_for]

    assert len(found) == 1
    assert (found[0].products, found[0].uses, found[0].use_kind) == ((), (), None)
    assert found[0].sources


@pytest.mark.parametrize(
    ("option", "health", "sources"),
    [
        pytest.param(
            "caha-filler",
            "permanent-filler-in-area",
            {"S-RESTYLANE-MIMS", "S-SCUL-MIMS"},
            id="caha_over_a_permanent_implant",
        ),
        pytest.param(
            "pmma-filler",
            "permanent-filler-in-area",
            {"S-RESTYLANE-MIMS", "S-SCUL-MIMS"},
            id="pmma_over_a_permanent_implant",
        ),
        pytest.param(
            "caha-filler",
            "keloid-or-hypertrophic-scarring",
            {"S-SCUL-ISI", "S-JUV-OLD", "S-RESTYLANE-MIMS"},
            id="caha_with_keloids",
        ),
    ],
)
def test_a_caution_no_label_of_its_own_states_says_so_and_cites_the_class_reason(
    kb: KnowledgeBase, option: str, health: str, sources: set[str]
) -> None:
    [caution] = [c for c in kb.options[option].cautions if c.health == health]

    assert caution.level == "warning"
    assert "label wording" in caution.text
    assert "was read" in caution.text
    assert sources <= set(caution.sources)


# --- the rule, over every intake ---------------------------------------------------------

intakes = st.fixed_dictionaries(
    {
        "age": st.integers(min_value=18, max_value=90),
        "concerns": st.lists(
            st.sampled_from(list(KB.concerns)), min_size=1, max_size=4, unique=True
        ),
        "health": st.lists(st.sampled_from(list(KB.health_factors)), max_size=3, unique=True),
        "health_unsure": st.just([]),
        "preferences": st.dictionaries(
            st.sampled_from(list(KB.preferences)), st.integers(min_value=0, max_value=3)
        ),
        "today": st.just(TODAY.isoformat()),
    }
)


@settings(max_examples=200, deadline=None)
@given(intakes, st.sampled_from(MEMBERS))
def test_a_group_caution_makes_every_member_at_least_caution_for_every_concern(
    raw: dict[str, Any], member: tuple[str, str]
) -> None:
    option, health = member
    decision = run({**raw, "health": list(dict.fromkeys([*raw["health"], health]))})

    decided = decision.option(option)
    assert decided.status in AT_LEAST_CAUTION, (option, health)
    for concern, status in decided.per_concern.items():
        assert status in AT_LEAST_CAUTION, (option, health, concern)
    for concern, rows in decision.per_concern.items():
        for row in rows:
            if row.option == option:
                assert row.status in AT_LEAST_CAUTION, (option, health, concern)


@settings(max_examples=100, deadline=None)
@given(intakes, st.sampled_from(MEMBERS))
def test_a_group_caution_answered_not_sure_still_makes_every_member_at_least_caution(
    raw: dict[str, Any], member: tuple[str, str]
) -> None:
    """Uncertain is not safe: 'not sure' about a group caution is a caution too."""
    option, health = member
    health_yes = [h for h in raw["health"] if h != health]
    decision = run({**raw, "health": health_yes, "health_unsure": [health]})

    for status in decision.option(option).per_concern.values():
        assert status in AT_LEAST_CAUTION, (option, health)


# --- loading -----------------------------------------------------------------------------


def test_loading_fails_when_a_filler_lacks_a_caution_stated_for_every_filler(
    tmp_path: Path,
) -> None:
    """The check behind the rule: drop CaHA's permanent-implant caution and loading names it."""
    data = tmp_path / "data"
    shutil.copytree(BUNDLED_DATA, data)
    path = data / "options" / "caha-filler.yaml"
    option = yaml.safe_load(path.read_text(encoding="utf-8"))
    option["cautions"] = [
        c for c in option["cautions"] if c["health"] != "permanent-filler-in-area"
    ]
    path.write_text(yaml.safe_dump(option, sort_keys=False, allow_unicode=True), encoding="utf-8")

    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(data)

    message = str(caught.value)
    assert "options/caha-filler.yaml" in message
    assert "permanent-filler-in-area" in message


def test_a_caution_for_a_whole_group_cannot_be_narrowed_to_products() -> None:
    with pytest.raises(ValueError, match="cannot be narrowed"):
        Caution.model_validate(
            {
                "health": "allergy-lidocaine",
                "level": "absolute",
                "products": ["radiesse"],
                "holds_for": "fillers",
                "text": "Contains lidocaine.",
                "discuss": "Ask about a product without it.",
                "sources": ["S-RAD-ISI"],
            }
        )
