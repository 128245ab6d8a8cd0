"""ASVS V12.3.3 and V12.3.4: a node a load balancer reaches over a network serves HTTPS with
the operator's certificate, which the client checks; plain HTTP is served only on this
machine, unless the operator writes that the network is private. Each refusal names the
setting and what would be valid, before the long first start."""

from __future__ import annotations

import http.client
import ssl
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from tests.certificates import self_signed
from tests.web.servers import server_environment, serving

from toxfill.errors import InputError
from toxfill.web.serve import check_plain_http, gunicorn_arguments, tls_files


@pytest.fixture(autouse=True)
def nothing_set(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("TOXFILL_TLS_CERT_FILE", "TOXFILL_TLS_KEY_FILE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("TOXFILL_ALLOW_UNENCRYPTED_NETWORK", raising=False)


@pytest.mark.parametrize("host", ["10.0.0.11", "0.0.0.0", "node1.example.org"])
def test_plain_http_to_the_network_is_refused_naming_the_choices(host: str) -> None:
    with pytest.raises(InputError) as refused:
        check_plain_http(host, None)

    assert refused.value.field == "host"
    for choice in ("TOXFILL_TLS_CERT_FILE", "127.0.0.1", "TOXFILL_ALLOW_UNENCRYPTED_NETWORK=1"):
        assert choice in refused.value.problem


def test_plain_http_on_this_machine_or_a_trusted_network_is_served(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for host in ("127.0.0.1", "localhost", "::1"):
        check_plain_http(host, None)
    monkeypatch.setenv("TOXFILL_ALLOW_UNENCRYPTED_NETWORK", "1")
    check_plain_http("10.0.0.11", None)


def test_the_files_come_both_or_neither_and_must_exist(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    cert_file, key_file = self_signed(tmp_path)
    monkeypatch.setenv("TOXFILL_TLS_CERT_FILE", str(cert_file))
    with pytest.raises(InputError, match="is needed with TOXFILL_TLS_CERT_FILE") as half:
        tls_files()
    assert half.value.field == "TOXFILL_TLS_KEY_FILE"

    monkeypatch.setenv("TOXFILL_TLS_KEY_FILE", str(tmp_path / "missing.key"))
    with pytest.raises(InputError, match="names no file"):
        tls_files()

    monkeypatch.setenv("TOXFILL_TLS_KEY_FILE", str(key_file))
    assert tls_files() == (cert_file, key_file)
    check_plain_http("10.0.0.11", tls_files())
    assert f"--certfile={cert_file}" in gunicorn_arguments("10.0.0.11", 8000, 2, tls_files())


@pytest.mark.own_server
def test_a_node_serves_https_whose_certificate_the_client_checks(
    prepared_data_dir: Path, tmp_path: Path
) -> None:
    cert_file, key_file = self_signed(tmp_path)
    env = server_environment(
        prepared_data_dir,
        TOXFILL_TLS_CERT_FILE=str(cert_file),
        TOXFILL_TLS_KEY_FILE=str(key_file),
    )
    env.pop("TOXFILL_DEMO", None)
    trusting = ssl.create_default_context(cafile=str(cert_file))

    with serving(env, tmp_path / "server.log", trusting) as base:
        assert base.startswith("https://")
        with urllib.request.urlopen(f"{base}/api/v1/options", context=trusting) as answer:
            assert answer.status == 200
        # a client that does not trust the operator's authority is refused by its own check
        with pytest.raises(urllib.error.URLError, match="CERTIFICATE_VERIFY_FAILED"):
            urllib.request.urlopen(f"{base}/api/v1/options", context=ssl.create_default_context())
        # and nothing is served in plain HTTP on the same port
        plain = base.replace("https://", "http://")
        with pytest.raises((urllib.error.URLError, http.client.HTTPException, OSError)):
            urllib.request.urlopen(f"{plain}/api/v1/options", timeout=5)
    assert "toxfill is serving on https://" in (tmp_path / "server.log").read_text()
