"""Invariants of comparison over every choice of options (hypothesis)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from toxfill.compare import ATTRIBUTES, compare
from toxfill.knowledge import bundled_knowledge

OPTIONS = list(bundled_knowledge().options)
EMPTY_VALUES = ("No ", "None", "Not applicable")

choices = st.lists(st.sampled_from(OPTIONS), min_size=2, max_size=len(OPTIONS), unique=True)


@settings(max_examples=60, deadline=None)
@given(choices)
def test_every_row_covers_every_chosen_option(options: list[str]) -> None:
    comparison = compare(bundled_knowledge(), options)

    assert [r.attribute for r in comparison.rows] == [a.id for a in ATTRIBUTES]
    for row in comparison.rows:
        assert list(row.cells) == options


@settings(max_examples=60, deadline=None)
@given(choices)
def test_every_stated_value_cites_a_source_that_exists(options: list[str]) -> None:
    kb = bundled_knowledge()
    comparison = compare(kb, options)

    for row in comparison.rows:
        for option, cell in row.cells.items():
            if not cell.text.startswith(EMPTY_VALUES):
                assert cell.sources, (row.attribute, option, cell.text)
            assert set(cell.sources) <= set(kb.sources)


@settings(max_examples=60, deadline=None)
@given(choices)
def test_sameness_does_not_depend_on_the_order_of_options(options: list[str]) -> None:
    kb = bundled_knowledge()
    forward = compare(kb, options)
    backward = compare(kb, list(reversed(options)))

    assert [r.same for r in forward.rows] == [r.same for r in backward.rows]
