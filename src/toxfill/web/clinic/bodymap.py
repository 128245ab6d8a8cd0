"""The face and body drawings injections are charted on, and a session's points drawn on them.

Each view (the face from the front and in both profiles, the body from the front and from
behind) is a drawing over the knowledge base's 0-100 grid, stretched down so a face reads as a
face. A point keeps the place the injector tapped; one charted by zone (from the list, or
through the API without a place) is drawn at its zone's place. The chart page, the session
page and the patient's passport draw a session the same way, from `drawn_session`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.utils.translation import gettext, gettext_noop

from toxfill.knowledge import KnowledgeBase
from toxfill.knowledge.models import BodyMap
from toxfill.render.map_labels import Mark, place_labels

STRETCH = {
    BodyMap.FACE: 1.45,
    BodyMap.FACE_RIGHT: 1.45,
    BodyMap.FACE_LEFT: 1.45,
    BodyMap.BODY: 1.2,
    BodyMap.BODY_BACK: 1.2,
}
# A drawn session's titles are said in the active language: English on the clinic's pages, the
# patient's on their passport (the strings are in the Spanish catalog).
TITLES = {
    BodyMap.FACE: gettext_noop("Face, from the front"),
    BodyMap.FACE_RIGHT: gettext_noop("Face, right side"),
    BodyMap.FACE_LEFT: gettext_noop("Face, left side"),
    BodyMap.BODY: gettext_noop("Body, from the front"),
    BodyMap.BODY_BACK: gettext_noop("Body, from behind"),
}
SHORT_TITLES = {
    BodyMap.FACE: "Front",
    BodyMap.FACE_RIGHT: "Right side",
    BodyMap.FACE_LEFT: "Left side",
    BodyMap.BODY: "Body",
    BodyMap.BODY_BACK: "Back",
}
# One colour a product, in the order the session uses them: dark enough for white text
# beside them and told apart with the common colour-vision differences.
PALETTE = ("#0b5cad", "#a34a00", "#6a3d9a", "#1b7837", "#a50026", "#4d4d4d")


@dataclass(frozen=True)
class MapZone:
    id: str
    label: str
    x: float  # on the knowledge base's grid
    y: float
    high_risk: bool


@dataclass(frozen=True)
class Map:
    id: str
    title: str
    short_title: str
    stretch: float
    zones: tuple[MapZone, ...]
    height: float  # of the viewBox, 100 wide

    def as_json(self) -> dict[str, Any]:
        """What chart.js needs to place a tap: the grid, and each zone's place on this view."""
        return {
            "id": self.id,
            "stretch": self.stretch,
            "height": self.height,
            "zones": [[z.id, z.x, z.y] for z in self.zones],
        }


def _height(view: BodyMap) -> float:
    return round(100 * STRETCH[view] + 12, 1)


def maps(kb: KnowledgeBase) -> tuple[Map, ...]:
    """One drawing per view, with the zones placed on it (the main place or a profile's)."""
    drawn = []
    for view in BodyMap:
        zones = []
        for zone in kb.zones.values():
            place = zone.place_on(view)
            if place is not None:
                zones.append(
                    MapZone(zone.id, zone.label, place.x, place.y, zone.vessel_risk is not None)
                )
        if zones:
            drawn.append(
                Map(
                    id=view.value,
                    title=TITLES[view],
                    short_title=SHORT_TITLES[view],
                    stretch=STRETCH[view],
                    zones=tuple(zones),
                    height=_height(view),
                )
            )
    return tuple(drawn)


class ChartedPoint(Protocol):
    zone: str
    product: str
    dose: Decimal
    unit: str
    view: str
    x: Decimal | None
    y: Decimal | None


@dataclass(frozen=True)
class DrawnPoint:
    number: int  # its row in the session's list, from 1
    x: float  # on the drawing (stretched)
    y: float
    colour: str
    label: str  # the dose, e.g. "4 U"
    label_x: float
    label_y: float  # the text's baseline
    leader: bool  # a line from the point to a label set apart from it
    title: str  # what a screen reader and a hover read: number, zone, product, dose


@dataclass(frozen=True)
class DrawnView:
    id: str
    title: str
    height: float
    points: tuple[DrawnPoint, ...]


@dataclass(frozen=True)
class DrawnSession:
    views: tuple[DrawnView, ...]
    legend: tuple[tuple[str, str], ...]  # (product label, colour)


def _dose_text(dose: Decimal, unit: str) -> str:
    return f"{dose.normalize():f} {unit}"


def _place(kb: KnowledgeBase, point: ChartedPoint) -> tuple[BodyMap, float, float] | None:
    """The point's own place, or its zone's main place when it was charted by zone."""
    if point.view and point.x is not None and point.y is not None:
        try:
            return BodyMap(point.view), float(point.x), float(point.y)
        except ValueError:
            pass  # a view no longer drawn: fall back to the zone's place
    zone = kb.zones.get(point.zone)
    if zone is None:
        return None
    return zone.at.map, zone.at.x, zone.at.y


def drawn_session(kb: KnowledgeBase, points: Sequence[ChartedPoint]) -> DrawnSession:
    """A session's points on the views they were placed on (the front face first), each
    with its dose, coloured by product, the labels placed so none overlaps; its words in
    `kb`'s language and the active one."""
    colours: dict[str, str] = {}
    for point in points:
        colours.setdefault(point.product, PALETTE[len(colours) % len(PALETTE)])
    by_view: dict[BodyMap, list[tuple[int, float, float, ChartedPoint]]] = {}
    for number, point in enumerate(points, start=1):
        place = _place(kb, point)
        if place is not None:
            view, x, y = place
            by_view.setdefault(view, []).append((number, x, y * STRETCH[view], point))
    views = []
    for view in BodyMap:
        if view not in by_view:
            continue
        charted = by_view[view]
        marks = [Mark(x, y, _dose_text(p.dose, p.unit)) for _, x, y, p in charted]
        layout = place_labels(marks, width=100, height=_height(view))
        drawn = []
        for (number, x, y, point), placed in zip(charted, layout.labels, strict=True):
            box = placed.box
            zone = kb.zones.get(point.zone)
            product = kb.products.get(point.product)
            title = gettext("Point %(number)s: %(zone)s, %(product)s, %(dose)s") % {
                "number": number,
                "zone": zone.label if zone else point.zone,
                "product": product.label if product else point.product,
                "dose": placed.mark.text,
            }
            near = abs(box.x + box.width / 2 - x) < 12 and abs(box.y + box.height / 2 - y) < 12
            drawn.append(
                DrawnPoint(
                    number=number,
                    x=round(x, 2),
                    y=round(y, 2),
                    colour=colours[point.product],
                    label=placed.mark.text,
                    label_x=box.x,
                    label_y=round(box.y + box.height * 0.8, 2),
                    leader=not near,
                    title=title,
                )
            )
        views.append(DrawnView(view.value, gettext(TITLES[view]), layout.height, tuple(drawn)))
    legend = tuple(
        (kb.products[p].label if p in kb.products else p, colour) for p, colour in colours.items()
    )
    return DrawnSession(views=tuple(views), legend=legend)


def zones_json(kb: KnowledgeBase, all_maps: Iterable[Map]) -> dict[str, Any]:
    """For chart.js: each view's zones, and each zone's main place (where a point added from
    the list is drawn)."""
    return {
        "views": [m.as_json() for m in all_maps],
        "main": {z.id: [z.at.map.value, z.at.x, z.at.y] for z in kb.zones.values()},
    }
