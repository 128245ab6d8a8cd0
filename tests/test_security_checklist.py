"""The security checklists (docs/security/): every item is well formed and every test, drill
and heading it names is there, so a renamed test or a typo fails here, not in an audit."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.security_checklist import (
    ROOT,
    STATUSES,
    Item,
    load,
    reference_problem,
    reference_problems,
    shape_problems,
)

CHECKLISTS = ("asvs.yaml", "hipaa.yaml")

# 45 CFR 164.312, the technical safeguards: every standard and implementation specification.
HIPAA_PARAGRAPHS = (
    "164.312(a)(1)",
    "164.312(a)(2)(i)",
    "164.312(a)(2)(ii)",
    "164.312(a)(2)(iii)",
    "164.312(a)(2)(iv)",
    "164.312(b)",
    "164.312(c)(1)",
    "164.312(c)(2)",
    "164.312(d)",
    "164.312(e)(1)",
    "164.312(e)(2)(i)",
    "164.312(e)(2)(ii)",
)
ASVS_ID = re.compile(r"^V(\d+)\.\d+\.\d+$")


@pytest.mark.parametrize("name", CHECKLISTS)
def test_every_item_is_well_formed(name: str) -> None:
    _, items = load(name)

    assert items
    assert shape_problems(items) == []


@pytest.mark.parametrize("name", CHECKLISTS)
def test_every_named_test_drill_and_heading_exists(name: str) -> None:
    _, items = load(name)

    assert reference_problems(items) == []


def test_the_asvs_items_are_levels_1_and_2_of_the_chapters_in_scope_in_order() -> None:
    header, items = load("asvs.yaml")
    chapters = set(header["chapters"])

    for item in items:
        match = ASVS_ID.match(item.id)
        assert match, f"{item.id} is not an ASVS 5.0 requirement ID"
        assert f"V{match[1]}" in chapters, f"{item.id} is outside the chapters in scope"
        assert item.extra.get("level") in (1, 2), f"{item.id}: level must be 1 or 2"
    keys = [tuple(int(part) for part in item.id[1:].split(".")) for item in items]
    assert keys == sorted(keys)
    assert {f"V{key[0]}" for key in keys} == chapters


def test_the_hipaa_matrix_has_every_paragraph_of_164_312_once_in_order() -> None:
    _, items = load("hipaa.yaml")

    assert tuple(item.id for item in items) == HIPAA_PARAGRAPHS
    for item in items:
        assert item.extra.get("kind") in ("standard", "required", "addressable"), item.id


def test_the_checker_rejects_a_test_a_class_a_file_or_a_drill_that_is_not_there() -> None:
    here = "tests/test_security_checklist.py"

    assert reference_problem(f"{here}::test_the_hipaa_matrix_has_every_paragraph") == (
        f"{here} has no test test_the_hipaa_matrix_has_every_paragraph"
    )
    assert reference_problem(f"{here}::NoSuchClass::test_every_item_is_well_formed") == (
        f"{here} has no class NoSuchClass"
    )
    assert reference_problem("tests/web/test_no_such_file.py::test_x") == (
        "no test file tests/web/test_no_such_file.py"
    )
    assert reference_problem(f"{here}::load") == f"{here} has no test load"
    assert reference_problem({"bench": "bench/crash_drill.py", "results": "No such run"}) == (
        "bench/RESULTS.md has no heading 'No such run'"
    )
    assert reference_problem({"bench": "bench/no_drill.py", "results": "x"}) == (
        "no bench script bench/no_drill.py"
    )
    assert reference_problem({"doc": "README.md", "heading": "No such part"}) == (
        "README.md has no heading 'No such part'"
    )
    assert reference_problem("test_every_item_is_well_formed") == (
        "'test_every_item_is_well_formed' is not a pytest node (tests/...py::test_name)"
    )


def test_the_checker_finds_parametrized_tests_and_tests_in_classes(tmp_path: Path) -> None:
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_x.py").write_text(
        "class TestDoors:\n"
        "    async def test_front(self):\n"
        "        pass\n"
        "def test_each(case):\n"
        "    pass\n"
    )

    assert reference_problem("tests/test_x.py::TestDoors::test_front", tmp_path) is None
    assert reference_problem("tests/test_x.py::test_each[a-1]", tmp_path) is None
    assert reference_problem("tests/test_x.py::test_front", tmp_path) == (
        "tests/test_x.py has no test test_front"
    )
    assert reference_problem("tests/test_x.py::TestDoors::test_each", tmp_path) == (
        "tests/test_x.py::TestDoors has no test test_each"
    )


def test_the_checker_names_an_item_without_evidence_reason_or_missing_part() -> None:
    items = [
        Item(id="V6.2.1", title="Long passwords", status="evidence"),
        Item(
            id="V6.2.2",
            title="Change a password",
            status="evidence",
            evidence=({"doc": "README.md", "heading": "Backups"},),
        ),
        Item(id="V1.2.6", title="LDAP", status="not-applicable"),
        Item(id="V7.5.2", title="Sessions", status="gap"),
        Item(id="V7.5.2", title="", status="done"),
    ]

    assert shape_problems(items) == [
        "V6.2.1: evidence names no test and no bench drill",
        "V6.2.2: evidence names no test and no bench drill",
        "V1.2.6: not applicable without a reason",
        "V7.5.2: a gap that does not say what is missing",
        "V7.5.2: listed twice",
        "V7.5.2: no title",
        "V7.5.2: status 'done' is not one of evidence, not-applicable, gap",
    ]


@pytest.mark.parametrize("name", CHECKLISTS)
def test_the_guide_counts_the_items_and_lists_every_gap(name: str) -> None:
    _, items = load(name)
    guide = (ROOT / "docs" / "security" / "README.md").read_text(encoding="utf-8")
    counts = [sum(item.status == status for item in items) for status in STATUSES]

    assert f"({len(items)} " in guide
    assert "| {} | {} | {} |".format(*counts) in guide
    for item in items:
        if item.status == "gap":
            short = item.id.removeprefix("V")
            listed = rf"(?<![\d.]){re.escape(short)}(?!\d)"
            assert re.search(listed, guide), f"{item.id} is not listed among the gaps"


def test_the_readme_points_to_the_checklists() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")

    for name in CHECKLISTS:
        assert f"docs/security/{name}" in readme
