"""The shapes of the face and body map (C6): the zones injections are charted at, where each
is drawn, and why filler there is riskier."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, model_validator

from toxfill.knowledge.model_base import Cited, KebabId, Model, Text

# --- the face and body map (C6) ----------------------------------------------------------------


class Side(StrEnum):
    """The patient's own side: on a front view the patient's left is on the viewer's right."""

    LEFT = "left"
    RIGHT = "right"


class BodyMap(StrEnum):
    FACE = "face"  # the face, front view
    BODY = "body"  # the whole body, front view
    BODY_BACK = "body-back"  # the whole body, from behind


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
    concerns: tuple[KebabId, ...] = ()
    vessel_risk: VesselRisk | None = None

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
        return self
