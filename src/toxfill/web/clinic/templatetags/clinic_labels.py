"""Knowledge-base IDs as their labels, and label codes as a person can read them, in the
workspace's templates."""

from __future__ import annotations

from collections.abc import Iterable

from django import template

from toxfill.knowledge import bundled_knowledge
from toxfill.labels import GROUP_SEPARATOR

register = template.Library()


@register.filter
def symptom_labels(ids: Iterable[str]) -> str:
    known = bundled_knowledge().symptoms
    return ", ".join(known[i].label if i in known else i for i in ids)


@register.filter
def zone_label(zone_id: str) -> str:
    zone = bundled_knowledge().zones.get(zone_id)
    return zone.label if zone else zone_id


@register.filter
def product_label(product_id: str) -> str:
    product = bundled_knowledge().products.get(product_id)
    return product.label if product else product_id


@register.filter
def option_label(option_id: str) -> str:
    option = bundled_knowledge().options.get(option_id)
    return option.label if option else option_id


@register.filter
def visible_separators(scanned: str) -> str:
    """A scanned barcode with each group separator (ASCII 29, invisible) as its symbol ␝."""
    return scanned.replace(GROUP_SEPARATOR, "\u241d")
