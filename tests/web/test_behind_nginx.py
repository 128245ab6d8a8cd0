"""Behind the README's reverse proxy, each visitor is limited as themselves: the real nginx
(Debian's package) in front of `toxfill serve` with two workers.

nginx connects to toxfill from 127.0.0.2, the one trusted proxy (TOXFILL_TRUSTED_PROXIES);
visitors connect from other loopback addresses (127.0.0.3, .4 ...), which Linux routes to
the same machine, so each is a different client address without any network.
"""

from __future__ import annotations

import http.client
import json
import os
import re
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.web.servers import (
    STARTUP_SECONDS,
    TOXFILL,
    copy_data_dir,
    free_port,
    server_environment,
)

from toxfill.web.clinic.demo import DEMO_PASSWORD, LOGINS
from toxfill.web.patient_link import throttle

pytestmark = pytest.mark.own_server

NGINX = Path("/usr/sbin/nginx")
PROXY = "127.0.0.2"

NGINX_CONF = """\
daemon off;
master_process off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {tmp}/body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{upstream};
            proxy_bind {proxy};
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
        }}
    }}
}}
"""


@dataclass(frozen=True)
class Site:
    proxy_port: int  # nginx
    direct_port: int  # toxfill itself
    log: Path  # toxfill's output: gunicorn's access log


def request(
    port: int,
    source: str,
    path: str,
    *,
    method: str = "GET",
    body: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> http.client.HTTPResponse:
    """One request to 127.0.0.1:`port` from the local address `source`."""
    connection = http.client.HTTPConnection(
        "127.0.0.1", port, timeout=10, source_address=(source, 0)
    )
    sent = dict(headers or {})
    payload = None
    if body is not None:
        payload = json.dumps(body)
        sent["Content-Type"] = "application/json"
    try:  # closed however the server answers, or fails to while it starts
        connection.request(method, path, body=payload, headers=sent)
        response = connection.getresponse()
        response.read()
    finally:
        connection.close()
    return response


def _wait_for(port: int, deadline: float) -> None:
    while True:
        try:
            if request(port, "127.0.0.1", "/compare").status == 200:
                return
        except (OSError, http.client.HTTPException):  # still starting
            pass
        if time.monotonic() > deadline:
            raise TimeoutError(f"nothing answered on port {port}")
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=STARTUP_SECONDS)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="module")
def site(
    tmp_path_factory: pytest.TempPathFactory, prepared_data_dir_template: Path
) -> Iterator[Site]:
    if not NGINX.exists():
        if os.environ.get("TOXFILL_REQUIRE_NGINX") == "1":
            pytest.fail("TOXFILL_REQUIRE_NGINX=1 but /usr/sbin/nginx is missing")
        pytest.skip("nginx is not installed (/usr/sbin/nginx; Debian's package `nginx`)")
    tmp = tmp_path_factory.mktemp("behind-nginx")
    upstream, port = free_port(), free_port()
    data = copy_data_dir(prepared_data_dir_template, tmp / "data")
    env = server_environment(data)
    env.pop("TOXFILL_REDIS_URL", None)
    env.update(
        TOXFILL_DEMO="1",  # the demo clinic's logins, to be locked out
        TOXFILL_WORKER="0",
        TOXFILL_TRUSTED_PROXIES=PROXY,
    )
    log = tmp / "toxfill.log"
    with log.open("wb") as output:
        toxfill = subprocess.Popen(
            [str(TOXFILL), "serve", "--port", str(upstream), "--workers", "2"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    conf = tmp / "nginx.conf"
    conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, upstream=upstream, proxy=PROXY))
    nginx = subprocess.Popen(
        [str(NGINX), "-p", str(tmp), "-c", str(conf), "-e", str(tmp / "nginx-error.log")],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_for(upstream, time.monotonic() + STARTUP_SECONDS)
        _wait_for(port, time.monotonic() + 10)
        yield Site(proxy_port=port, direct_port=upstream, log=log)
    finally:
        _stop(nginx)
        _stop(toxfill)


def _spend_link_limit(site: Site, visitor: str) -> None:
    for n in range(throttle.PER_IP):
        assert request(site.proxy_port, visitor, f"/p/guess-{n}").status == 404


def test_it_limits_two_visitors_behind_the_proxy_separately(site: Site) -> None:
    # given one visitor who has used up the link limit, over both workers
    _spend_link_limit(site, "127.0.0.3")
    # when they and another visitor ask again through the same proxy
    first = request(site.proxy_port, "127.0.0.3", "/p/guess-again")
    second = request(site.proxy_port, "127.0.0.4", "/p/guess-again")
    # then only the first waits
    assert first.status == 429
    assert first.headers["Retry-After"] == "60"
    assert second.status == 404


def test_it_ignores_a_forwarded_address_from_an_untrusted_peer(site: Site) -> None:
    # given a visitor who has used up the link limit
    _spend_link_limit(site, "127.0.0.5")
    forged = {"X-Forwarded-For": "127.0.0.5"}
    # when others claim to be that visitor: straight to toxfill, and through the proxy
    direct = request(site.direct_port, "127.0.0.6", "/p/guess-again", headers=forged)
    proxied = request(site.proxy_port, "127.0.0.7", "/p/guess-again", headers=forged)
    # then each is counted as who connected, not who they said they were
    assert direct.status == 404
    assert proxied.status == 404


def test_it_logs_the_visitor_not_the_proxy(site: Site) -> None:
    request(site.proxy_port, "127.0.0.8", "/compare")
    request(site.direct_port, "127.0.0.9", "/compare", headers={"X-Forwarded-For": "10.9.9.9"})
    time.sleep(0.5)  # gunicorn writes the line after the answer

    lines = site.log.read_text(encoding="utf-8", errors="replace").splitlines()
    addresses = {line.split(" ")[0] for line in lines if '"GET /compare"' in line}
    assert {"127.0.0.8", "127.0.0.9"} <= addresses
    assert "10.9.9.9" not in addresses
    assert not any(re.match(r"127\.0\.0\.2 \[", line) for line in lines)


def test_it_pauses_sign_in_for_one_visitor_only(site: Site) -> None:
    username = LOGINS[0].username

    def sign_in(visitor: str, password: str) -> int:
        credentials = {"username": username, "password": password}
        answer = request(
            site.proxy_port, visitor, "/api/v1/clinic/login", method="POST", body=credentials
        )
        return answer.status

    # given five wrong passwords for a clinician's name from one visitor
    wrong = [sign_in("127.0.0.10", "not the password") for _ in range(5)]
    # then that visitor is paused, even with the right password, and the clinician is not
    assert wrong[:4] == [422] * 4
    assert sign_in("127.0.0.10", DEMO_PASSWORD) == 429
    assert sign_in("127.0.0.11", DEMO_PASSWORD) == 200
