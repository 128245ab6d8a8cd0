"""SMART Health Links in the core: the `shlink:/` payload, its files as JWE (checked against
jwcrypto, which toxfill does not use), the manifest request a server reads, and a receiver's
fetch over a transport (urllib against a local server: redirects refused)."""

from __future__ import annotations

import base64
import contextlib
import http.server
import json
import threading
from collections.abc import Iterator
from typing import Any, ClassVar

import pytest
from hypothesis import given
from hypothesis import strategies as st
from jwcrypto import jwe, jwk
from tests import health_cards
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.errors import InputError
from toxfill.passport import PassportError, shlink
from toxfill.passport.fetch import http_transport
from toxfill.passport.shlink import HealthLink, Reply

KEY = shlink.new_key()
URL = "https://clinic.example/shl/" + "A" * 22 + "/" + "B" * 43


def b64(document: object) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).rstrip(b"=").decode()


def test_it_round_trips_a_link_with_or_without_a_viewer() -> None:
    link = HealthLink(url=URL, key=KEY, exp=1_900_000_000, label="Treatment record")
    for viewer in ("", "https://viewer.example/#"):
        text = shlink.health_link_text(link, viewer)
        assert shlink.is_health_link(text)
        assert shlink.read_health_link(text) == link
        health_cards.read_shlink(text)  # and the independent reading agrees it is one


def test_a_new_key_is_32_random_bytes() -> None:
    assert len(KEY) == 43
    assert len(base64.urlsafe_b64decode(KEY + "=")) == 32
    assert shlink.new_key() != shlink.new_key()


@pytest.mark.parametrize(
    "payload",
    [
        pytest.param({"key": KEY}, id="no_url"),
        pytest.param({"url": "https://x.example/" + "a" * 120, "key": KEY}, id="url_over_128"),
        pytest.param({"url": URL, "key": KEY[:-1]}, id="short_key"),
        pytest.param({"url": URL, "key": KEY[:-1] + "+"}, id="key_not_base64url"),
        pytest.param({"url": URL, "key": KEY, "flag": "PU"}, id="p_with_u"),
        pytest.param({"url": URL, "key": KEY, "flag": "X"}, id="unknown_flag"),
        pytest.param({"url": URL, "key": KEY, "label": "x" * 81}, id="label_over_80"),
        pytest.param({"url": URL, "key": KEY, "exp": "soon"}, id="exp_not_a_number"),
        pytest.param({"url": URL, "key": KEY, "v": 2}, id="version_2"),
        pytest.param([URL], id="not_an_object"),
    ],
)
def test_it_refuses_a_payload_the_spec_does_not_allow(payload: object) -> None:
    with pytest.raises(PassportError):
        shlink.read_health_link("shlink:/" + b64(payload))


@pytest.mark.parametrize(
    "text", ["shlink:/***", "shlink:/", "https://viewer.example/shlink:/" + b64({}), "shc:/12"]
)
def test_it_refuses_what_is_not_a_link_in_words(text: str) -> None:
    with pytest.raises(PassportError):
        shlink.read_health_link(text)


def test_a_file_decrypts_with_jwcrypto_and_says_its_type() -> None:
    token = shlink.encrypt_file(b'{"verifiableCredential":[]}', KEY, shlink.CARD)
    opened = jwe.JWE()
    opened.deserialize(token, key=jwk.JWK(kty="oct", k=KEY))
    assert opened.payload == b'{"verifiableCredential":[]}'
    assert json.loads(opened.objects["protected"])["cty"] == shlink.CARD
    assert health_cards.decrypt(token, KEY)[0] == shlink.CARD


def test_each_encryption_draws_a_new_nonce() -> None:
    first = shlink.encrypt_file(b"same", KEY, shlink.FHIR).split(".")[2]
    assert first != shlink.encrypt_file(b"same", KEY, shlink.FHIR).split(".")[2]


def test_a_long_history_is_not_cut_by_the_jose_librarys_default_limits() -> None:
    record = json.dumps({"resourceType": "Bundle", "entry": [{"n": n} for n in range(60_000)]})
    token = shlink.encrypt_file(record.encode(), KEY, shlink.FHIR)
    assert shlink.decrypt_file(token, KEY).content == record.encode()


def test_another_key_opens_nothing() -> None:
    token = shlink.encrypt_file(b"{}", KEY, shlink.FHIR)
    with pytest.raises(PassportError, match="cannot be opened"):
        shlink.decrypt_file(token, shlink.new_key())


@pytest.mark.parametrize(
    ("body", "field"),
    [
        pytest.param(b"not json", "body", id="not_json"),
        pytest.param(b"x" * 20_000, "body", id="too_large"),
        pytest.param(b'{"recipient": ""}', "recipient", id="empty_recipient"),
        pytest.param(b'{"recipient": "A", "passcode": 4}', "passcode", id="passcode_not_text"),
        pytest.param(
            b'{"recipient": "A", "embeddedLengthMax": 1.5}', "embeddedLengthMax", id="float"
        ),
    ],
)
def test_a_manifest_request_is_checked_field_by_field(body: bytes, field: str) -> None:
    with pytest.raises(InputError) as raised:
        shlink.read_manifest_request(body)
    assert raised.value.field == field


def test_a_manifest_request_reads_its_fields() -> None:
    asked = shlink.read_manifest_request(b'{"recipient": " Lakeside ", "embeddedLengthMax": 9}')
    assert (asked.recipient, asked.embedded_length_max, asked.passcode) == ("Lakeside", 9, None)


