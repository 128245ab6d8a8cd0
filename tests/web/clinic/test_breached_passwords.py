"""ASVS V6.2.12: a new password found in data breaches is refused, against the corpus the
operator names: Have I Been Pwned's ordered SHA-1 file (binary search, nothing leaves the
machine) or its k-anonymity range API (only five hex digits leave; unreachable means refused
for now, never let through). Both made here in the corpus's own format, never with toxfill's
code; every form that sets a password asks the check."""

from __future__ import annotations

import hashlib
import http.server
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import ClassVar

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.test import Client
from hypothesis import given, settings
from hypothesis import strategies as st
from tests.web.clinic.people import PASSWORD

from toxfill.web.clinic.breached_passwords import (
    BreachedPasswordValidator,
    Corpus,
    configured_corpus,
    count_in_ordered_file,
)
from toxfill.web.clinic.models import Membership

BREACHED = {"Summer2026!Summer": 4123, "correct horse battery": 7, "aaaaaaaaaaaa": 1}


def sha1(password: str) -> str:
    return hashlib.sha1(password.encode()).hexdigest().upper()


def pwned_file(path: Path, passwords: dict[str, int]) -> Path:
    """A Pwned Passwords download in miniature: SHA1:COUNT lines, ordered by hash, CRLF."""
    lines = sorted(f"{sha1(p)}:{n}" for p, n in passwords.items())
    path.write_bytes("".join(line + "\r\n" for line in lines).encode())
    return path


@pytest.fixture
def corpus_file(tmp_path: Path) -> Path:
    filler = {f"filler password {n}": n + 1 for n in range(3000)}
    return pwned_file(tmp_path / "pwned.txt", {**filler, **BREACHED})


def test_a_breached_password_is_refused_with_how_often_it_was_seen(corpus_file: Path) -> None:
    validator = BreachedPasswordValidator()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.BREACHED_PASSWORDS", Corpus("file", str(corpus_file)))
        with pytest.raises(ValidationError, match="seen 4,123 time"):
            validator.validate("Summer2026!Summer")
        validator.validate("a long unlisted passphrase 7")  # not in the corpus: fine


@given(
    listed=st.sets(st.text(min_size=1, max_size=12), min_size=1, max_size=60),
    asked=st.text(min_size=1, max_size=12),
)
@settings(max_examples=60, deadline=None)
def test_the_binary_search_finds_exactly_what_the_file_lists(
    tmp_path_factory: pytest.TempPathFactory, listed: set[str], asked: str
) -> None:
    path = pwned_file(tmp_path_factory.mktemp("c") / "p.txt", dict.fromkeys(listed, 2))
    for password in [*listed, asked]:
        expected = 2 if password in listed else 0
        assert count_in_ordered_file(path, sha1(password)) == expected


class FakeRangeApi(http.server.BaseHTTPRequestHandler):
    """The range API as its documentation describes it: suffixes of the prefix asked, with
    padding lines of count 0 when Add-Padding is sent."""

    asked: ClassVar[list[tuple[str, str | None]]] = []

    def do_GET(self) -> None:
        prefix = self.path.rsplit("/", 1)[-1]
        FakeRangeApi.asked.append((prefix, self.headers.get("Add-Padding")))
        lines = [f"{sha1(p)[5:]}:{n}" for p, n in BREACHED.items() if sha1(p)[:5] == prefix]
        lines += [f"{'0' * 35}:0", f"{sha1('padding only')[5:]}:0"]
        body = "\r\n".join(lines).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def range_api() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), FakeRangeApi)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    FakeRangeApi.asked = []
    yield f"http://127.0.0.1:{server.server_address[1]}/range/"
    server.shutdown()
    server.server_close()


def test_the_range_api_sends_five_hex_digits_and_asks_for_padding(range_api: str) -> None:
    validator = BreachedPasswordValidator()
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("django.conf.settings.BREACHED_PASSWORDS", Corpus("range", range_api))
        with pytest.raises(ValidationError, match="seen 7 time"):
            validator.validate("correct horse battery")
        validator.validate("padding only")  # a padding line's count 0 is no breach

    assert FakeRangeApi.asked == [
        (sha1("correct horse battery")[:5], "true"),
        (sha1("padding only")[:5], "true"),
    ]


def test_an_unreachable_range_api_refuses_for_now_never_lets_through() -> None:
    validator = BreachedPasswordValidator()
    with pytest.MonkeyPatch.context() as patch:
        closed = Corpus("range", "http://127.0.0.1:9/range/")  # nothing listens on port 9
        patch.setattr("django.conf.settings.BREACHED_PASSWORDS", closed)
        with pytest.raises(ValidationError, match="cannot be reached just now"):
            validator.validate("a long unlisted passphrase 7")


def test_the_password_change_page_refuses_a_breached_password(
    provider: Membership,
    client_for: Callable[[Membership], Client],
    corpus_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr("django.conf.settings.BREACHED_PASSWORDS", Corpus("file", str(corpus_file)))

    response = client_for(provider).post(
        "/clinic/password/",
        {
            "old_password": PASSWORD,
            "new_password1": "Summer2026!Summer",
            "new_password2": "Summer2026!Summer",
        },
    )

    assert response.status_code == 200  # the form again, as for any refused password
    assert "seen 4,123 time(s) in data breaches" in response.content.decode()
    provider.user.refresh_from_db()
    assert provider.user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("value", "why"),
    [
        ("file:/no/such/file.txt", "names no file"),
        ("range:http://api.example.org/range/", "over https only"),
        ("hibp", "must be file:/path/to/pwned-passwords-sha1-ordered-by-hash.txt"),
    ],
)
def test_a_bad_corpus_is_refused_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, value: str, why: str
) -> None:
    monkeypatch.setenv("TOXFILL_BREACHED_PASSWORDS", value)

    with pytest.raises(ImproperlyConfigured) as refused:
        configured_corpus()

    assert str(refused.value).startswith("TOXFILL_BREACHED_PASSWORDS")
    assert why in str(refused.value)


def test_the_corpus_named_is_taken(monkeypatch: pytest.MonkeyPatch, corpus_file: Path) -> None:
    monkeypatch.setenv("TOXFILL_BREACHED_PASSWORDS", f"file:{corpus_file}")
    assert configured_corpus() == Corpus("file", str(corpus_file))
    monkeypatch.setenv("TOXFILL_BREACHED_PASSWORDS", "range:https://api.pwnedpasswords.com/range")
    assert configured_corpus() == Corpus("range", "https://api.pwnedpasswords.com/range/")
