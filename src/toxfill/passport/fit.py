"""One treatment session as a SMART Health Card that fits one QR code, or what had to go.

The spec allows one QR code of version 22 at most, 1,195 characters of JWS at error
correction L (https://spec.smarthealth.cards/#health-cards-as-qr-codes, FAQ/qr.md), and has
deprecated splitting a card over several codes. A session with many injection points may not
fit: then the least needed resources are left out, in this order, until it does, and the card
says in words what it leaves out (the whole record is behind the SMART Health Link):

1. the follow-up visits planned (the patient's calendar has them);
2. the provider's details (the whole record names them);
3. products given, one at a time from the last, with what only they referred to.

The patient, the procedure and any adverse event always stay: a card without them says nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from toxfill.passport.minify import minified_bundle
from toxfill.passport.words import say

SINGLE_QR_CHARS = 1195
PLANNED = ("Appointment", "ServiceRequest", "Task")
PEOPLE = ("Practitioner", "PractitionerRole", "Organization")
GIVEN = ("MedicationAdministration", "Device", "MedicationStatement", "Immunization")
# Resources that only say more about another (a product's batch, a place): left out with the
# last resource that referred to them.
SUPPORTING = frozenset({"Medication", "Substance", "Location", *PEOPLE})


@dataclass(frozen=True)
class FittedCard:
    """The card (None if even the smallest one does not fit) and what it leaves out, in words."""

    token: str | None
    left_out: tuple[str, ...]


def single_qr_card(
    bundle: Mapping[str, Any],
    sign: Callable[[dict[str, Any]], str],
    *,
    limit: int = SINGLE_QR_CHARS,
    language: str = "en",
) -> FittedCard:
    """The bundle minified and signed by `sign`, made to fit `limit` characters of JWS; what
    it leaves out is said in `language`."""
    entries = [e for e in bundle.get("entry", []) if isinstance(e, Mapping)]
    left_out: list[str] = []

    def attempt(kept: list[Mapping[str, Any]]) -> str | None:
        token = sign(minified_bundle({**bundle, "entry": _without_orphans(kept)}))
        return token if len(token) <= limit else None

    if (token := attempt(entries)) is not None:
        return FittedCard(token, ())
    for kinds, words in (
        (PLANNED, "the follow-up visits planned"),
        (PEOPLE, "the provider's details"),
    ):
        if any(_kind(e) in kinds for e in entries):
            entries = [e for e in entries if _kind(e) not in kinds]
            left_out.append(say(language, words))
            if (token := attempt(entries)) is not None:
                return FittedCard(token, tuple(left_out))
    given = [n for n, e in enumerate(entries) if _kind(e) in GIVEN]

    def without_last(dropped: int) -> str | None:
        gone = set(given[len(given) - dropped :])
        return attempt([e for n, e in enumerate(entries) if n not in gone])

    # The fewest products to leave out, by halving: each fewer is a larger card.
    low, high, best = 1, len(given), None
    while low <= high:
        middle = (low + high) // 2
        if (token := without_last(middle)) is not None:
            high, best = middle - 1, (middle, token)
        else:
            low = middle + 1
    if best is not None:
        dropped, token = best
        words = say(
            language,
            "{dropped} of the {given} products given (the last ones recorded)",
            dropped=dropped,
            given=len(given),
        )
        return FittedCard(token, (*left_out, words))
    everything = say(language, "everything: even the session alone is too large")
    return FittedCard(None, (*left_out, everything))


def _kind(entry: Mapping[str, Any]) -> str:
    resource = entry.get("resource")
    kind = resource.get("resourceType") if isinstance(resource, Mapping) else None
    return kind if isinstance(kind, str) else ""


def _names(entry: Mapping[str, Any]) -> list[str]:
    """How a reference may name the entry: its fullUrl, or `Type/id`."""
    resource = entry.get("resource")
    rid = resource.get("id") if isinstance(resource, Mapping) else None
    names = [f"{_kind(entry)}/{rid}"] if isinstance(rid, str) else []
    return [entry["fullUrl"], *names] if isinstance(entry.get("fullUrl"), str) else names


def _without_orphans(entries: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """Less the supporting resources nothing left refers to (their fullUrl appears nowhere)."""
    while True:
        texts = [json.dumps(e.get("resource"), separators=(",", ":")) for e in entries]
        orphans = {
            n
            for n, e in enumerate(entries)
            if _kind(e) in SUPPORTING
            and not any(
                f'"{name}"' in t for name in _names(e) for m, t in enumerate(texts) if m != n
            )
        }
        if not orphans:
            return entries
        entries = [e for n, e in enumerate(entries) if n not in orphans]
