"""Rate limits for the link: per client address (guessing tokens) and per link (scraping).

Counted in Django's cache ("default"): the database cache, or Redis when configured
(settings.shared_cache), so every worker and node spends from one count. The address is the
visitor's behind a trusted reverse proxy (toxfill.web.client_address), never the proxy's,
which would make every visitor one. A token has 256 random bits, so guessing is hopeless
whatever the count; the limit stops noise and scraping.
"""

from __future__ import annotations

from toxfill.web.cache import count_in_window

WINDOW_SECONDS = 60
PER_IP = 30  # link openings (good or bad tokens) per minute from one address
PER_LINK = 120  # pages and downloads per minute through one link


class Throttled(Exception):
    """Too many requests: try again after `retry_after` seconds."""

    retry_after = WINDOW_SECONDS


def _spend(key: str, limit: int) -> None:
    if count_in_window("link-throttle", key, WINDOW_SECONDS) > limit:
        raise Throttled


def spend_ip(address: str) -> None:
    _spend("ip:" + address, PER_IP)


def spend_link(link_id: object) -> None:
    _spend(f"link:{link_id}", PER_LINK)
