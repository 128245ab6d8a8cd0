"""Rate limits for the link: per client address (guessing tokens) and per link (scraping).

Counted in Django's cache ("default"): the database cache, or Redis when configured
(settings.shared_cache), so every worker and node spends from one count. The address is the
visitor's behind a trusted reverse proxy (toxfill.web.client_address), never the proxy's,
which would make every visitor one. A token has 256 random bits, so guessing is hopeless
whatever the count; the limit stops noise and scraping.
"""

from __future__ import annotations

import hashlib

from django.core.cache import cache

WINDOW_SECONDS = 60
PER_IP = 30  # link openings (good or bad tokens) per minute from one address
PER_LINK = 120  # pages and downloads per minute through one link


class Throttled(Exception):
    """Too many requests: try again after `retry_after` seconds."""

    retry_after = WINDOW_SECONDS


def _spend(key: str, limit: int) -> None:
    # The key is hashed: an IP address or link ID never sits in the cache in the clear.
    name = "link-throttle:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    cache.add(name, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(name)  # keeps the expiry set by add (toxfill.web.cache)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, WINDOW_SECONDS)
        count = 1
    if count > limit:
        raise Throttled


def spend_ip(address: str) -> None:
    _spend("ip:" + address, PER_IP)


def spend_link(link_id: object) -> None:
    _spend(f"link:{link_id}", PER_LINK)
