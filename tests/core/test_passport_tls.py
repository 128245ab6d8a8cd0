"""The key fetch checks the issuer's certificate (the checklist's ASVS 12.3.2): a server whose
certificate nobody vouches for is refused, and the same server is read once its certificate
is trusted, so the refusal is the certificate's and not anything else's."""

from __future__ import annotations

import http.server
import json
import ssl
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.certificates import self_signed

from toxfill.passport import PassportError
from toxfill.passport.keys import fetch_key_set

KEY_SET = {"keys": []}


class _Keys(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = json.dumps(KEY_SET).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def issuer(tmp_path: Path) -> Iterator[tuple[str, Path]]:
    """An HTTPS key server on 127.0.0.1 with a self-signed certificate: its address and cert."""
    cert_file, key_file = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Keys)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    server.handle_error = lambda *_: None  # type: ignore[method-assign]  # refused handshakes
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{server.server_address[1]}/jwks.json", cert_file
    finally:
        server.shutdown()
        server.server_close()


def test_it_refuses_keys_from_a_server_whose_certificate_nobody_vouches_for(
    issuer: tuple[str, Path],
) -> None:
    address, _ = issuer

    with pytest.raises(PassportError, match="CERTIFICATE_VERIFY_FAILED"):
        fetch_key_set(address, "the issuer's keys")


def test_it_reads_the_same_server_once_its_certificate_is_trusted(
    issuer: tuple[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    address, cert_file = issuer
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))

    assert fetch_key_set(address, "the issuer's keys") == KEY_SET
