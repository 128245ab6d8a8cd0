"""The multi-node drill's machinery (multinode.py): its database and Redis, the nodes,
nginx in front of them, and a watch on the reminder consumers.

nginx spreads requests over both nodes; a node that fails a request is left alone for 3 s
(passive health checks), and a request that fails on one node is sent to the other
(proxy_next_upstream), except a write nginx has already passed on, which might have been
done: nginx sends POST and PATCH to one node only. A write with an `Idempotency-Key` is the
exception, sent on as well (the `@keyed` location), since toxfill does it once whatever
happens.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from multinode_load import HOST, call

TOXFILL = Path(sys.executable).parent / "toxfill"
NGINX = Path("/usr/sbin/nginx")
ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
DATABASE = "toxfill_multinode_drill"
REDIS_URL = "redis://127.0.0.1:6379/7"
SERVER_PORTS = range(20000, 32000)  # below the kernel's ephemeral range (tests/web/test_serve.py)

NGINX_CONF = """\
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 512; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    upstream toxfill {{
        server 127.0.0.1:{a} max_fails=1 fail_timeout=3s;
        server 127.0.0.1:{b} max_fails=1 fail_timeout=3s;
    }}
    server {{
        listen 127.0.0.1:{port};
        proxy_set_header Host $host;
        proxy_set_header X-Forwarded-Proto $scheme;
        proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        proxy_connect_timeout 2s;
        proxy_read_timeout 30s;
        proxy_next_upstream error timeout;
        proxy_next_upstream_tries 2;
        location / {{
            error_page 418 = @keyed;
            if ($http_idempotency_key) {{ return 418; }}
            proxy_pass http://toxfill;
        }}
        location @keyed {{
            proxy_next_upstream error timeout non_idempotent;
            proxy_pass http://toxfill;
        }}
    }}
}}
"""


def free_port() -> int:
    for port in random.sample(SERVER_PORTS, 200):
        with socket.socket() as probe:
            try:
                probe.bind((HOST, port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port between 20000 and 32000")


def missing() -> str | None:
    """What the drill needs and this machine lacks, or None."""
    import psycopg
    import redis

    if os.geteuid() != 0:
        return "needs root (PostgreSQL's tools run as the postgres user)"
    if not NGINX.exists() or shutil.which("runuser") is None:
        return "needs Debian's nginx (/usr/sbin/nginx) and runuser"
    try:
        psycopg.connect(ADMIN_URL, connect_timeout=3).close()
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except (psycopg.Error, redis.RedisError) as error:
        return f"needs PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 ({error})"
    return None


@contextlib.contextmanager
def fresh_database() -> Iterator[str]:
    import psycopg

    def drop() -> None:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')

    drop()
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        yield f"postgresql://postgres@127.0.0.1:5432/{DATABASE}"
    finally:
        drop()


@contextlib.contextmanager
def empty_redis() -> Iterator[None]:
    import redis

    client = redis.Redis.from_url(REDIS_URL)
    client.flushdb()
    try:
        yield
    finally:
        client.flushdb()
        client.close()


@dataclass
class Node:
    name: str
    port: int
    env: dict[str, str]
    log: Path
    process: subprocess.Popen[bytes] | None = None
    starts: list[float] = field(default_factory=list)

    def start(self) -> None:
        with self.log.open("ab") as output:
            self.process = subprocess.Popen(
                [str(TOXFILL), "serve", "--port", str(self.port), "--workers", "2"],
                env=self.env,
                stdout=output,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own process group: killed as a machine dies
            )
        self.starts.append(time.monotonic())

    def wait_until_ready(self, seconds: float = 120) -> float:
        deadline = time.monotonic() + seconds
        while not self.answers():
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"node {self.name} exited: see {self.log}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"node {self.name} did not answer: see {self.log}")
            time.sleep(0.2)
        return time.monotonic()

    def answers(self) -> bool:
        return call(self.port, "GET", "/api/v1/options", timeout=2).status == 200

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=40)
        except subprocess.TimeoutExpired:
            self.kill()


def consumers(nodes: list[Node]) -> dict[int, str]:
    """The reminder consumers (`run_huey`) running for these nodes: pid, node name."""
    found = {}
    data_dirs = {node.env["TOXFILL_DATA_DIR"]: node.name for node in nodes}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            command = (proc / "cmdline").read_bytes()
            if b"run_huey" not in command:
                continue
            environ = (proc / "environ").read_bytes().split(b"\0")
            stat = (proc / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        for entry in environ:
            name, _, value = entry.decode(errors="replace").partition("=")
            if name == "TOXFILL_DATA_DIR" and value in data_dirs and stat != "Z":
                found[int(proc.name)] = data_dirs[value]
    return found


@dataclass
class ConsumerWatch:
    most_at_once: int = 0
    seen: dict[int, str] = field(default_factory=dict)


def watch_consumers(nodes: list[Node], watch: ConsumerWatch, stop: threading.Event) -> None:
    while not stop.wait(0.25):
        running = consumers(nodes)
        watch.most_at_once = max(watch.most_at_once, len(running))
        watch.seen.update(running)


@contextlib.contextmanager
def nginx(tmp: Path, a: int, b: int) -> Iterator[int]:
    port = free_port()
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, a=a, b=b))
    process = subprocess.Popen(
        [str(NGINX), "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "nginx-error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 15
        while call(port, "GET", "/api/v1/options", timeout=2).status != 200:
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"nginx did not start: see {tmp / 'nginx-error.log'}")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=15)
