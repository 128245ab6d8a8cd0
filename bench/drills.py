"""Attack drills against a real `toxfill serve`: does a third visitor still get quick answers?

    .venv/bin/python bench/drills.py            (also run by `make bench`)

1. Large bad requests: two clients keep sending 2.4 MB request bodies with a made-up ID
   (what once held both workers for 31 s) while a third measures GET /api/v1/options.
2. Slowloris: 50 connections each send one header line every 5 s and never finish their
   request, while a client measures GET /api/v1/options.

Measured, not asserted: each drill prints its figures and whether they hold the target
(100 ms and 200 ms, the worst answer of the measuring client).
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

TOXFILL = Path(sys.executable).parent / "toxfill"
HOST = "127.0.0.1"
ATTACK_BYTES = 2_400_000
SLOW_CONNECTIONS = int(os.environ.get("DRILL_SLOW_CONNECTIONS", "50"))
SLOW_LINE_EVERY_S = 5.0


@dataclass
class Latencies:
    samples: list[float] = field(default_factory=list)
    failures: int = 0

    def row(self, name: str, target_ms: float) -> str:
        if not self.samples:
            return f"| {name} | 0 | - | - | - | failed {self.failures} | no |"
        ms = sorted(s * 1000 for s in self.samples)
        p95 = ms[min(len(ms) - 1, int(len(ms) * 0.95))]
        holds = "yes" if ms[-1] < target_ms and not self.failures else "**no**"
        return (
            f"| {name} | {len(ms)} | {statistics.median(ms):.1f} ms | {p95:.1f} ms | "
            f"{ms[-1]:.1f} ms | {self.failures} | {holds} (< {target_ms:.0f} ms) |"
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return int(probe.getsockname()[1])


@contextlib.contextmanager
def server() -> Iterator[int]:
    """`toxfill serve` on a fresh data dir, as `make run` starts it; yields its port."""
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="toxfill-drill-") as data:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL"}}
        env.update(TOXFILL_DATA_DIR=data, TOXFILL_HTTPS="0")
        env.pop("DJANGO_SETTINGS_MODULE", None)
        process = subprocess.Popen(
            [str(TOXFILL), "serve", "--port", str(port)],
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = (
                time.monotonic() + 300
            )  # a first start migrates; a busy machine takes minutes
            while True:
                try:
                    get_options(port, timeout=2)
                    break
                except OSError:
                    if time.monotonic() > deadline or process.poll() is not None:
                        raise RuntimeError("toxfill serve did not start") from None
                    time.sleep(0.2)
            yield port
        finally:
            process.terminate()
            process.wait(timeout=30)


def get_options(port: int, timeout: float = 10) -> float:
    """Seconds to answer GET /api/v1/options on a new connection (as a new visitor)."""
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", "/api/v1/options")
        response = connection.getresponse()
        response.read()
        if response.status != 200:
            raise OSError(f"status {response.status}")
    finally:
        connection.close()
    return time.perf_counter() - start


def measure(port: int, stop: threading.Event, every_s: float = 0.05) -> Latencies:
    latencies = Latencies()
    while not stop.is_set():
        try:
            latencies.samples.append(get_options(port))
        except OSError:
            latencies.failures += 1
        time.sleep(every_s)
    return latencies


def large_bad_request(port: int) -> tuple[int, float]:
    """POST a 2.4 MB intake whose one concern is a made-up ID: (status, seconds)."""
    body = json.dumps({"age": 40, "concerns": ["x" * ATTACK_BYTES]}).encode()
    start = time.perf_counter()
    connection = http.client.HTTPConnection(HOST, port, timeout=60)
    try:
        connection.request(
            "POST", "/api/v1/decide", body, headers={"Content-Type": "application/json"}
        )
        response = connection.getresponse()
        response.read()
        status = response.status
    except OSError:
        status = 0  # the server may close the connection without reading the whole body
    finally:
        connection.close()
    return status, time.perf_counter() - start


def large_requests_drill(port: int, seconds: float = 10) -> tuple[Latencies, list[str]]:
    stop = threading.Event()
    answers: list[tuple[int, float]] = []

    def attacker() -> None:
        while not stop.is_set():
            answers.append(large_bad_request(port))

    attackers = [threading.Thread(target=attacker) for _ in range(2)]
    for thread in attackers:
        thread.start()
    time.sleep(0.5)
    result: list[Latencies] = []
    probe = threading.Thread(target=lambda: result.append(measure(port, stop)))
    probe.start()
    time.sleep(seconds)
    stop.set()
    probe.join()
    for thread in attackers:
        thread.join()
    statuses = sorted({status for status, _ in answers})
    worst = max((s for _, s in answers), default=0.0)
    notes = [
        f"{len(answers)} attack requests of {ATTACK_BYTES / 1e6:.1f} MB answered with "
        f"{', '.join(map(str, statuses))}, the slowest in {worst * 1000:.0f} ms"
    ]
    return result[0], notes


def slowloris_drill(port: int, seconds: float = 30) -> tuple[Latencies, list[str]]:
    stop = threading.Event()
    held = []
    for _ in range(SLOW_CONNECTIONS):
        slow = socket.create_connection((HOST, port), timeout=10)
        slow.sendall(f"GET /api/v1/options HTTP/1.1\r\nHost: {HOST}\r\n".encode())
        held.append(slow)
    dropped = [0]

    def drip() -> None:
        while not stop.wait(SLOW_LINE_EVERY_S):
            for index, slow in enumerate(held):
                if slow.fileno() < 0:
                    continue
                try:
                    slow.sendall(f"X-Slow-{index}: {time.monotonic():.0f}\r\n".encode())
                except OSError:
                    slow.close()
                    dropped[0] += 1

    dripper = threading.Thread(target=drip)
    dripper.start()
    latencies = Latencies()
    probe = threading.Thread(target=lambda: latencies.__dict__.update(measure(port, stop).__dict__))
    probe.start()
    time.sleep(seconds)
    stop.set()
    probe.join()
    dripper.join()
    for slow in held:
        slow.close()
    notes = [
        f"{SLOW_CONNECTIONS} slow connections, one header line each every "
        f"{SLOW_LINE_EVERY_S:.0f} s for {seconds:.0f} s; the server closed {dropped[0]} of them"
    ]
    return latencies, notes


def main() -> list[str]:
    """Both drills against one server; Markdown lines for bench/RESULTS.md."""
    lines = [
        "| drill | requests measured | median | p95 | worst | failed | holds |",
        "|---|---|---|---|---|---|---|",
    ]
    notes: list[str] = []
    with server() as port:
        for _ in range(20):  # every worker loads the knowledge base on its first request
            get_options(port)
        idle = Latencies(samples=[get_options(port) for _ in range(50)])
        lines.append(idle.row("GET /api/v1/options, no attack", 100))
        latencies, said = large_requests_drill(port)
        lines.append(latencies.row("... while 2 clients send 2.4 MB bad requests", 100))
        notes += said
        latencies, said = slowloris_drill(port)
        lines.append(latencies.row(f"... while {SLOW_CONNECTIONS} slowloris connections", 200))
        notes += said
    return [*lines, "", *(f"- {note}" for note in notes)]


if __name__ == "__main__":
    print("\n".join(main()))
