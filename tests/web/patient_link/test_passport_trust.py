"""The import page with passports from outside (issue 19, item 1): a clinic on this toxfill is
checked only against its own keys, a key set handed over never verifies the issuer, a retired
key signs nothing new, a compromised one is withdrawn at once, and a malformed card is a 422."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from tests.passports import BUNDLE, card_payload, signed_payload

from toxfill import passport
from toxfill.web.clinic.models import Membership
from toxfill.web.clinic.signing.keys import rotate_signing_key, signing_key

Post = Callable[..., Any]


@pytest.fixture
def post(manager: Membership, client_for: Callable[[Membership], Client]) -> Post:
    url = f"/clinic/{manager.clinic.public_id}/passports/import"
    client = client_for(manager)

    def send(card: str, jwks: dict[str, Any] | None = None) -> Any:
        data = {"card_text": card}
        if jwks is not None:
            data["jwks"] = _upload(jwks)
        return client.post(url, data)

    return send


def _upload(jwks: dict[str, Any]) -> Any:
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("jwks.json", json.dumps(jwks).encode(), "application/json")


def _issuer(member: Membership) -> str:
    return f"http://testserver/clinics/{member.clinic.public_id}"


def _forgery(issuer: str, **changes: object) -> tuple[str, dict[str, Any]]:
    """A card naming `issuer`, signed with a key its bearer made, and that key's set."""
    key = passport.new_signing_key()
    payload = card_payload(
        **{"iss": issuer, "nbf": int(timezone.now().timestamp()) - 60, **changes}
    )
    return signed_payload(payload, key), {"keys": [passport.public_jwk(key)]}


def test_a_forged_passport_naming_a_clinic_here_fails_whatever_key_set_comes_with_it(
    post: Post, manager: Membership
) -> None:
    # Given a 400-unit dose signed with the forger's key, in Riverside's name, with that key set
    forged, keys = _forgery(_issuer(manager))

    page = post(forged, keys)

    # Then only Riverside's own keys are asked, and they did not sign it
    assert page.status_code == 422
    text = page.content.decode()
    assert "Not verified" in text
    assert "signed by its issuer" not in text


def test_a_foreign_issuer_with_a_key_set_given_is_never_called_verified(post: Post) -> None:
    card, keys = _forgery("https://elsewhere.example/clinics/1")

    page = post(card, keys)

    assert page.status_code == 200
    text = page.content.decode()
    assert "Signature good, issuer not verified" in text
    assert "signed by its issuer" not in text
    assert "tf-unproven" in text
    assert "tf-verified" not in text


def test_a_card_a_retired_key_says_it_signed_after_its_retirement_fails(
    post: Post, manager: Membership
) -> None:
    # Given Riverside's key, then rotated (retired, still published)
    old_key = signing_key(manager.clinic)
    rotate_signing_key(manager)
    later = int(timezone.now().timestamp()) + 1
    card = passport.sign_passport(
        BUNDLE, issuer=_issuer(manager), private_jwk=old_key, signed_at=later
    )

    page = post(card)

    assert page.status_code == 422
    assert "was retired" in page.content.decode()


def test_a_compromised_key_is_withdrawn_at_once(post: Post, manager: Membership) -> None:
    old_key = signing_key(manager.clinic)
    earlier = int(timezone.now().timestamp()) - 3600
    card = passport.sign_passport(
        BUNDLE, issuer=_issuer(manager), private_jwk=old_key, signed_at=earlier
    )
    assert post(card).status_code == 200  # verified while the key stands

    rotate_signing_key(manager, compromised=True)

    answer = Client().get(f"/clinics/{manager.clinic.public_id}/.well-known/jwks.json")
    published = answer.json()
    assert old_key["kid"] not in [k["kid"] for k in published["keys"]]
    # and a verifier's cached copy lapses within minutes, not an hour
    assert answer["Cache-Control"] == "public, max-age=300"
    assert len(published["keys"]) == 1
    assert post(card).status_code == 422


def test_a_card_signed_in_the_future_fails(post: Post) -> None:
    card, keys = _forgery("https://elsewhere.example/c", nbf=int(timezone.now().timestamp()) + 3600)

    assert post(card, keys).status_code == 422


@pytest.mark.parametrize(
    "bundle",
    [
        pytest.param({"resourceType": "Bundle", "entry": "all of them"}, id="entry_text"),
        pytest.param(
            {
                "resourceType": "Bundle",
                "entry": [{"resource": {"resourceType": "Patient", "name": "Ana"}}],
            },
            id="name_text",
        ),
        pytest.param(
            {
                "resourceType": "Bundle",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "MedicationAdministration",
                            "dosage": [{"dose": 400}],
                            "medicationCodeableConcept": "toxin",
                            "effectiveDateTime": 20260101,
                        }
                    }
                ],
            },
            id="dosage_a_list",
        ),
        pytest.param(
            {
                "resourceType": "Bundle",
                "entry": [
                    {
                        "resource": {
                            "resourceType": "Procedure",
                            "code": {"coding": "x", "text": ["a"]},
                            "dosage": {"dose": {"value": 10**4000}},
                        }
                    }
                ],
            },
            id="huge_number_odd_coding",
        ),
    ],
)
def test_a_malformed_bundle_is_shown_or_refused_never_a_500(
    post: Post, bundle: dict[str, Any]
) -> None:
    vc = {"credentialSubject": {"fhirVersion": "4.0.1", "fhirBundle": bundle}}
    card, keys = _forgery("https://elsewhere.example/c", vc=vc)

    assert post(card, keys).status_code in (200, 422)


@pytest.mark.parametrize(
    "changes",
    [
        pytest.param({"iss": ["https://a.example"]}, id="issuer_a_list"),
        pytest.param({"iss": 7}, id="issuer_a_number"),
        pytest.param({"nbf": 10**30}, id="time_out_of_range"),
        pytest.param({"nbf": "soon"}, id="time_text"),
    ],
)
def test_a_malformed_card_is_a_422_in_words(post: Post, changes: dict[str, object]) -> None:
    key = passport.new_signing_key()
    card = signed_payload(card_payload(**changes), key)

    page = post(card, {"keys": [passport.public_jwk(key)]})

    assert page.status_code == 422
    assert "Not verified" in page.content.decode()
