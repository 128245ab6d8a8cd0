"""The dosing operations of the JSON API carry the label's ceiling on total units across uses."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL


def test_reconstitute_returns_the_botox_ceiling_TOX_DOSE_6(client: Client) -> None:
    """TOX-DOSE-6: Botox, at most 400 units in a 3-month interval across uses."""
    response = client.post(
        "/api/v1/reconstitute",
        {"product": "botox", "units": 100, "diluent_ml": 2.5},
        content_type="application/json",
    )

    assert response.status_code == 200
    [limit] = response.json()["cumulative_limits"]
    assert (limit["units"], limit["within_days"]) == (400, 90)
    assert "S-BXC-2019-RMC" in limit["sources"]


def test_doses_return_every_ceiling_and_document_it(client: Client) -> None:
    response = client.get("/api/v1/doses")

    assert response.status_code == 200
    products = {limit["product"] for limit in response.json()["cumulative_limits"]}
    assert {"botox", "xeomin", "dysport", "jeuveau", "daxxify", "letybo"} <= products
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    assert "cumulative_limits" in schemas["DoseTable"]["properties"]
