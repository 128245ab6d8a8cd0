"""Passports from outside: times, retired keys, how far a key set proves the issuer, and every
malformed card a clear refusal (issue 19, item 1)."""

from __future__ import annotations

import contextlib
import json
import zlib
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joserfc import jws
from joserfc.jwk import ECKey
from tests.passports import ISSUER, NOW, card_payload, signed_payload

from toxfill import passport
from toxfill.passport import CLOCK_SKEW, PassportError
from toxfill.passport.summary import summarise
from toxfill.passport.trust import KeySource, fetchable, parse_trusted_issuers, verdict


@pytest.fixture(scope="module")
def key() -> dict[str, Any]:
    return passport.new_signing_key()


@pytest.fixture(scope="module")
def jwks(key: dict[str, Any]) -> dict[str, Any]:
    return {"keys": [passport.public_jwk(key)]}


def test_a_card_signed_in_the_future_beyond_the_clock_skew_is_refused(
    key: dict[str, Any], jwks: dict[str, Any]
) -> None:
    soon = signed_payload(card_payload(nbf=NOW + CLOCK_SKEW - 1), key)
    later = signed_payload(card_payload(nbf=NOW + CLOCK_SKEW + 60), key)

    assert passport.read_passport(soon, jwks, now=NOW).signed_at == NOW + CLOCK_SKEW - 1
    with pytest.raises(PassportError, match="signed in the future"):
        passport.read_passport(later, jwks, now=NOW)


def test_a_card_a_retired_key_says_it_signed_after_its_retirement_is_refused(
    key: dict[str, Any], jwks: dict[str, Any]
) -> None:
    retired = {key["kid"]: NOW - 3600}
    before = signed_payload(card_payload(nbf=NOW - 7200), key)
    after = signed_payload(card_payload(nbf=NOW - 60), key)

    assert passport.read_passport(before, jwks, now=NOW, retired=retired)
    with pytest.raises(PassportError, match=r"after its key \(.+\) was retired"):
        passport.read_passport(after, jwks, now=NOW, retired=retired)


@pytest.mark.parametrize(
    ("changes", "problem"),
    [
        pytest.param({"iss": {"url": ISSUER}}, "does not name its issuer", id="issuer_not_text"),
        pytest.param({"iss": ""}, "does not name its issuer", id="issuer_empty"),
        pytest.param({"iss": "https://a.example/\nb"}, "not an address", id="issuer_newline"),
        pytest.param({"nbf": "yesterday"}, "does not say when", id="time_not_a_number"),
        pytest.param({"nbf": True}, "does not say when", id="time_a_boolean"),
        pytest.param({"nbf": 10**30}, "not a real date", id="time_past_year_9999"),
        pytest.param({"nbf": -1}, "not a real date", id="time_before_1970"),
        pytest.param({"nbf": float("nan")}, "not a real date", id="time_nan"),
        pytest.param({"vc": "a card"}, "no FHIR Bundle", id="vc_not_an_object"),
        pytest.param({"vc": {"credentialSubject": []}}, "no FHIR Bundle", id="subject_a_list"),
    ],
)
def test_a_malformed_card_is_refused_with_the_reason(
    key: dict[str, Any], jwks: dict[str, Any], changes: dict[str, object], problem: str
) -> None:
    token = signed_payload(card_payload(**changes), key)

    with pytest.raises(PassportError, match=problem):
        passport.read_passport(token, jwks, now=NOW)


def test_deep_nesting_is_refused_as_damaged_not_a_crash(
    key: dict[str, Any], jwks: dict[str, Any]
) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    body = packer.compress(deep.encode()) + packer.flush()
    token = jws.serialize_compact(
        {"alg": "ES256", "zip": "DEF", "kid": key["kid"]},
        body,
        ECKey.import_key(key),
        registry=passport._REGISTRY,
    )

    with pytest.raises(PassportError):
        passport.read_passport(token, jwks, now=NOW)
    with pytest.raises(PassportError):
        passport.passport_from_text('{"verifiableCredential": ' + deep + "}")


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("shc:/" + "9" * 5000 + "/1/5656", id="huge_part_number"),
        pytest.param("shc:/1/2/5656", id="a_part_missing"),
        pytest.param("shc:/2/1/5656", id="part_beyond_total"),
        pytest.param("shc:/1/2/5656\nshc:/1/2/5656", id="a_part_twice"),
        pytest.param("shc:/99", id="pair_beyond_z"),
        pytest.param("\n".join(["shc:/1/1/56"] * 150), id="too_many_parts"),
    ],
)
def test_qr_text_that_cannot_be_one_passport_is_refused(text: str) -> None:
    with pytest.raises(PassportError):
        passport.passport_from_text(text)


