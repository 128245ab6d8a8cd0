"""`toxfill passport verify` with passports from outside: it says how far the issuer is proven,
reads no file a passport names, fetches keys only over https (or from this machine) and
follows no redirect (issue 19, item 1)."""

from __future__ import annotations

import http.server
import json
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.passports import card_payload, signed_payload
from typer.testing import CliRunner

from toxfill import passport
from toxfill.cli import app

BUNDLE: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [{"resource": {"resourceType": "Patient", "name": [{"family": "Silva"}]}}],
}


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return passport.new_signing_key()


class KeyServer(http.server.BaseHTTPRequestHandler):
    """Serves /jwks.json; /moved answers a redirect to it, as a hijacked address might."""

    jwks: ClassVar[dict[str, Any]] = {}

    def do_GET(self) -> None:
        if self.path.endswith("/moved/.well-known/jwks.json"):
            self.send_response(302)
            self.send_header("Location", "http://127.0.0.1:1/elsewhere.json")
            self.end_headers()
            return
        body = json.dumps(self.jwks).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(key: dict[str, Any]) -> Iterator[str]:
    KeyServer.jwks = {"keys": [passport.public_jwk(key)]}
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), KeyServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def card_file(tmp_path: Path, key: dict[str, Any], issuer: str) -> Path:
    token = passport.sign_passport(BUNDLE, issuer=issuer, private_jwk=key, signed_at=1_700_000_000)
    path = tmp_path / "card.smart-health-card"
    path.write_text(json.dumps({"verifiableCredential": [token]}))
    return path


def verify(*args: str, env: dict[str, str] | None = None) -> Any:
    return CliRunner().invoke(app, ["passport", "verify", *args], env=env)


def test_a_key_set_handed_over_checks_the_signature_but_never_the_issuer(
    tmp_path: Path, key: dict[str, Any]
) -> None:
    # Given a passport naming a real clinic, signed with a key its bearer made, and that key set
    card = card_file(tmp_path, key, "https://riverside.example/clinics/7c1e")
    keys = tmp_path / "jwks.json"
    keys.write_text(json.dumps({"keys": [passport.public_jwk(key)]}))

    result = verify(str(card), "--keys", str(keys))
    checked = verify(str(card), "--keys", str(keys), "--format", "json")

    assert result.exit_code == 0, result.output
    assert "signed by its issuer" not in result.output
    assert "issuer not verified" in result.output
    answer = json.loads(checked.output)
    assert answer["verified"] is True
    assert answer["issuer_verified"] is False
    assert answer["keys_from"] == "given"


def test_an_issuer_on_the_trusted_list_is_verified_with_its_listed_keys(
    tmp_path: Path, key: dict[str, Any], server: str
) -> None:
    issuer = "https://riverside.example/clinics/7c1e"
    trusted = tmp_path / "trusted.json"
    trusted.write_text(
        json.dumps(
            {
                "participating_issuers": [
                    {"iss": issuer, "name": "Riverside", "jwks_url": f"{server}/jwks.json"}
                ]
            }
        )
    )

    result = verify(
        str(card_file(tmp_path, key, issuer)), env={"TOXFILL_TRUSTED_ISSUERS": str(trusted)}
    )

    assert result.exit_code == 0, result.output
    assert "Verified: signed by its issuer and unchanged" in result.output
    assert "Riverside" in result.output


def test_keys_from_the_issuers_own_address_do_not_verify_who_runs_it(
    tmp_path: Path, key: dict[str, Any], server: str
) -> None:
    result = verify(str(card_file(tmp_path, key, server)), "--format", "json")

    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["keys_from"] == "issuer-address"
    assert json.loads(result.output)["issuer_verified"] is False


def test_it_follows_no_redirect_from_a_key_address(
    tmp_path: Path, key: dict[str, Any], server: str
) -> None:
    result = verify(str(card_file(tmp_path, key, f"{server}/moved")))

    assert result.exit_code == 2
    assert "redirects are not followed" in result.output


@pytest.mark.parametrize(
    "issuer",
    [
        pytest.param("/etc", id="a_directory"),
        pytest.param("file:///etc", id="a_file_url"),
        pytest.param("http://127.0.0.1.evil.example", id="loopback_prefix"),
        pytest.param("http://clinic.example", id="plain_http"),
    ],
)
def test_it_never_reads_a_file_or_plain_http_address_a_passport_names(
    tmp_path: Path, key: dict[str, Any], issuer: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    opened: list[str] = []
    real_open = Path.open

    def watch(self: Path, *args: Any, **kwargs: Any) -> Any:
        opened.append(str(self))
        return real_open(self, *args, **kwargs)

    card = card_file(tmp_path, key, issuer)
    monkeypatch.setattr(Path, "open", watch)

    result = verify(str(card))

    assert result.exit_code == 2, result.output
    assert "https" in result.output
    assert not [p for p in opened if p.startswith(("/etc", "file:"))]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    issuer=st.one_of(
        st.text(max_size=40),
        st.integers(),
        st.lists(st.text(max_size=5), max_size=3),
        st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    ),
    nbf=st.one_of(
        st.integers(min_value=-(10**20), max_value=10**20), st.floats(), st.text(max_size=5)
    ),
)
def test_any_issuer_and_time_exit_0_or_2_never_70(
    tmp_path: Path, key: dict[str, Any], issuer: object, nbf: object
) -> None:
    token = signed_payload(card_payload(iss=issuer, nbf=nbf), key)
    card = tmp_path / "odd.smart-health-card"
    card.write_text(token)
    keys = tmp_path / "jwks.json"
    keys.write_text(json.dumps({"keys": [passport.public_jwk(key)]}))

    result = verify(str(card), "--keys", str(keys))

    assert result.exit_code in (0, 2), result.output
