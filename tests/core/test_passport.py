"""Signed treatment passports (SMART Health Card JWS): signing, checking, QR text."""

from __future__ import annotations

import base64
import json
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from toxfill import passport
from toxfill.passport import PassportError

ISSUER = "https://riverside.example/clinics/7c1e"
BUNDLE: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [{"resource": {"resourceType": "Patient", "name": [{"family": "Silva"}]}}],
}


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return passport.new_signing_key()


@pytest.fixture(scope="module")
def jwks(key: dict[str, Any]) -> dict[str, Any]:
    return {"keys": [passport.public_jwk(key)]}


@pytest.fixture(scope="module")
def card(key: dict[str, Any]) -> str:
    return passport.sign_passport(BUNDLE, issuer=ISSUER, private_jwk=key, signed_at=1_790_000_000)


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_it_round_trips_a_signed_bundle(card: str, jwks: dict[str, Any]) -> None:
    verified = passport.read_passport(card, jwks)
    assert verified.issuer == ISSUER
    assert verified.bundle == BUNDLE
    assert verified.signed_at == 1_790_000_000
    assert verified.key_id == jwks["keys"][0]["kid"]


def test_it_counts_a_signed_bundles_resources_skipping_what_is_not_one(
    key: dict[str, Any], jwks: dict[str, Any]
) -> None:
    # Given a bundle its issuer signed with an entry that is not a resource
    odd = {**BUNDLE, "entry": [1, *BUNDLE["entry"], {"resource": {}}]}
    token = passport.sign_passport(odd, issuer=ISSUER, private_jwk=key, signed_at=1)

    # When it is read
    verified = passport.read_passport(token, jwks)

    # Then the counts and the lookup skip it, and a resource without a type counts as '?'
    assert verified.kinds() == {"Patient": 1, "?": 1}
    assert len(verified.resources("Patient")) == 1


def test_it_uses_the_smart_health_card_header(card: str) -> None:
    header = json.loads(_unb64(card.split(".")[0]))
    assert header["alg"] == "ES256"
    assert header["zip"] == "DEF"


def test_it_publishes_no_private_part(jwks: dict[str, Any]) -> None:
    assert "d" not in jwks["keys"][0]
    assert jwks["keys"][0]["crv"] == "P-256"


def test_it_fails_a_passport_changed_after_signing(card: str, jwks: dict[str, Any]) -> None:
    # given the payload rewritten: 20 units made 50
    head, body, signature = card.split(".")
    inflated = zlib.decompress(_unb64(body), -15).replace(b"Silva", b"Sylva")
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    forged = ".".join([head, _b64(packer.compress(inflated) + packer.flush()), signature])
    # then the signature no longer matches
    with pytest.raises(PassportError, match="changed after the clinic signed it"):
        passport.read_passport(forged, jwks)


def test_it_fails_a_passport_signed_by_another_key(card: str) -> None:
    stranger = passport.new_signing_key()
    forged = passport.sign_passport(BUNDLE, issuer=ISSUER, private_jwk=stranger, signed_at=1)
    with pytest.raises(PassportError, match="no published key"):
        passport.read_passport(forged, {"keys": [passport.public_jwk(passport.new_signing_key())]})


def test_it_reads_the_card_file_and_the_qr_text(card: str) -> None:
    assert passport.passport_from_text(json.dumps({"verifiableCredential": [card]})) == card
    assert passport.passport_from_text(passport.to_qr_text(card)) == card


def test_it_joins_a_split_qr_in_any_order(card: str) -> None:
    parts = passport.qr_chunks(card, 100)
    assert len(parts) > 1
    assert parts[0].startswith("shc:/1/")
    assert passport.from_qr_text(list(reversed(parts))) == card
    assert passport.passport_from_text("\n".join(reversed(parts))) == card


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("hello", id="not_a_jws"),
        pytest.param('{"verifiableCredential": []}', id="empty_card_file"),
        pytest.param("{not json", id="broken_json"),
        pytest.param("shc:/123", id="odd_qr_digits"),
        pytest.param("a.b.c", id="garbage_parts"),
    ],
)
def test_it_refuses_what_is_not_a_passport(text: str, jwks: dict[str, Any]) -> None:
    with pytest.raises(PassportError):
        passport.read_passport(passport.passport_from_text(text), jwks)


def test_it_refuses_a_compression_bomb(key: dict[str, Any], jwks: dict[str, Any]) -> None:
    from joserfc import jws
    from joserfc.jwk import ECKey

    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    bomb = packer.compress(b" " * 50_000_000) + packer.flush()
    signed = jws.serialize_compact(
        {"alg": "ES256", "zip": "DEF", "kid": key["kid"]},
        bomb,
        ECKey.import_key(key),
        registry=passport._REGISTRY,
    )
    with pytest.raises(PassportError, match="damaged"):
        passport.read_passport(signed, jwks)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(position=st.integers(min_value=0), replacement=st.sampled_from("AQgw-_"))
def test_it_fails_any_one_character_changed(
    card: str, jwks: dict[str, Any], position: int, replacement: str
) -> None:
    # given one character of the payload or signature replaced by another
    head_length = card.index(".") + 1
    at = head_length + position % (len(card) - head_length)
    assume(card[at] not in (".", replacement))
    changed = card[:at] + replacement + card[at + 1 :]
    # then it never verifies
    with pytest.raises(PassportError):
        passport.read_passport(changed, jwks)


@given(
    st.text(alphabet=st.characters(min_codepoint=45, max_codepoint=122), min_size=1, max_size=600)
)
def test_it_reads_back_any_qr_text(token: str) -> None:
    assert passport.from_qr_text(passport.to_qr_text(token)) == token
    assert passport.from_qr_text(passport.qr_chunks(token, 7)) == token
