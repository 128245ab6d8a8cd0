"""Where a treatment was given: one vocabulary of places (the areas concerns lie in and the
charting zones inside them), and the checks that a report's treatment, concern and zone fit
together. A wrong optional field must not switch a danger rule off, so a report whose parts
contradict each other is refused, naming both fields and what would fit."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from toxfill.errors import InputError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Area, Concern, ConcernKind, Option


def places(kb: KnowledgeBase) -> list[str]:
    """Every place a report's `zone` may name: the areas, then the charting zones."""
    return [*kb.areas, *kb.zones]


def places_for(kb: KnowledgeBase, treatments: Sequence[str]) -> list[str]:
    """The places where any of `treatments` is injected: what their report's `zone` accepts."""
    given = [kb.options[t] for t in treatments]
    return [p for p in places(kb) if any(_injected_in(o, kb.area_of(p)) for o in given)]


def report_area(kb: KnowledgeBase, concern: str | None, zone: str | None) -> str | None:
    """The area the triage rules read: the zone's (the more precise), else the concern's."""
    if zone is not None:
        return kb.area_of(zone).id
    if concern is not None:
        return kb.concerns[concern].area
    return None


def place_label(kb: KnowledgeBase, zone: str) -> str:
    """A place in words, for "injected in the ..."."""
    found = kb.zones.get(zone) or kb.areas.get(zone)
    return found.label.lower() if found else zone.replace("-", " ")


def check_places(
    kb: KnowledgeBase, treatments: Sequence[str], concern: str | None, zone: str | None
) -> None:
    """Raise InputError when the concern or zone does not fit the treatments or each other."""
    given = [kb.options[t] for t in treatments]
    if concern is not None:
        treated = kb.concern(concern)
        if not any(_treats(kb, option, treated) for option in given):
            fitting = [o.id for o in kb.options.values() if _treats(kb, o, treated)]
            raise InputError(
                "concern",
                f"'{concern}' does not fit the treatment ({_ids(treatments)}): "
                f"{treated.label.lower()} is treated with {_ids(fitting) or 'none of them'}. "
                f"Check the treatment, or choose a concern that fits it: "
                f"{_ids(_concerns_for(kb, given)[:8])}",
            )
    if zone is not None:
        area = kb.area_of(zone)
        if not any(_injected_in(option, area) for option in given):
            fitting = [a.id for a in kb.areas.values() if any(_injected_in(o, a) for o in given)]
            raise InputError(
                "zone",
                f"'{zone}' ({area.label.lower()}) is not where {_ids(treatments)} "
                f"(treatment) is injected; areas that fit: {_ids(fitting)}",
            )
        if concern is not None:
            _check_zone_fits_concern(kb, zone, area, kb.concerns[concern])


def _check_zone_fits_concern(kb: KnowledgeBase, zone: str, area: Area, concern: Concern) -> None:
    charted = kb.zones.get(zone)
    if area.id == concern.area or area.within == concern.area:
        return
    if charted is not None and concern.id in charted.concerns:
        return
    inside = [
        z.id
        for z in kb.zones.values()
        if z.area == concern.area or kb.areas[z.area].within == concern.area
    ]
    raise InputError(
        "zone",
        f"'{zone}' ({area.label.lower()}) does not fit the concern '{concern.id}', which is "
        f"treated in the {kb.areas[concern.area].label.lower()}: choose a zone there "
        f"({_ids([concern.area, *inside][:8])}), or leave out zone or concern",
    )


def _injected_in(option: Option, area: Area) -> bool:
    return option.kind in area.treated_with


def _treats(kb: KnowledgeBase, option: Option, concern: Concern) -> bool:
    """A medical concern fits only a treatment with a use for it (labelled or not); a cosmetic
    one fits any treatment injected where the concern lies."""
    if concern.kind is ConcernKind.MEDICAL:
        return concern.id in _uses(kb, option)
    return _injected_in(option, kb.areas[concern.area])


def _uses(kb: KnowledgeBase, option: Option) -> set[str]:
    uses = {use.concern for use in option.uses}
    return uses | {use.concern for p in kb.products_of(option.id) for use in p.uses}


def _concerns_for(kb: KnowledgeBase, given: Sequence[Option]) -> list[str]:
    return [c.id for c in kb.concerns.values() if any(_treats(kb, o, c) for o in given)]


def _ids(ids: Iterable[str]) -> str:
    return ", ".join(ids)
