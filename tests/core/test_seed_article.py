"""`toxfill compare botulinum-toxin ha-filler` shows every claim of the article toxfill grew
from (../shared/seed/), each with its sources."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from toxfill.compare import Comparison, Row, compare
from toxfill.knowledge import KnowledgeBase

TOXIN, FILLER = "botulinum-toxin", "ha-filler"


@pytest.fixture(scope="module")
def comparison(kb: KnowledgeBase) -> Comparison:
    return compare(kb, [TOXIN, FILLER])


def text(row: Row, option: str) -> str:
    cell = row.cells[option]
    return f"{cell.text} {cell.detail}".lower()


def _origin(row: Row) -> bool:
    return "clostridium botulinum" in text(row, TOXIN) and not row.same


def _mechanism(row: Row) -> bool:
    return "nerve" in text(row, TOXIN) and "muscle" in text(row, TOXIN) and not row.same


def _toxin_cosmetic(row: Row) -> bool:
    return "lines" in text(row, TOXIN)


def _filler_cosmetic(row: Row) -> bool:
    filler = text(row, FILLER)
    return "folds" in filler and "lip" in filler and "cheek" in filler


def _medical(row: Row) -> bool:
    toxin = text(row, TOXIN)
    return all(
        word in toxin for word in ("bladder", "migraine", "dystonia", "spasticity", "blepharospasm")
    )


def _injected_at_target(row: Row) -> bool:
    return row.same and "injected at the treatment area" in text(row, TOXIN)


def _under_the_skin(row: Row) -> bool:
    return "under the skin" in text(row, FILLER)


def _both_temporary(row: Row) -> bool:
    return row.same and "temporary" in text(row, TOXIN)


def _routine_visits(row: Row) -> bool:
    return row.same and text(row, TOXIN).startswith("yes")


def _three_to_four_months(row: Row) -> bool:
    return text(row, TOXIN).startswith("3–4 months") and not row.same


def _longer_lasting_filler(row: Row) -> bool:
    return text(row, FILLER).startswith("6–12 months")


def _fewer_visits(row: Row) -> bool:
    return "3–4 visits" in text(row, TOXIN) and "1–2 visits" in text(row, FILLER)


def _licensed_provider(row: Row) -> bool:
    return row.same and "licensed" in text(row, TOXIN)


def _medical_setting(row: Row) -> bool:
    return row.same and "medical setting" in text(row, TOXIN)


def _injection_site_effects(row: Row) -> bool:
    shared = {s.lower() for s in row.shared} if not row.same else set()
    both = set(row.values[TOXIN].lower().split(", ")) & set(row.values[FILLER].lower().split(", "))
    return {"bruising", "swelling"} <= (shared or both) and any("pain" in s for s in both)


def _combined_use(row: Row) -> bool:
    return row.same and "32 weeks" in text(row, FILLER) and "18 weeks" in text(row, FILLER)


CLAIMS: list[tuple[str, str, Callable[[Row], bool]]] = [
    ("neurotoxin made from Clostridium botulinum", "origin", _origin),
    ("blocks the nerve signals that cause muscle movement", "mechanism", _mechanism),
    ("cosmetic use: wrinkles and fine lines", "cosmetic-uses", _toxin_cosmetic),
    ("fillers reduce lines and fill out features", "cosmetic-uses", _filler_cosmetic),
    ("medical use: bladder, migraine, neurological conditions", "medical-uses", _medical),
    ("both injected at the target area", "administration", _injected_at_target),
    ("fillers go under the skin", "injection-depth", _under_the_skin),
    ("both are temporary", "temporary", _both_temporary),
    ("both need routine visits", "routine-visits", _routine_visits),
    ("Botox lasts three to four months", "duration", _three_to_four_months),
    ("fillers last longer", "duration", _longer_lasting_filler),
    ("fillers need fewer revisits", "visits-per-year", _fewer_visits),
    ("given by a licensed provider", "provider", _licensed_provider),
    ("in a medical setting", "setting", _medical_setting),
    ("injection-site bruising, pain and swelling", "common-side-effects", _injection_site_effects),
    ("combined use can increase the duration", "combined-use", _combined_use),
]


@pytest.mark.parametrize(("claim", "attribute", "shown"), CLAIMS, ids=[c[0] for c in CLAIMS])
def test_the_comparison_shows_the_article_claim(
    comparison: Comparison, claim: str, attribute: str, shown: Callable[[Row], bool]
) -> None:
    row = next(r for r in comparison.rows if r.attribute == attribute)

    assert shown(row), f"{claim!r} is not visible in row {attribute}: {row.values}"
    assert row.cells[TOXIN].sources or row.cells[FILLER].sources


def test_every_value_with_content_cites_a_source(comparison: Comparison) -> None:
    uncited = [
        (row.attribute, option)
        for row in comparison.rows
        for option, cell in row.cells.items()
        if not cell.sources and not cell.text.startswith(("No ", "None", "Not applicable"))
    ]
    assert uncited == []
