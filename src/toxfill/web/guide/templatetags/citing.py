"""Source marks: `{{ line.marks|cite }}` -> linked [1][2] pointing at the numbered sources."""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext

register = template.Library()


@register.filter
def cite(marks: Iterable[int]) -> SafeString:
    return format_html_join(
        "",
        '<sup class="cite"><a href="#source-{0}" aria-label="{1}">[{0}]</a></sup>',
        ((n, gettext("source %(n)s") % {"n": n}) for n in marks),
    )
