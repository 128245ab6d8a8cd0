"""The reminder worker: `toxfill serve` (so `make run`) runs Huey's consumer beside gunicorn
for exactly the server's lifetime, and the reminders go through Redis when TOXFILL_REDIS_URL
says so."""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string
from huey import RedisHuey
from tests.web.clinic.conftest import (
    botox_lot,
    charted,
    front_desk,
    manager,
    patient,
    provider,
)
from tests.web.servers import STARTUP_SECONDS, TOXFILL, free_port, get, server_environment

from toxfill.web.clinic.models import TreatmentSession
from toxfill.web.clinic.tasks import send_followup_reminders
from toxfill.web.settings import task_queue

# The clinic tests' personas and data, for a due follow-up (used by name, as fixtures).
__all__ = ["botox_lot", "charted", "front_desk", "manager", "patient", "provider"]

STARTED = re.compile(r"Reminder worker started \(Huey consumer, pid (\d+)\)")
# A database number of its own, flushed before and after: nothing else in Redis is touched.
REDIS_URL = "redis://127.0.0.1:6379/13"


def _serve(data_dir: Path, **extra_env: str) -> tuple[subprocess.Popen[bytes], Path]:
    """`toxfill serve` on a prepared data dir and a free port, its log beside the dir, once it
    answers."""
    port = free_port()
    env = server_environment(data_dir)
    for inherited in ("TOXFILL_DEMO", "TOXFILL_REDIS_URL"):
        env.pop(inherited, None)
    env.update(extra_env)
    log = data_dir.parent / "server.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [str(TOXFILL), "serve", "--port", str(port), "--workers", "2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        get(f"http://127.0.0.1:{port}/api/v1/options", time.monotonic() + STARTUP_SECONDS)
    except OSError:
        server.kill()
        server.wait()
        raise
    return server, log


def _wait_for(condition: Any, seconds: float, log: Path) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, log.read_text()
        time.sleep(0.1)


def _worker_pid(log: Path) -> int:
    _wait_for(lambda: STARTED.search(log.read_text()), STARTUP_SECONDS, log)
    match = STARTED.search(log.read_text())
    assert match is not None
    return int(match.group(1))


def _alive(pid: int) -> bool:
    """Running, not gone and not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return False
    return state != "Z"


def _command_line(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/cmdline").read_text().rstrip("\0").split("\0")


def _stop(server: subprocess.Popen[bytes], how: signal.Signals) -> None:
    server.send_signal(how)
    server.wait(timeout=STARTUP_SECONDS)


pytestmark_linux = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="reads the process table from /proc"
)


@pytest.mark.own_server
@pytestmark_linux
def test_it_runs_the_consumer_for_the_servers_lifetime(prepared_data_dir: Path) -> None:
    # given `toxfill serve` with two gunicorn workers
    server, log = _serve(prepared_data_dir)
    try:
        # then one Huey consumer runs, a child of the server (the arbiter), not one per worker
        pid = _worker_pid(log)
        assert _alive(pid)
        assert _command_line(pid)[-2:] == ["toxfill.web.manage", "run_huey"]
        _wait_for(lambda: "Huey consumer started" in log.read_text(), STARTUP_SECONDS, log)
        assert log.read_text().count("Huey consumer started") == 1
    finally:
        # when the server is stopped as a service manager stops it
        _stop(server, signal.SIGTERM)
    # then the consumer has stopped gracefully with it
    assert not _alive(pid)
    text = log.read_text()
    assert "Consumer exiting." in text
    assert "Reminder worker stopped" in text


@pytest.mark.own_server
@pytestmark_linux
def test_it_stops_the_consumer_on_ctrl_c(prepared_data_dir: Path) -> None:
    server, log = _serve(prepared_data_dir)
    pid = _worker_pid(log)
    _stop(server, signal.SIGINT)
    assert not _alive(pid)


@pytest.mark.own_server
@pytestmark_linux
def test_it_starts_the_consumer_again_when_it_dies_while_the_server_runs(
    prepared_data_dir: Path,
) -> None:
    # given a running server and its consumer
    server, log = _serve(prepared_data_dir)
    try:
        first = _worker_pid(log)
        _wait_for(lambda: "Huey consumer started" in log.read_text(), STARTUP_SECONDS, log)
        # when the consumer is killed (a crash, the out-of-memory killer)
        os.kill(first, signal.SIGKILL)
        # then the server says so and starts another, which dies with the server too
        _wait_for(lambda: len(STARTED.findall(log.read_text())) == 2, STARTUP_SECONDS, log)
        second = int(STARTED.findall(log.read_text())[1])
        assert second != first
        assert _alive(second)
        assert f"Reminder worker (pid {first}) exited: restarting it in 1 s" in log.read_text()
    finally:
        _stop(server, signal.SIGTERM)
    assert not _alive(second)
    assert "Reminder worker stopped" in log.read_text()


@pytest.mark.own_server
@pytestmark_linux
def test_the_consumer_dies_with_a_killed_server(prepared_data_dir: Path) -> None:
    # given a running server and its consumer
    server, log = _serve(prepared_data_dir)
    pid = _worker_pid(log)
    _wait_for(lambda: "Huey consumer started" in log.read_text(), STARTUP_SECONDS, log)
    # when the server is killed outright, with no chance to clean up
    _stop(server, signal.SIGKILL)
    # then the kernel stops the orphaned consumer (PR_SET_PDEATHSIG)
    _wait_for(lambda: not _alive(pid), STARTUP_SECONDS, log)


@pytest.mark.own_server
@pytestmark_linux
def test_it_writes_the_consumers_lines_once_stamped_as_gunicorn_stamps_its_own(
    prepared_data_dir: Path,
) -> None:
    server, log = _serve(prepared_data_dir)
    try:
        _worker_pid(log)
        _wait_for(lambda: "Huey consumer started" in log.read_text(), STARTUP_SECONDS, log)
    finally:
        _stop(server, signal.SIGTERM)
    lines = [line for line in log.read_text().splitlines() if "Huey consumer started" in line]
    assert len(lines) == 1
    assert re.match(r"\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d{4}\] \[\d+\] \[INFO\] ", lines[0])
    assert "Traceback" not in log.read_text()


@pytest.mark.own_server
def test_it_leaves_the_consumer_to_its_own_service_when_told(prepared_data_dir: Path) -> None:
    server, log = _serve(prepared_data_dir, TOXFILL_WORKER="0")
    try:
        _wait_for(lambda: "Reminder worker not started" in log.read_text(), STARTUP_SECONDS, log)
    finally:
        _stop(server, signal.SIGTERM)
    assert "Huey consumer started" not in log.read_text()


# Redis: the queue where a deployment with TOXFILL_REDIS_URL keeps the reminders.


@pytest.fixture
def redis_db() -> Iterator[redis.Redis]:
    """Redis database 13, empty; a skip when no Redis answers, unless TOXFILL_REQUIRE_REDIS=1."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.ConnectionError:
        client.close()
        if os.environ.get("TOXFILL_REQUIRE_REDIS") == "1":
            pytest.fail("TOXFILL_REQUIRE_REDIS=1 but no Redis answers on 127.0.0.1:6379")
        pytest.skip("no Redis answers on 127.0.0.1:6379 (CI sets TOXFILL_REQUIRE_REDIS=1)")
    client.flushdb()
    try:
        yield client
    finally:
        client.flushdb()
        client.close()


