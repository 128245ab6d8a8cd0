"""The one date format of the site: `{{ day|long_date }}` -> "1 December 2026"."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils.translation import get_language

from toxfill.wording import long_date as long_date_words

register = template.Library()


@register.filter
def long_date(day: dt.date | None) -> str:
    """Day, month in words, year: no one misreads it as another month; empty for no date."""
    language = "es" if get_language() == "es" else "en"
    return long_date_words(day, language) if isinstance(day, dt.date) else ""
