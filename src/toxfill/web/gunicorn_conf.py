"""gunicorn's settings for `toxfill serve` (and so `make run`); README, "Serving in production".

gunicorn's asyncio worker serves the ASGI application: a connection that is still sending its
request costs a coroutine, not a thread, so slow clients (slowloris) cannot take every worker
while normal visitors wait. Django runs the views in a thread of each worker. Measured
against threaded workers (gthread) in bench/RESULTS.md: with 16 or 64 threads a worker is
stalled by as many slow connections as it has threads; the asyncio worker kept answering in
milliseconds with 300. Production still puts a buffering reverse proxy (nginx, Caddy) in
front, which also times out clients that never finish their headers.

The arbiter (gunicorn's master process, not each worker, so periodic tasks run once however
many workers serve) also starts Huey's consumer, which sends the follow-up reminders, as its
child for the server's lifetime, and starts it again if it exits before the server does;
TOXFILL_WORKER=0 leaves it to a service of its own.
"""

from __future__ import annotations

import ctypes
import os
import signal
import subprocess
import sys
import threading
import time
from typing import Any

from toxfill.web.environment import env_bool

wsgi_app = "toxfill.web.asgi:application"
worker_class = "asgi"
# Connections one worker holds at once, slow ones included.
worker_connections = 1000
# A request that takes longer is a bug or an attack: the worker is restarted.
timeout = 30
graceful_timeout = 10
keepalive = 5
# Smaller than gunicorn's defaults: toxfill's longest URL (a plan with every treatment) is
# under 2 KB, and a browser sends about 20 headers.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

accesslog = "-"
# Paths only, never query strings: the public pages carry health answers in them.
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s %(L)ss'
# The visitor behind the proxy, and /p/… for a patient link, whose address is its key.
logger_class = "toxfill.web.access_log.AccessLogger"
# The reverse proxy (on this machine unless TOXFILL_TRUSTED_PROXIES says otherwise) says
# whether the visitor came over HTTPS; Django believes its X-Forwarded-For (client_address).
forwarded_allow_ips = os.environ.get("TOXFILL_TRUSTED_PROXIES", "127.0.0.1,::1")
# No runtime control socket: nothing manages a running toxfill but its process signals.
control_socket_disable = True
# gunicorn's own lines to syslog too when the log is shipped there (web/log_shipping.py);
# the same address, already checked by the settings, in gunicorn's own syntax.
if os.environ.get("TOXFILL_LOG_SYSLOG", "").strip():
    syslog = True
    syslog_addr = os.environ["TOXFILL_LOG_SYSLOG"].strip()
    syslog_prefix = "toxfill"
    syslog_facility = "local0"


def post_worker_init(worker: object) -> None:
    """Each worker renders the public pages once before its first visitor (toxfill.web.warm)."""
    from toxfill.web.warm import warm

    warm()


# Huey's consumer: a graceful stop lets a reminder batch finish (its emails and their
# "reminded" marks go together); after this long it is killed.
WORKER_STOP_SECONDS = 30
# Seconds before restarting a consumer that exited while the server runs, longer after each
# exit in a row; one that had run for RESTART_RESET_SECONDS starts the count again.
RESTART_DELAYS = (1, 2, 5, 10, 30, 60)
RESTART_RESET_SECONDS = 300
PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Looked up here, not in the child between fork and exec, where loading a library may hang.
_prctl = ctypes.CDLL(None, use_errno=True).prctl if sys.platform.startswith("linux") else None
_worker: subprocess.Popen[bytes] | None = None
_stopping = threading.Event()
_starting = threading.Lock()  # a restart and the server's exit never cross


def worker_command() -> list[str]:
    """The reminder worker: `toxfill-manage run_huey` with this Python."""
    return [sys.executable, "-m", "toxfill.web.manage", "run_huey"]


def _die_with_the_server() -> None:
    """In the worker before it runs: Linux sends it SIGTERM if the server dies uncleanly
    (SIGKILL, a crash), so no orphan goes on sending reminders."""
    if _prctl is not None:
        _prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def _start_worker(server: Any) -> subprocess.Popen[bytes]:
    global _worker
    # Its own process group: Ctrl-C reaches gunicorn only, which then stops the worker once.
    _worker = subprocess.Popen(worker_command(), process_group=0, preexec_fn=_die_with_the_server)
    server.log.info("Reminder worker started (Huey consumer, pid %s)", _worker.pid)
    return _worker


def _keep_running(server: Any, worker: subprocess.Popen[bytes]) -> None:
    """In a thread of the arbiter: start the worker again whenever it exits before the
    server does (a crash, an out-of-memory kill), waiting longer after each exit in a row,
    so reminders never stop while the site still serves."""
    exits_in_a_row = 0
    while True:
        started = time.monotonic()
        # No exit status to report: gunicorn's arbiter reaps any child it is told has ended,
        # often before this wait does.
        worker.wait()
        if _stopping.is_set():
            return
        if time.monotonic() - started > RESTART_RESET_SECONDS:
            exits_in_a_row = 0
        delay = RESTART_DELAYS[min(exits_in_a_row, len(RESTART_DELAYS) - 1)]
        exits_in_a_row += 1
        server.log.error(
            "Reminder worker (pid %s) exited: restarting it in %s s", worker.pid, delay
        )
        if _stopping.wait(delay):
            return
        with _starting:
            if _stopping.is_set():
                return
            worker = _start_worker(server)


def when_ready(server: Any) -> None:
    """Once the arbiter listens: start the reminder worker (unless TOXFILL_WORKER=0), and
    keep it running."""
    if not env_bool("TOXFILL_WORKER", True):
        server.log.info("Reminder worker not started (TOXFILL_WORKER=0)")
        return
    with _starting:
        worker = _start_worker(server)
    # The thread lives as long as the arbiter: Linux's parent-death signal follows the thread
    # that started a worker, so it must not end while its worker runs.
    threading.Thread(target=_keep_running, args=(server, worker), daemon=True).start()


def on_exit(server: Any) -> None:
    """As the arbiter stops: stop the reminder worker gracefully, then for good."""
    with _starting:
        _stopping.set()
        worker = _worker
    if worker is None or worker.poll() is not None:
        return
    worker.send_signal(signal.SIGINT)  # Huey's graceful stop: the current task finishes
    try:
        worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()
    server.log.info("Reminder worker stopped")