def server_of(files: list[dict[str, Any]], status: int = 200) -> Any:
    """A fake link server answering the manifest, and `/f` with the first file's JWE."""
    calls: list[tuple[str, str]] = []

    def send(method: str, url: str, body: bytes | None) -> Reply:
        calls.append((method, url))
        if url.endswith("/f"):
            return Reply(200, "application/jose", files[0]["embedded"].encode())
        return Reply(status, "application/json", json.dumps({"files": files}).encode())

    send.calls = calls  # type: ignore[attr-defined]
    return send


def test_a_receiver_gets_embedded_and_located_files() -> None:
    card = shlink.encrypt_file(b"{}", KEY, shlink.CARD)
    send = server_of(
        [
            {"contentType": shlink.CARD, "embedded": card},
            {"contentType": shlink.CARD, "location": "https://clinic.example/f"},
        ]
    )
    files = shlink.fetch_files(HealthLink(url=URL, key=KEY), send, recipient="Lakeside")
    assert [f.content_type for f in files] == [shlink.CARD, shlink.CARD]
    assert send.calls == [("POST", URL), ("GET", "https://clinic.example/f")]


@pytest.mark.parametrize(
    ("status", "words"),
    [(404, "no longer active"), (401, "passcode is wrong"), (429, "busy"), (500, "HTTP 500")],
)
def test_a_receiver_says_why_a_link_gave_nothing(status: int, words: str) -> None:
    with pytest.raises(PassportError, match=words):
        shlink.fetch_files(HealthLink(url=URL, key=KEY), server_of([], status), recipient="A")


def test_a_file_whose_type_differs_from_the_manifest_is_refused() -> None:
    fhir = shlink.encrypt_file(b"{}", KEY, shlink.FHIR)
    send = server_of([{"contentType": shlink.CARD, "embedded": fhir}])
    with pytest.raises(PassportError, match="not to be trusted"):
        shlink.fetch_files(HealthLink(url=URL, key=KEY), send, recipient="Lakeside")


class LinkServer(http.server.BaseHTTPRequestHandler):
    """A link's server on this machine: /manifest answers, /moved redirects elsewhere."""

    files: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        if self.path == "/moved":
            self.send_response(307)
            self.send_header("Location", "http://127.0.0.1:1/elsewhere")
            self.end_headers()
            return
        asked = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        body = json.dumps({"files": self.files, "asked": asked}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    LinkServer.files = [
        {"contentType": shlink.FHIR, "embedded": shlink.encrypt_file(b"{}", KEY, shlink.FHIR)}
    ]
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), LinkServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_urllib_fetches_a_link_on_this_machine(server: str) -> None:
    link = HealthLink(url=server + "/manifest", key=KEY)
    (fhir,) = shlink.fetch_files(link, http_transport(), recipient="Lakeside")
    assert fhir.content_type == shlink.FHIR


def test_urllib_follows_no_redirect(server: str) -> None:
    link = HealthLink(url=server + "/moved", key=KEY)
    with pytest.raises(PassportError, match="redirects are not followed"):
        shlink.fetch_files(link, http_transport(), recipient="Lakeside")


def test_a_server_fetching_for_a_visitor_refuses_an_inside_address(server: str) -> None:
    link = HealthLink(url=server + "/manifest", key=KEY)
    with pytest.raises(PassportError, match="private network"):
        shlink.fetch_files(link, http_transport(public_only=True), recipient="Lakeside")


@pytest.mark.parametrize("url", ["http://clinic.example/m", "file:///etc/passwd", "ftp://x/m"])
def test_urllib_fetches_only_https_or_this_machine(url: str) -> None:
    with pytest.raises(PassportError, match="https"):
        shlink.fetch_files(HealthLink(url=url, key=KEY), http_transport(), recipient="Lakeside")


@given(st.text(max_size=300))
def test_any_text_is_a_link_or_refused_in_words(text: str) -> None:
    with contextlib.suppress(PassportError):
        shlink.read_health_link("shlink:/" + text)


@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.text(),
        lambda c: st.lists(c) | st.dictionaries(st.text(), c),
    )
)
def test_any_payload_is_a_link_or_refused_in_words(payload: object) -> None:
    with contextlib.suppress(PassportError):
        shlink.read_health_link("shlink:/" + b64(payload))


@given(
    st.binary(max_size=300)
    | st.builds(
        lambda d: json.dumps(d).encode(),
        st.dictionaries(
            st.sampled_from(["recipient", "passcode", "embeddedLengthMax", "x"]),
            st.none() | st.booleans() | st.integers() | st.text() | st.floats(),
        ),
    )
)
def test_any_manifest_request_is_read_or_refused_naming_a_field(body: bytes) -> None:
    fields = []
    try:
        shlink.read_manifest_request(body)
    except InputError as exc:
        fields.append(exc.field)
    assert set(fields) <= {"body", "recipient", "passcode", "embeddedLengthMax"}


@pytest.mark.parametrize("text", ["shlink:/bm90IGpzb24", "shlink:/" + b64({"url": URL})])
def test_the_cli_refuses_a_broken_link_with_one_line_and_exit_2(text: str) -> None:
    result = CliRunner().invoke(app, ["passport", "verify", text])
    assert result.exit_code == 2
    assert "SMART Health Link" in result.output
    assert "Traceback" not in result.output