def test_it_sends_a_due_reminder_through_the_redis_queue(
    charted: TreatmentSession,
    mailoutbox: Any,
    redis_db: redis.Redis,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    # given the settings' queue with TOXFILL_REDIS_URL set, and a follow-up due in 3 days
    monkeypatch.setenv("TOXFILL_REDIS_URL", REDIS_URL)
    config = task_queue(Path(settings.DATA_DIR))
    huey_class = import_string(str(config.pop("huey_class")))
    config.pop("consumer")
    queue = huey_class(**config)
    assert isinstance(queue, RedisHuey)
    reminders = queue.task(name="send_followup_reminders")(send_followup_reminders.call_local)
    followup = charted.followups.get()
    followup.due_on = dt.date.today() + dt.timedelta(days=3)
    followup.save(update_fields=["due_on"])
    # when the task is enqueued, then taken from Redis and run as the consumer runs it
    result = reminders()
    assert queue.pending_count() == 1
    assert redis_db.dbsize() > 0
    with _logged(caplog, "huey", "toxfill.reminders"):
        queue.execute(queue.dequeue())
    # then Ana is emailed once, and the result went back through Redis
    assert result.get() == 1
    assert queue.pending_count() == 0
    assert [mail.to for mail in mailoutbox] == [["ana@example.org"]]
    # and the worker's log names the task and the follow-up, not the patient or treatment
    assert "send_followup_reminders" in caplog.text
    assert str(followup.public_id) in caplog.text
    assert "ana" not in caplog.text.lower()
    assert "botulinum" not in caplog.text.lower()


@contextlib.contextmanager
def _logged(caplog: pytest.LogCaptureFixture, *names: str) -> Iterator[None]:
    """Capture these loggers at INFO although the settings stop them propagating to root."""
    loggers = [logging.getLogger(name) for name in names]
    for logger in loggers:
        logger.addHandler(caplog.handler)
    try:
        with caplog.at_level(logging.INFO):
            yield
    finally:
        for logger in loggers:
            logger.removeHandler(caplog.handler)


def test_it_refuses_a_redis_url_that_is_not_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TOXFILL_REDIS_URL", "http://user:secret@cache:6379/0")
    with pytest.raises(ImproperlyConfigured, match="TOXFILL_REDIS_URL") as refused:
        task_queue(Path("/nonexistent"))
    assert "secret" not in str(refused.value)


def test_it_keeps_the_queue_in_sqlite_without_redis(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("TOXFILL_REDIS_URL", raising=False)
    config = task_queue(tmp_path)
    assert config["huey_class"] == "huey.SqliteHuey"
    assert config["filename"] == str(tmp_path / "tasks.sqlite3")
