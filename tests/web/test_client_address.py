"""The visitor's address behind a trusted reverse proxy, and limits counted in one shared store
(issue 19, item 3). The real nginx in front of `toxfill serve`: tests/web/test_behind_nginx.py."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
import threading
from typing import Any

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test import Client, RequestFactory, override_settings

from toxfill.web import settings as production
from toxfill.web.client_address import client_address, trusted_proxies
from toxfill.web.patient_link import throttle

NGINX = trusted_proxies(["127.0.0.1", "10.0.0.0/8"])


def _address(remote: str, forwarded: str | None = None) -> str:
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    with override_settings(TRUSTED_PROXIES=NGINX):
        return client_address(RequestFactory().get("/", REMOTE_ADDR=remote, **headers))


@pytest.mark.parametrize(
    ("remote", "forwarded", "client"),
    [
        pytest.param("127.0.0.1", "203.0.113.7", "203.0.113.7", id="behind_the_proxy"),
        pytest.param("127.0.0.1", "198.51.100.1, 203.0.113.7", "203.0.113.7", id="forged_left"),
        pytest.param("127.0.0.1", "203.0.113.7, 10.1.2.3", "203.0.113.7", id="two_proxies"),
        pytest.param("127.0.0.1", None, "127.0.0.1", id="proxy_itself"),
        pytest.param("127.0.0.1", "not-an-address", "127.0.0.1", id="garbage_forwarded"),
        pytest.param("127.0.0.1", "2001:db8::1", "2001:db8::1", id="ipv6_visitor"),
        pytest.param("::ffff:127.0.0.1", "203.0.113.7", "203.0.113.7", id="ipv4_mapped_proxy"),
        pytest.param("198.51.100.9", "203.0.113.7", "198.51.100.9", id="untrusted_peer"),
    ],
)
def test_it_believes_the_forwarded_address_only_from_a_trusted_proxy(
    remote: str, forwarded: str | None, client: str
) -> None:
    assert _address(remote, forwarded) == client


def test_it_names_the_variable_for_a_bad_trusted_proxy() -> None:
    with pytest.raises(ImproperlyConfigured, match="TOXFILL_TRUSTED_PROXIES"):
        trusted_proxies(["127.0.0.1", "nginx.local"])


def test_it_refuses_a_bad_trusted_proxy_at_start(tmp_path: Any) -> None:
    check = subprocess.run(
        [sys.executable, "-c", "import toxfill.web.settings"],
        env={"TOXFILL_DEBUG": "1", "TOXFILL_DATA_DIR": str(tmp_path)}
        | {"TOXFILL_TRUSTED_PROXIES": "127.0.0.1,*"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert check.returncode != 0
    assert "TOXFILL_TRUSTED_PROXIES must be" in check.stderr


def test_it_counts_limits_in_a_store_every_worker_shares() -> None:
    backend = str(production.CACHES["default"]["BACKEND"])
    assert "locmem" not in backend  # one count per process: two workers, twice the limit
    assert "dummy" not in backend


@pytest.mark.django_db
def test_it_keeps_a_counters_expiry_while_counting() -> None:
    # given a counter of a one-minute window
    cache.add("counter", 0, 60)
    # when it is counted up
    assert cache.incr("counter") == 1
    assert cache.incr("counter") == 2
    # then it still ends within the minute (Django's database cache would move it to 5)
    table = connection.ops.quote_name("toxfill_cache")
    key = cache.make_and_validate_key("counter")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT expires FROM {table} WHERE cache_key = %s", [key])
        (expires,) = cursor.fetchone()
    if isinstance(expires, str):  # SQLite
        expires = dt.datetime.fromisoformat(expires)
    if expires.tzinfo is None:
        expires = expires.replace(tzinfo=dt.UTC)
    assert expires <= dt.datetime.now(dt.UTC) + dt.timedelta(seconds=61)


@pytest.mark.django_db
def test_it_throttles_patient_links_per_visitor_behind_the_proxy(client: Client) -> None:
    # given one visitor behind the proxy (127.0.0.1) who has spent the link limit
    cache.clear()
    for n in range(throttle.PER_IP):
        client.get(f"/p/guess-{n}", HTTP_X_FORWARDED_FOR="203.0.113.7")
    # when they and another visitor behind the same proxy open a link
    first = client.get("/p/guess-again", HTTP_X_FORWARDED_FOR="203.0.113.7")
    second = client.get("/p/guess-again", HTTP_X_FORWARDED_FOR="203.0.113.8")
    # then only the first waits
    assert first.status_code == 429
    assert second.status_code == 404


@pytest.mark.skipif(
    "postgres" not in os.environ.get("DATABASE_URL", ""),
    reason="SQLite's in-memory test database shares locks between threads as production's "
    "file does not; the suite's PostgreSQL run counts across connections",
)
@pytest.mark.django_db(transaction=True)
def test_it_loses_no_count_when_workers_count_at_once() -> None:
    # given one counter, and eight threads (each with its own database connection) counting
    cache.add("shared-counter", 0, 60)

    def count() -> None:
        try:
            for _ in range(25):
                cache.incr("shared-counter")
        finally:
            connection.close()

    threads = [threading.Thread(target=count) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # then every increment is counted (read-then-write would lose some)
    assert cache.get("shared-counter") == 200
