"""Treatment templates on the charting page: a template's points added to the list in one
tap (by chart.js, or by the server when the page runs without it), and the list's points
saved as a new template."""

from __future__ import annotations

from typing import Any

from toxfill.errors import InputError
from toxfill.web.clinic import scoping
from toxfill.web.clinic.actions.templates import TemplatePoint, save_template, template_points
from toxfill.web.clinic.models import Membership, ProductLot, TreatmentTemplate
from toxfill.web.clinic.views.chart_rows import Row


def offered(member: Membership) -> list[TreatmentTemplate]:
    return list(scoping.templates(member))


def as_json(templates: list[TreatmentTemplate]) -> dict[str, Any]:
    """For chart.js: each template's product and points, by the template's ID."""
    return {str(t.public_id): {"product": t.product, "points": t.points} for t in templates}


def applied(
    templates: list[TreatmentTemplate], wanted: str, lots: list[ProductLot], current: Any
) -> list[Row]:
    """The rows a template adds: its points, each with the lot picked when it is of the
    template's product, else the first usable lot of it."""
    template = next((t for t in templates if str(t.public_id) == wanted), None)
    if template is None:
        raise InputError("templates", "that template is no longer offered: pick another")
    if current is not None and current.product == template.product:
        lot = current
    else:
        lot = next((lot for lot in lots if lot.product == template.product), None)
    if lot is None:
        raise InputError("lot", f"no usable lot of {template.product}: receive one first")
    return [
        Row(zone=p.zone, lot=lot, dose=p.dose, view=p.view, x=p.x, y=p.y)
        for p in template_points(template)
    ]


def saved(member: Membership, name: str, rows: list[Row]) -> TreatmentTemplate:
    """The list's points as a template of one product."""
    products = {row.lot.product for row in rows}
    if not rows:
        raise InputError("template_name", "chart the template's points first, then save them")
    if len(products) > 1:
        raise InputError(
            "template_name", "a template holds one product's points: remove the other product's"
        )
    points = []
    for row in rows:
        if row.view == "" or row.x is None or row.y is None:
            raise InputError("template_name", "every point needs its place on the drawing")
        points.append(TemplatePoint(row.zone, row.view, row.x, row.y, row.dose))
    return save_template(member, name=name, product=products.pop(), points=points)
