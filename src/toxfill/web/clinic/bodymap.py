"""The face and body map for charting, drawn from the knowledge base's zones: each zone a
focusable button at its map coordinates, the zones with a cited vessel risk marked."""

from __future__ import annotations

from dataclasses import dataclass

from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import BodyMap

# The face's zones sit close together on the 0-100 grid: stretched down, their labels fit.
STRETCH = {BodyMap.FACE: 1.45, BodyMap.BODY: 1.2, BodyMap.BODY_BACK: 1.2}
TITLES = {
    BodyMap.FACE: "Face, from the front",
    BodyMap.BODY: "Body, from the front",
    BodyMap.BODY_BACK: "Body, from behind",
}


@dataclass(frozen=True)
class MapZone:
    id: str
    label: str
    x: float
    y: float  # on the drawn map: the face is drawn taller than the 0-100 grid
    high_risk: bool
    risk_text: str
    short: str  # the label drawn beside the dot


@dataclass(frozen=True)
class Map:
    id: str
    title: str
    zones: tuple[MapZone, ...]
    height: float  # of the viewBox, 100 wide


def _short(label: str) -> str:
    words = label.split(" (")[0].replace(", right", " R").replace(", left", " L")
    return words


def maps(kb: KnowledgeBase) -> tuple[Map, ...]:
    """One map per view (face, body front, body back) with the zones drawn on it."""
    drawn = []
    for view in BodyMap:
        zones = tuple(
            MapZone(
                id=z.id,
                label=z.label,
                x=z.at.x,
                y=round(z.at.y * STRETCH[view], 2),
                high_risk=z.vessel_risk is not None,
                risk_text=z.vessel_risk.text if z.vessel_risk else "",
                short=_short(z.label),
            )
            for z in kb.zones.values()
            if z.at.map is view
        )
        if zones:
            height = round(100 * STRETCH[view] + 12, 1)
            drawn.append(Map(id=view.value, title=TITLES[view], zones=zones, height=height))
    return tuple(drawn)
