"""Rate limits for the link: per IP address (guessing tokens) and per link (scraping).

Counted in Django's cache ("default"). The project configures none, so that is the local
memory cache: each server process counts on its own, and a restart forgets. A token has 256
random bits, so guessing is hopeless whatever the count; the limit stops noise and scraping.
Several server processes multiply the limit by their number; point CACHES at the database
cache or Redis to share one count.
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
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, WINDOW_SECONDS)
        count = 1
    if count > limit:
        raise Throttled


def spend_ip(address: str) -> None:
    _spend("ip:" + address, PER_IP)


def spend_link(link_id: object) -> None:
    _spend(f"link:{link_id}", PER_LINK)
