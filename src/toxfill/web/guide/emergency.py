"""Which emergency number the pages show: the site's setting, or the country the person chose.

The core says "emergency services"; only the pages know where the person is, so the number is
chosen here and shown as a tap-to-call link on every page that mentions it.
"""

from __future__ import annotations

from typing import NamedTuple

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


class EmergencyNumber(NamedTuple):
    country: str
    place: str | Promise  # in the page's language
    number: str

    @property
    def tel(self) -> str:
        return f"tel:{self.number}"


NUMBERS: dict[str, EmergencyNumber] = {
    "us": EmergencyNumber("us", _("the US or Canada"), "911"),
    "uk": EmergencyNumber("uk", _("the UK"), "999"),
    "eu": EmergencyNumber("eu", _("Europe"), "112"),
    "au": EmergencyNumber("au", _("Australia"), "000"),
}
COOKIE = "toxfill_country"


def emergency_number(request: HttpRequest) -> EmergencyNumber:
    """The person's chosen country's number, else the site's (TOXFILL_EMERGENCY_COUNTRY)."""
    chosen = request.COOKIES.get(COOKIE, "")
    return NUMBERS.get(chosen) or NUMBERS[settings.EMERGENCY_COUNTRY]


def emergency(request: HttpRequest) -> dict[str, object]:
    """Context processor: `emergency` and the `emergency_numbers` to choose from, on every page."""
    return {"emergency": emergency_number(request), "emergency_numbers": NUMBERS.values()}
