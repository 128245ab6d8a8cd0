"""Points placed on the face and body drawings: the zone a place lies in, and labels beside
the points that never overlap (toxfill.knowledge.body_map, toxfill.render.map_labels)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toxfill.errors import InputError
from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.body_map import BodyMap, nearest_zone, zone_of_position
from toxfill.render.map_labels import Box, Mark, place_labels


@pytest.mark.parametrize(
    ("view", "x", "y", "zone"),
    [
        (BodyMap.FACE, 46, 30, "glabella"),  # either side of the frown area's middle
        (BodyMap.FACE, 54, 31, "glabella"),
        (BodyMap.FACE, 40, 15, "forehead"),  # across the forehead, not at its middle
        (BodyMap.FACE, 20, 41, "crows-feet-right"),  # the patient's right: the viewer's left
        (BodyMap.FACE, 50, 90, "chin"),
        (BodyMap.FACE_RIGHT, 57, 29, "temple-right"),
        (BodyMap.FACE_RIGHT, 53, 77, "jawline-right"),
        (BodyMap.FACE_LEFT, 43, 29, "temple-left"),
        (BodyMap.FACE_LEFT, 50, 98, "neck"),
        (BodyMap.BODY, 50, 14, "neck"),
    ],
)
def test_a_point_takes_the_zone_drawn_nearest_on_its_view(
    kb: KnowledgeBase, view: BodyMap, x: float, y: float, zone: str
) -> None:
    assert nearest_zone(kb.zones.values(), view, x, y).id == zone


def test_each_zone_lies_in_itself_on_every_view_it_is_drawn_on(kb: KnowledgeBase) -> None:
    for zone in kb.zones.values():
        for place in zone.places:
            assert nearest_zone(kb.zones.values(), place.map, place.x, place.y) is zone


def test_the_profiles_show_the_temples_jawline_and_neck_on_their_own_side(
    kb: KnowledgeBase,
) -> None:
    right = {z.id for z in kb.zones.values() if z.place_on(BodyMap.FACE_RIGHT)}
    left = {z.id for z in kb.zones.values() if z.place_on(BodyMap.FACE_LEFT)}

    assert {"temple-right", "jawline-right", "neck"} <= right
    assert {"temple-left", "jawline-left", "neck"} <= left
    assert not any(zone.endswith("-left") for zone in right)
    assert not any(zone.endswith("-right") for zone in left)


@pytest.mark.parametrize(
    ("view", "x", "y", "field"),
    [
        ("side", 50, 50, "points[0].view"),
        ("face", 101, 50, "points[0].x"),
        ("face", 50, -1, "points[0].y"),
    ],
)
def test_a_place_off_the_drawings_is_refused_naming_its_field(
    kb: KnowledgeBase, view: str, x: float, y: float, field: str
) -> None:
    with pytest.raises(InputError) as caught:
        zone_of_position(kb.zones.values(), view, x, y, "points[0]")
    assert caught.value.field == field


def test_the_view_error_lists_the_views(kb: KnowledgeBase) -> None:
    with pytest.raises(InputError, match="face, face-right, face-left, body, body-back"):
        zone_of_position(kb.zones.values(), "top", 1, 1)


def _boxes(marks: list[Mark], height: float = 157) -> list[Box]:
    return [placed.box for placed in place_labels(marks, width=100, height=height).labels]


def test_five_glabella_points_get_five_labels_none_over_another() -> None:
    marks = [Mark(46 + 2 * i, 43 + (i % 2), "4 U") for i in range(5)]
    boxes = _boxes(marks)

    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


def test_a_label_sits_beside_its_point_when_there_is_room() -> None:
    (box,) = _boxes([Mark(50, 50, "20 U")])

    assert box.x > 50  # to the right first
    assert box.x - 50 < 3
    assert box.y < 50 < box.y + box.height


def test_the_same_points_get_the_same_labels() -> None:
    marks = [Mark(50, 43, "4 U"), Mark(50, 45, "4 U"), Mark(30, 70, "1 mL")]

    assert _boxes(marks) == _boxes(list(marks))


def test_labels_that_no_longer_fit_go_to_a_row_under_the_drawing() -> None:
    marks = [Mark(50, 5, "10 U") for _ in range(40)]
    layout = place_labels(marks, width=100, height=10)

    assert layout.height > 10
    boxes = [p.box for p in layout.labels]
    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(st.floats(0, 100), st.floats(0, 157), st.sampled_from(["4 U", "0.5 mL"])),
        max_size=30,
    )
)
def test_no_label_ever_covers_another_label_or_a_point(
    points: list[tuple[float, float, str]],
) -> None:
    marks = [Mark(x, y, text) for x, y, text in points]
    boxes = _boxes(marks)
    dots = [Box(m.x - 1.6, m.y - 1.6, 3.2, 3.2) for m in marks]

    assert all(not a.overlaps(b) for i, a in enumerate(boxes) for b in boxes[i + 1 :])
    assert all(not box.overlaps(dot) for box in boxes for dot in dots)
