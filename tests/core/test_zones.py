"""The zone vocabulary of the face and body map: stable IDs, areas triage knows, cited risk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from toxfill.errors import KnowledgeError, UnknownIdError
from toxfill.knowledge import KnowledgeBase, load_knowledge
from toxfill.knowledge.models import BodyMap, Side
from toxfill.triage import parse_report

# FIL-RISK-3, the FDA's 2015 safety communication (S-FDA-VO2015): blockage is reported more
# often between the brows, in and around the nose, on the forehead and around the eyes.
FDA_HIGHER_RISK_ZONES = [
    "glabella",
    "forehead",
    "nasal-dorsum",
    "nasal-tip",
    "tear-trough-left",
    "tear-trough-right",
    "crows-feet-left",
    "crows-feet-right",
]


def edit(kb_dir: Path, file: str, change: Callable[[Any], None]) -> None:
    path = kb_dir / file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")


@pytest.mark.parametrize("zone_id", FDA_HIGHER_RISK_ZONES)
def test_it_marks_the_sites_the_fda_names_as_high_vessel_risk(
    kb: KnowledgeBase, zone_id: str
) -> None:
    zone = kb.zone(zone_id)

    assert zone.vessel_risk is not None
    assert zone.vessel_risk.level == "high"
    assert "S-FDA-VO2015" in zone.vessel_risk.sources


@pytest.mark.parametrize(
    "zone_id",
    ["temple-left", "nasolabial-fold-right", "upper-lip", "cheek-left", "chin", "bladder"],
)
def test_it_marks_no_vessel_risk_without_a_source_naming_the_site(
    kb: KnowledgeBase, zone_id: str
) -> None:
    assert kb.zone(zone_id).vessel_risk is None


def test_every_zone_and_its_area_are_places_triage_accepts(kb: KnowledgeBase) -> None:
    for zone in kb.zones.values():
        for place in (zone.id, zone.area):
            raw = {"treatment": "botulinum-toxin", "zone": place, "days_since": 1}
            raw["symptoms"] = ["bruising"]

            report = parse_report(kb, raw)

            assert report.zone == place


def test_every_sided_zone_has_its_twin_drawn_mirrored(kb: KnowledgeBase) -> None:
    for zone in kb.zones.values():
        if zone.side is not Side.LEFT:
            continue
        twin = kb.zone(zone.id.removesuffix("-left") + "-right")

        assert twin.side is Side.RIGHT
        assert twin.area == zone.area
        assert twin.at.map is zone.at.map
        assert twin.at.x == pytest.approx(100 - zone.at.x)
        assert twin.at.y == zone.at.y


def test_the_patients_left_is_drawn_on_the_viewers_right_in_front(kb: KnowledgeBase) -> None:
    assert kb.zone("crows-feet-left").at.map is BodyMap.FACE
    assert kb.zone("crows-feet-left").at.x > 50
    assert kb.zone("shoulder-left").at.map is BodyMap.BODY_BACK
    assert kb.zone("shoulder-left").at.x < 50


def test_the_zones_cover_every_cosmetic_and_medical_concern_area(kb: KnowledgeBase) -> None:
    areas = {c.area for c in kb.concerns.values()} - {"whole-face"}

    assert areas <= {z.area for z in kb.zones.values()}


def test_it_names_the_nearest_zones_for_an_unknown_one(kb: KnowledgeBase) -> None:
    with pytest.raises(UnknownIdError, match="glabella"):
        kb.zone("glabela")


def test_vocabulary_lists_the_zones(kb: KnowledgeBase) -> None:
    zones = {term.id: term for term in kb.vocabulary()["zones"]}

    assert "high risk of vessel blockage" in zones["glabella"].description
    assert "high risk" not in zones["chin"].description


def _unknown_area(data: Any) -> None:
    data["zones"][0]["area"] = "elbow"


def _unknown_concern(data: Any) -> None:
    data["zones"][0]["concerns"] = ["nose-job"]


def _uncited_risk(data: Any) -> None:
    data["zones"][0]["vessel_risk"]["sources"] = []


def _unknown_risk_source(data: Any) -> None:
    data["zones"][0]["vessel_risk"]["sources"] = ["S-NOWHERE"]


def _left_drawn_on_the_left(data: Any) -> None:
    data["zones"][3]["at"]["x"] = 30


def _duplicate_zone(data: Any) -> None:
    data["zones"].append(dict(data["zones"][0]))


def _off_the_map(data: Any) -> None:
    data["zones"][0]["at"]["y"] = 120


def _right_zone_on_the_left_profile(data: Any) -> None:
    right = next(z for z in data["zones"] if z.get("side") == "right")
    right["also_at"] = [{"map": "face-left", "x": 42, "y": 30}]


def _twice_on_one_view(data: Any) -> None:
    data["zones"][0]["also_at"] = [{"map": "face", "x": 40, "y": 16}]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(_unknown_area, "unknown area 'elbow'", id="unknown_area"),
        pytest.param(_unknown_concern, "unknown concern 'nose-job'", id="unknown_concern"),
        pytest.param(_uncited_risk, "at least one source", id="uncited_vessel_risk"),
        pytest.param(_unknown_risk_source, "unknown source 'S-NOWHERE'", id="unknown_source"),
        pytest.param(_left_drawn_on_the_left, "wrong half", id="left_on_viewers_left"),
        pytest.param(_duplicate_zone, "duplicate zone ID", id="duplicate_zone"),
        pytest.param(_off_the_map, "less than or equal to 100", id="off_the_map"),
        pytest.param(
            _right_zone_on_the_left_profile, "cannot be seen on the face-left", id="profile"
        ),
        pytest.param(_twice_on_one_view, "at most once on each map", id="twice_on_a_view"),
    ],
)
def test_loading_fails_on_a_broken_zone(
    kb_copy: Path, change: Callable[[Any], None], message: str
) -> None:
    edit(kb_copy, "zones.yaml", change)

    with pytest.raises(KnowledgeError, match=message) as caught:
        load_knowledge(kb_copy)
    assert caught.value.file == "zones.yaml"


def test_loading_fails_on_a_product_gtin_with_a_wrong_check_digit(kb_copy: Path) -> None:
    def wrong_check_digit(data: Any) -> None:
        data["products"][2]["gtins"] = ["09506000134353"]

    edit(kb_copy, "products/all.yaml", wrong_check_digit)

    with pytest.raises(KnowledgeError, match="check digit"):
        load_knowledge(kb_copy)


def test_loading_fails_on_product_gtins_without_a_source(kb_copy: Path) -> None:
    edit(kb_copy, "products/all.yaml", lambda data: data["products"][2].pop("gtins_source"))

    with pytest.raises(KnowledgeError, match="gtins need a gtins_source"):
        load_knowledge(kb_copy)
