"""The passport's drawing of a session (clinic/bodymap.py drawn_session) in the page's
language: the clinic draws it in English, the patient reads its titles in their own."""

from __future__ import annotations

import dataclasses
import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from toxfill.knowledge.models import BodyMap
from toxfill.web.clinic.bodymap import DrawnSession

VIEW_TITLES = {
    BodyMap.FACE.value: gettext_noop("Face, from the front"),
    BodyMap.FACE_RIGHT.value: gettext_noop("Face, right side"),
    BodyMap.FACE_LEFT.value: gettext_noop("Face, left side"),
    BodyMap.BODY.value: gettext_noop("Body, from the front"),
    BodyMap.BODY_BACK.value: gettext_noop("Body, from behind"),
}
POINT = re.compile(r"Point (\d+): ")  # drawn_session's title: "Point 1: zone, product, dose"


def spoken(drawing: DrawnSession | None) -> DrawnSession | None:
    """The drawing with its view and point titles in the active language (the zones and
    products are already the page's knowledge base's)."""
    if drawing is None:
        return None
    views = []
    for view in drawing.views:
        points = tuple(
            dataclasses.replace(
                point,
                title=POINT.sub(
                    lambda found: _("Point %(number)s: ") % {"number": found[1]},
                    point.title,
                    count=1,
                ),
            )
            for point in view.points
        )
        title = _(VIEW_TITLES[view.id]) if view.id in VIEW_TITLES else view.title
        views.append(dataclasses.replace(view, title=title, points=points))
    return dataclasses.replace(drawing, views=tuple(views))
