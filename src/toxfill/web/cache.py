"""The shared cache where rate limits are counted: one count for every worker and node.

Django's database cache increments by reading a counter and writing it back with a fresh
default expiry (BaseCache.incr): two workers incrementing at once lose a count, and a
one-minute window becomes five. Here the increment holds the row's lock (PostgreSQL's
SELECT ... FOR UPDATE; SQLite's IMMEDIATE transaction takes the write lock at its start) and
rewrites the value only, so concurrent requests are counted one by one and the window keeps
the expiry it was added with. Redis does both by itself (INCRBY keeps the key's TTL).
"""

from __future__ import annotations

import base64
import hashlib
import pickle
from typing import Any

from django.core.cache import cache
from django.core.cache.backends.db import DatabaseCache
from django.db import connections, router, transaction


class CountingDatabaseCache(DatabaseCache):
    """Django's database cache with an increment that neither loses a count nor moves the
    counter's expiry."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        table = connection.ops.quote_name(self.cache_model_class._meta.db_table)
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        stored_key = self.make_and_validate_key(key, version=version)
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(
                f"SELECT cache_key FROM {table} WHERE cache_key = %s{lock}",
                [stored_key],
            )
            value = self.get(key, self._missing_key, version=version)  # None if expired
            if value is self._missing_key:
                raise ValueError(f"Key {key!r} not found")
            value += delta
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            cursor.execute(
                f"UPDATE {table} SET value = %s WHERE cache_key = %s",
                [encoded, stored_key],
            )
        return value


def count_in_window(kind: str, key: str, seconds: int) -> int:
    """One more of `kind` for `key` in a window of `seconds` from the first: the count so far.
    The key is hashed, so no address, link or email address sits in the cache in the clear."""
    name = f"{kind}:" + hashlib.sha256(key.encode()).hexdigest()[:32]
    cache.add(name, 0, seconds)
    try:
        return int(cache.incr(name))  # keeps the expiry set by add
    except ValueError:  # expired between add and incr
        cache.set(name, 1, seconds)
        return 1
