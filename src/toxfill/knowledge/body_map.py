"""The shapes of the face and body map (C6): the zones injections are charted at, where each
is drawn, and why filler there is riskier."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from toxfill.errors import InputError
from toxfill.knowledge.model_base import Cited, KebabId, Model, Text

# --- the face and body map (C6) ----------------------------------------------------------------


class Side(StrEnum):
    """The patient's own side: on a front view the patient's left is on the viewer's right."""

    LEFT = "left"
    RIGHT = "right"


class BodyMap(StrEnum):
    FACE = "face"  # the face, front view
    FACE_RIGHT = "face-right"  # the face in profile, its right side towards the viewer
    FACE_LEFT = "face-left"  # the face in profile, its left side towards the viewer
    BODY = "body"  # the whole body, front view
    BODY_BACK = "body-back"  # the whole body, from behind


# A profile shows one side of the face: a sided zone is drawn only on its own side's profile.
PROFILE_SIDE = {BodyMap.FACE_RIGHT: Side.RIGHT, BodyMap.FACE_LEFT: Side.LEFT}


class MapPoint(Model):
    """Where a zone is drawn: x from the viewer's left, y from the top, each 0-100."""

    map: BodyMap
    x: float = Field(ge=0, le=100)
    y: float = Field(ge=0, le=100)


class VesselRisk(Cited):
    """Why filler here is more likely to block a blood vessel (FIL-RISK: sight loss, stroke)."""

    level: Literal["high"]


class Zone(Model):
    """A place on the face or body map where injections are charted.

    `area` is a concern area (upper-face, mid-face, bladder, ...), so a charted zone maps to the
    area triage knows; `concerns` are what is usually treated there, so a dose can be checked
    against the label dose for its concern when the zone names only one.
    """

    id: KebabId
    label: Text
    area: KebabId
    side: Side | None = None
    at: MapPoint
    # Where else the zone is drawn: the temples, jawline and neck read best in profile.
    also_at: tuple[MapPoint, ...] = ()
    concerns: tuple[KebabId, ...] = ()
    vessel_risk: VesselRisk | None = None

    @property
    def places(self) -> tuple[MapPoint, ...]:
        """Every view the zone is drawn on, its main one first."""
        return (self.at, *self.also_at)

    def place_on(self, view: BodyMap) -> MapPoint | None:
        return next((p for p in self.places if p.map is view), None)

    @model_validator(mode="after")
    def _side_drawn_on_its_side(self) -> Zone:
        # On a front view the patient's left is on the viewer's right; from behind, on the left.
        if self.side is not None:
            left_is_right = self.at.map is not BodyMap.BODY_BACK
            on_right = self.at.x > 50
            if (self.side is Side.LEFT) != (on_right == left_is_right):
                raise ValueError(
                    f"a {self.side.value} zone is drawn on the wrong half of the "
                    f"{self.at.map.value} map (x={self.at.x:g})"
                )
        views = [p.map for p in self.places]
        if len(set(views)) != len(views):
            raise ValueError("a zone is drawn at most once on each map")
        for place in self.also_at:
            profile_side = PROFILE_SIDE.get(place.map)
            if self.side is not None and profile_side is not None and profile_side != self.side:
                raise ValueError(
                    f"a {self.side.value} zone cannot be seen on the {place.map.value} profile"
                )
        return self


def nearest_zone(zones: Iterable[Zone], view: BodyMap, x: float, y: float) -> Zone:
    """The zone a point placed at (x, y) on a view belongs to: the zone drawn nearest to it on
    that view (ties go to the zone listed first, so the answer never depends on chance)."""
    best: tuple[float, Zone] | None = None
    for zone in zones:
        place = zone.place_on(view)
        if place is None:
            continue
        distance = (place.x - x) ** 2 + (place.y - y) ** 2
        if best is None or distance < best[0]:
            best = (distance, zone)
    if best is None:
        raise InputError("view", f"no zone is drawn on the {view.value} map")
    return best[1]


def zone_of_position(
    zones: Iterable[Zone], view: str, x: float, y: float, field: str = "point"
) -> Zone:
    """The zone a point placed on a drawing belongs to, after checking the place is one: a
    view that is drawn, x and y on its 0-100 grid."""
    try:
        drawn = BodyMap(view)
    except ValueError:
        valid = ", ".join(v.value for v in BodyMap)
        raise InputError(f"{field}.view", f"must be one of {valid}") from None
    for name, value in (("x", x), ("y", y)):
        if not 0 <= value <= 100:
            raise InputError(f"{field}.{name}", "must be between 0 and 100 (the map's grid)")
    return nearest_zone(zones, drawn, x, y)
