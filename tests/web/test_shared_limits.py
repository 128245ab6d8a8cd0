"""Several nodes sharing TOXFILL_REDIS_URL spend one rate limit: two processes with the real
settings, each opening patient links from the same address, are refused once the limit is
spent between them, not each at its own limit."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis

from toxfill.web.patient_link import throttle

# Database 7 is this test's and the multi-node drill's (bench/multinode.py); the test writes
# only its own keys there (an address made up for the run), which expire within a minute.
REDIS_URL = "redis://127.0.0.1:6379/7"
EACH = 20  # two processes: 40 openings against a limit of 30

NODE = """
import sys
import django
django.setup()
from toxfill.web.patient_link import throttle
refused = 0
for _ in range(int(sys.argv[2])):
    try:
        throttle.spend_ip(sys.argv[1])
    except throttle.Throttled:
        refused += 1
print(refused)
"""


@pytest.fixture
def redis_answers() -> None:
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        if os.environ.get("TOXFILL_REQUIRE_REDIS") == "1":
            pytest.fail("TOXFILL_REQUIRE_REDIS=1 but no Redis answers on 127.0.0.1:6379")
        pytest.skip("no Redis answers on 127.0.0.1:6379 (CI sets TOXFILL_REQUIRE_REDIS=1)")
    finally:
        client.close()


def test_two_nodes_sharing_redis_count_one_link_limit(redis_answers: None, tmp_path: Path) -> None:
    assert throttle.PER_IP < 2 * EACH  # each process alone stays under the limit
    address = f"test-{uuid.uuid4()}"  # no other run or test counts against it
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TOXFILL_REPLICA_URL"}}
    env.update(
        DJANGO_SETTINGS_MODULE="toxfill.web.settings",
        TOXFILL_REDIS_URL=REDIS_URL,
        TOXFILL_SECRET_KEY="shared-limits-test",
        TOXFILL_DATA_DIR=str(tmp_path),
    )
    # given two processes with the production settings, as two nodes would be
    nodes = [
        subprocess.Popen(
            [sys.executable, "-c", NODE, address, str(EACH)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(2)
    ]
    # when each opens links 20 times from the same address
    refused = [int(node.communicate(timeout=60)[0]) for node in nodes]
    # then 30 were let through between them, and the other 10 refused
    assert sum(refused) == 2 * EACH - throttle.PER_IP
