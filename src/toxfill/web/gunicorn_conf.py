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
child for the server's lifetime; TOXFILL_WORKER=0 leaves it to a service of its own.
"""

from __future__ import annotations

import ctypes
import signal
import subprocess
import sys
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
# A patient link's address is its key: the log writes /p/… instead (toxfill.web.patient_link).
logger_class = "toxfill.web.patient_link.redact.RedactingLogger"
# The reverse proxy on the same machine says whether the visitor came over HTTPS.
forwarded_allow_ips = "127.0.0.1,::1"
# No runtime control socket: nothing manages a running toxfill but its process signals.
control_socket_disable = True


def post_worker_init(worker: object) -> None:
    """Each worker renders the public pages once before its first visitor (toxfill.web.warm)."""
    from toxfill.web.warm import warm

    warm()


# Huey's consumer: a graceful stop lets a reminder batch finish (its emails and their
# "reminded" marks go together); after this long it is killed.
WORKER_STOP_SECONDS = 30
PR_SET_PDEATHSIG = 1  # linux/prctl.h
_worker: subprocess.Popen[bytes] | None = None


def worker_command() -> list[str]:
    """The reminder worker: `toxfill-manage run_huey` with this Python."""
    return [sys.executable, "-m", "toxfill.web.manage", "run_huey"]


def _die_with_the_server() -> None:
    """In the worker before it runs: Linux sends it SIGTERM if the server dies uncleanly
    (SIGKILL, a crash), so no orphan goes on sending reminders."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


def when_ready(server: Any) -> None:
    """Once the arbiter listens: start the reminder worker (unless TOXFILL_WORKER=0)."""
    global _worker
    if not env_bool("TOXFILL_WORKER", True):
        server.log.info("Reminder worker not started (TOXFILL_WORKER=0)")
        return
    # Its own process group: Ctrl-C reaches gunicorn only, which then stops the worker once.
    _worker = subprocess.Popen(worker_command(), process_group=0, preexec_fn=_die_with_the_server)
    server.log.info("Reminder worker started (Huey consumer, pid %s)", _worker.pid)


def on_exit(server: Any) -> None:
    """As the arbiter stops: stop the reminder worker gracefully, then for good."""
    if _worker is None or _worker.poll() is not None:
        return
    _worker.send_signal(signal.SIGINT)  # Huey's graceful stop: the current task finishes
    try:
        _worker.wait(timeout=WORKER_STOP_SECONDS)
    except subprocess.TimeoutExpired:
        _worker.kill()
        _worker.wait()
    server.log.info("Reminder worker stopped")
