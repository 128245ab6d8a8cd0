"""Labels beside the points of a drawing that never overlap one another or another point.

Greedy and deterministic, so the chart page's script (chart.js, the same steps) and the pages
drawn on the server place a session's labels alike: each point in turn takes the first spot,
ring by ring outwards, where its label's box touches no label placed before it and no point;
when the drawing is full, the label goes to a row under it, joined by its leader line.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

# The eight directions tried on each ring, nearest-reading first: right, left, above, below,
# then the corners.
DIRECTIONS = ((1, 0), (-1, 0), (0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1))
RINGS = 6


@dataclass(frozen=True)
class Mark:
    """A point on the drawing and the text to label it with."""

    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Box:
    x: float  # left
    y: float  # top
    width: float
    height: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.x < other.x + other.width
            and other.x < self.x + self.width
            and self.y < other.y + other.height
            and other.y < self.y + self.height
        )

    def inside(self, width: float, height: float) -> bool:
        return (
            self.x >= 0
            and self.y >= 0
            and self.x + self.width <= width
            and (self.y + self.height <= height)
        )


@dataclass(frozen=True)
class Placed:
    mark: Mark
    box: Box  # where the label's text sits


@dataclass(frozen=True)
class Layout:
    labels: tuple[Placed, ...]
    height: float  # the drawing's height with any overflow row under it


def place_labels(
    marks: Sequence[Mark],
    *,
    width: float,
    height: float,
    char_width: float = 1.7,
    line_height: float = 3.4,
    radius: float = 1.6,
) -> Layout:
    """Boxes for the marks' labels on a drawing `width` x `height` (its own units)."""
    points = [Box(m.x - radius, m.y - radius, 2 * radius, 2 * radius) for m in marks]
    taken: list[Box] = []
    placed: list[Placed] = []
    overflow_x, overflow_y = 1.0, height + 1.0
    for mark in marks:
        label_width = max(1, len(mark.text)) * char_width
        box = _first_free(mark, label_width, line_height, radius, width, height, taken, points)
        if box is None:
            if overflow_x + label_width > width:
                overflow_x, overflow_y = 1.0, overflow_y + line_height + 0.6
            box = Box(overflow_x, overflow_y, label_width, line_height)
            overflow_x += label_width + 2 * char_width
        taken.append(box)
        placed.append(Placed(mark, box))
    bottom = max((p.box.y + p.box.height for p in placed), default=height)
    return Layout(labels=tuple(placed), height=round(max(height, bottom + 1.0), 2))


def _first_free(
    mark: Mark,
    label_width: float,
    line_height: float,
    radius: float,
    width: float,
    height: float,
    taken: Sequence[Box],
    points: Sequence[Box],
) -> Box | None:
    for ring in range(RINGS):
        gap = radius + 0.4 + ring * line_height
        for dx, dy in DIRECTIONS:
            # The box's near edge sits `gap` from the point in the direction tried.
            if dx > 0:
                left = mark.x + gap
            elif dx < 0:
                left = mark.x - gap - label_width
            else:
                left = mark.x - label_width / 2
            if dy > 0:
                top = mark.y + gap
            elif dy < 0:
                top = mark.y - gap - line_height
            else:
                top = mark.y - line_height / 2
            box = Box(round(left, 2), round(top, 2), label_width, line_height)
            if not box.inside(width, height):
                continue
            if any(box.overlaps(other) for other in taken):
                continue
            if any(box.overlaps(point) for point in points):
                continue
            return box
    return None