JSON = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=30,
)
FHIR_KEYS = st.sampled_from(
    [
        "resourceType",
        "name",
        "given",
        "family",
        "birthDate",
        "code",
        "coding",
        "display",
        "text",
        "medicationCodeableConcept",
        "dosage",
        "dose",
        "value",
        "unit",
        "effectiveDateTime",
        "performedDateTime",
        "entry",
        "resource",
    ]
)
RESOURCE_KIND = st.sampled_from(["Patient", "MedicationAdministration", "Procedure", "Device", 7])
SHAPED = st.recursive(
    JSON,
    lambda inner: (
        st.dictionaries(FHIR_KEYS | RESOURCE_KIND.map(str), inner, max_size=5)
        | st.lists(inner, max_size=3)
    ),
    max_leaves=40,
)
ENTRY = st.one_of(
    SHAPED,
    st.fixed_dictionaries(
        {
            "resource": st.fixed_dictionaries(
                {"resourceType": RESOURCE_KIND},
                optional={
                    "name": SHAPED,
                    "birthDate": SHAPED,
                    "code": SHAPED,
                    "medicationCodeableConcept": SHAPED,
                    "dosage": SHAPED,
                    "effectiveDateTime": SHAPED,
                    "performedDateTime": SHAPED,
                },
            )
        }
    ),
)
PAYLOAD = st.fixed_dictionaries(
    {},
    optional={
        "iss": st.one_of(st.just(ISSUER), JSON),
        "nbf": st.one_of(st.just(NOW - 60), JSON),
        "vc": st.one_of(
            st.fixed_dictionaries(
                {
                    "credentialSubject": st.fixed_dictionaries(
                        {
                            "fhirBundle": st.one_of(
                                st.fixed_dictionaries(
                                    {"resourceType": st.just("Bundle")},
                                    optional={
                                        "entry": st.one_of(st.lists(ENTRY, max_size=4), JSON)
                                    },
                                ),
                                JSON,
                            )
                        }
                    )
                }
            ),
            JSON,
        ),
    },
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(payload=st.one_of(PAYLOAD, JSON))
def test_any_signed_structure_is_read_or_refused_in_words(
    key: dict[str, Any], jwks: dict[str, Any], payload: object
) -> None:
    # Given anything at all, signed with a key the checker accepts
    token = signed_payload(payload, key)

    # Then it is read and summarised, or refused with a PassportError: never another error
    try:
        card = passport.read_passport(token, jwks, now=NOW)
    except PassportError:
        return  # refused in words: PassportError's message is what the person reads
    summary = summarise(card)
    assert isinstance(summary.patient, str)
    assert all(isinstance(g.dose, str) and isinstance(g.when, str) for g in summary.given)


@given(text=st.text(max_size=300) | st.text(alphabet="shc:/0123456789\n", max_size=300))
def test_any_text_is_a_passport_or_refused_in_words(text: str) -> None:
    with contextlib.suppress(PassportError):  # a refusal in words; anything else fails
        passport.passport_from_text(text)


def test_only_an_issuer_proven_by_our_own_records_or_the_trusted_list_is_verified() -> None:
    proven = [s for s in KeySource if verdict(s, ISSUER).issuer_verified]

    assert proven == [KeySource.THIS_INSTALLATION, KeySource.TRUSTED_ISSUER]
    for source in (KeySource.GIVEN, KeySource.ISSUER_ADDRESS):
        said = verdict(source, ISSUER)
        assert "signed by its issuer" not in said.headline
        assert "not verified" in said.headline


@pytest.mark.parametrize(
    "address",
    [
        pytest.param("http://127.0.0.1.evil.example/keys", id="loopback_prefix_on_a_host"),
        pytest.param("http://localhost.evil.example/keys", id="localhost_prefix"),
        pytest.param("http://clinic.example/keys", id="plain_http"),
        pytest.param("file:///etc/passwd", id="a_file"),
        pytest.param("/etc/passwd/.well-known/jwks.json", id="a_path"),
        pytest.param("https://user:secret@clinic.example/keys", id="credentials"),
        pytest.param("https://clinic.example:notaport/keys", id="bad_port"),
    ],
)
def test_keys_are_fetched_only_over_https_or_from_this_machine(address: str) -> None:
    with pytest.raises(PassportError):
        fetchable(address, "the passport's issuer")


@pytest.mark.parametrize(
    "address",
    [
        "https://clinic.example/keys",
        "http://127.0.0.1:8000/keys",
        "http://[::1]/k",
        "http://localhost/k",
    ],
)
def test_https_and_loopback_addresses_may_be_fetched(address: str) -> None:
    assert fetchable(address, "the key address") == address


def test_the_trusted_issuers_file_reads_the_vci_directory_format() -> None:
    text = json.dumps(
        {
            "participating_issuers": [
                {"iss": "https://a.example/clinics/1", "name": "Clinic A"},
                {"iss": "https://b.example", "name": "B", "jwks_url": "https://keys.b.example/j"},
            ]
        }
    )
    issuers = parse_trusted_issuers(text, "trusted.json")

    assert issuers["https://a.example/clinics/1"].jwks_url == (
        "https://a.example/clinics/1/.well-known/jwks.json"
    )
    assert issuers["https://b.example"].jwks_url == "https://keys.b.example/j"
    with pytest.raises(PassportError, match=r"trusted\.json"):
        parse_trusted_issuers('{"participating_issuers": [{"iss": 7}]}', "trusted.json")
