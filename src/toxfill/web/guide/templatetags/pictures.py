"""`{% people line.rate "part" "part" %}`: a stated rate drawn as people out of 100 or 10,000,
its SVG ids made from the parts so every picture on a page has its own."""

from __future__ import annotations

from django import template
from django.utils.safestring import SafeString, mark_safe

from toxfill.decide import Rate
from toxfill.render.svg import rate_svg

register = template.Library()


@register.simple_tag
def people(rate: Rate, *parts: object) -> SafeString:
    prefix = "people-" + "-".join(str(part) for part in parts)
    # The core escapes every text it writes into the SVG.
    return mark_safe(rate_svg(rate, prefix))
