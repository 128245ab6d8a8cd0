"""The parts of the public pages that do not depend on the person, or only on a choice of a few:
the header, rendered once for each section of the site; the knowledge base's footer, once for
each knowledge base; the emergency numbers to choose from, once for each country chosen.

They were worked out again on every page (five URL reversals, loops and a dozen comparisons);
each is now a string kept in the process.
"""

from __future__ import annotations

import functools
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from toxfill.knowledge.base import Meta
from toxfill.web.guide.emergency import NUMBERS, EmergencyNumber

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
    return _header(get_script_prefix(), section, get_language())


@register.simple_tag
def site_footer(meta: Any) -> SafeString:
    if not isinstance(meta, Meta):
        return mark_safe("")
    return _footer(meta, get_language())


# The links depend on the address the site is served under (a proxy's SCRIPT_NAME) too; the
# words on the language: each is a key, so a page never gets another language's header.
@functools.lru_cache(maxsize=64)
def _header(prefix: str, section: str | None, language: str) -> SafeString:
    return mark_safe(render_to_string("site/header.html", {"current": section}))


@functools.lru_cache(maxsize=16)
def _footer(meta: Meta, language: str) -> SafeString:
    return mark_safe(render_to_string("site/footer.html", {"meta": meta}))


@register.simple_tag
def emergency_options(chosen: EmergencyNumber) -> SafeString:
    """The <option>s of the emergency number form, the person's country selected."""
    return _emergency_options(chosen, get_language())


@functools.lru_cache(maxsize=4 * len(NUMBERS))
def _emergency_options(chosen: EmergencyNumber, language: str) -> SafeString:
    context = {"emergency": chosen, "emergency_numbers": NUMBERS.values()}
    return mark_safe(render_to_string("guide/_emergency_options.html", context))
