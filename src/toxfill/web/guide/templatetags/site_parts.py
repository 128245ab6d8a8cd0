"""The parts of every public page that do not depend on the person: the header, rendered once for
each section of the site, and the knowledge base's footer, once for each knowledge base.

The header's five links and the footer's dates were worked out again on every page (five URL
reversals, a dozen comparisons); each is now a string kept in the process.
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from toxfill.knowledge.base import Meta

register = template.Library()

# The link of the header marked as the current page, for each page of its section.
SECTIONS = {
    "compare": "compare",
    "decide": "decide",
    "decide-result": "decide",
    "plan": "plan",
    "plan-result": "plan",
    "triage": "triage",
    "triage-symptoms": "triage",
    "triage-result": "triage",
}


@register.simple_tag(takes_context=True)
def site_header(context: template.Context) -> SafeString:
    match = getattr(context.get("request"), "resolver_match", None)
    section = SECTIONS.get(getattr(match, "url_name", None) or "")
    return _header(get_script_prefix(), section)


@register.simple_tag
def site_footer(meta: Any) -> SafeString:
    if not isinstance(meta, Meta):
        return mark_safe("")
    return _footer(meta)


# The links depend on the address the site is served under (a proxy's SCRIPT_NAME) too.
@functools.lru_cache(maxsize=64)
def _header(prefix: str, section: str | None) -> SafeString:
    return mark_safe(render_to_string("site/header.html", {"current": section}))


@functools.lru_cache(maxsize=16)
def _footer(meta: Meta) -> SafeString:
    return mark_safe(render_to_string("site/footer.html", {"meta": meta}))
