"""The receiving form reads a scanned GS1 label on screen (issue 22): the JSON its script asks
for says the GTIN, lot, expiry and serial, and which products the GTIN is; nothing is saved."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from toxfill.knowledge import bundled_knowledge
from toxfill.web.clinic.models import Membership, ProductLot
from toxfill.web.clinic.views import lots

EXPIRY = dt.date(dt.date.today().year + 3, 1, 31)
LABEL = f"010088999912345317{EXPIRY:%y%m%d}10VOL77"


def _read(client: Client, member: Membership, barcode: str) -> tuple[int, dict[str, object]]:
    answer = client.get(f"/clinic/{member.clinic.public_id}/lots/read-label", {"barcode": barcode})
    return answer.status_code, answer.json() if answer.status_code != 403 else {}


def test_it_reads_the_label_and_saves_nothing(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    status, body = _read(client_for(manager), manager, LABEL)

    assert status == 200
    assert body == {
        "gtin": "00889999123453",
        "lot": "VOL77",
        "expires_on": EXPIRY.isoformat(),
        "serial": "",
        "products": [],  # a GTIN no product in the knowledge base has
    }
    assert not ProductLot.objects.exists()


def test_it_names_the_product_whose_gtin_it_is(
    manager: Membership,
    client_for: Callable[[Membership], Client],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    kb = bundled_knowledge()
    voluma = kb.products["juvederm-voluma"].model_copy(update={"gtins": ("00889999123453",)})
    known = dataclasses.replace(kb, products={**kb.products, "juvederm-voluma": voluma})
    monkeypatch.setattr(lots, "bundled_knowledge", lambda: known)

    _, body = _read(client_for(manager), manager, LABEL)

    assert body["products"] == ["juvederm-voluma"]


def test_a_label_that_is_not_one_says_why_and_only_managers_ask(
    manager: Membership, provider: Membership, client_for: Callable[[Membership], Client]
) -> None:
    status, body = _read(client_for(manager), manager, "not a label")
    assert status == 422
    assert isinstance(body["error"], str)
    assert body["error"]

    status, _ = _read(client_for(provider), provider, LABEL)
    assert status == 403
