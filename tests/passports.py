"""Signed cards of any shape, as a forger with a key of their own could make them."""

from __future__ import annotations

import json
import zlib
from typing import Any

from joserfc import jws
from joserfc.jwk import ECKey

from toxfill import passport

ISSUER = "https://riverside.example/clinics/7c1e"
NOW = 1_800_000_000
BUNDLE: dict[str, Any] = {
    "resourceType": "Bundle",
    "type": "collection",
    "entry": [{"resource": {"resourceType": "Patient", "name": [{"family": "Silva"}]}}],
}


def signed_payload(payload: object, key: dict[str, Any]) -> str:
    """Any JSON signed as a card would be: what a forger with their own key can make."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    deflated = packer.compress(json.dumps(payload).encode()) + packer.flush()
    header = {"alg": "ES256", "zip": "DEF", "kid": key["kid"]}
    return jws.serialize_compact(
        header, deflated, ECKey.import_key(key), registry=passport._REGISTRY
    )


def card_payload(**changes: object) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "iss": ISSUER,
        "nbf": NOW - 60,
        "vc": {
            "type": list(passport.CARD_TYPES),
            "credentialSubject": {"fhirVersion": "4.0.1", "fhirBundle": BUNDLE},
        },
    }
    return {**payload, **changes}
