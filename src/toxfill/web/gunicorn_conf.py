"""gunicorn's settings for `toxfill serve` (and so `make run`); README, "Serving in production".

gunicorn's asyncio worker serves the ASGI application: a connection that is still sending its
request costs a coroutine, not a thread, so slow clients (slowloris) cannot take every worker
while normal visitors wait. Django runs the views in a thread of each worker. Measured
against threaded workers (gthread) in bench/RESULTS.md: with 16 or 64 threads a worker is
stalled by as many slow connections as it has threads; the asyncio worker kept answering in
milliseconds with 300. Production still puts a buffering reverse proxy (nginx, Caddy) in
front, which also times out clients that never finish their headers.
"""

from __future__ import annotations

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
