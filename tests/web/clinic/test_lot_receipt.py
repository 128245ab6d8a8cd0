"""Receiving a lot as the label says it, on the page and in the API: an expired lot refused, a
short-dated one warned of, a lot number a dropped separator ran together answered, and the
scanned text kept with the lot exactly as the scanner typed it.

The GTIN is GS1's documentation example, no real product's; the real knowledge base lists no
GTIN yet, so every scanned one is unknown (a warning).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test import Client
from django.utils import timezone

from toxfill.labels import GROUP_SEPARATOR as GS
from toxfill.records import SHORT_DATED_DAYS
from toxfill.web.clinic.actions.lots import receive_lot
from toxfill.web.clinic.errors import RulesRefused
from toxfill.web.clinic.models import Membership, ProductLot

Url = Callable[[Membership, str], str]
GTIN = "09506000134352"
RIVERSIDE = ZoneInfo("America/New_York")  # the manager's clinic
# Lot AB123 and serial SER99, scanned without the separator between them.
IN_TWO_YEARS = dt.date(dt.date.today().year + 2, 11, 30)
RUN_TOGETHER = f"{GS}01{GTIN}17{IN_TWO_YEARS:%y%m%d}" + "10AB12321SER99"
KEY = "label-separator:lot_number:AB12321SER99"
GTIN_KEY = f"gtin-product:botox:{GTIN}"


def riverside_today() -> dt.date:
    return timezone.now().astimezone(RIVERSIDE).date()


def _post(client: Client, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, body, content_type="application/json")


# --- the API --------------------------------------------------------------------------------


def test_it_refuses_an_expired_lot_naming_expires_on(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    yesterday = riverside_today() - dt.timedelta(days=1)
    body = {"product": "botox", "quantity": "100", "lot_number": "OLD1"}

    response = _post(
        client_for(manager), at(manager, "/lots"), {**body, "expires_on": str(yesterday)}
    )

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert (error["loc"], error["type"], error["kind"]) == (
        ["body", "expires_on"],
        "lot-unexpired",
        "error",
    )
    assert f"expired on {yesterday.isoformat()} (expires_on)" in error["msg"]
    assert not ProductLot.objects.exists()


def test_it_receives_a_short_dated_lot_with_the_warning(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    soon = riverside_today() + dt.timedelta(days=SHORT_DATED_DAYS - 10)
    body = {"product": "botox", "quantity": "100", "lot_number": "S1", "expires_on": str(soon)}

    response = _post(client_for(manager), at(manager, "/lots"), body)

    assert response.status_code == 201, response.content
    (finding,) = response.json()["receipt_findings"]
    assert (finding["rule"], finding["kind"], finding["field"]) == (
        "lot-short-dated",
        "warning",
        "expires_on",
    )


def test_it_asks_for_the_lot_number_when_the_separator_was_dropped(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    body = {"product": "botox", "quantity": "100", "barcode": RUN_TOGETHER}

    response = _post(client_for(manager), at(manager, "/lots"), body)

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert (error["loc"], error["kind"], error["key"]) == (["body", "lot_number"], "confirm", KEY)
    assert "lot AB123 followed by serial (21) SER99" in error["msg"]
    assert not ProductLot.objects.exists()


def test_a_confirmed_lot_number_is_kept_as_scanned_with_the_confirmation(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    body = {"product": "botox", "quantity": "100", "barcode": RUN_TOGETHER, "confirmed": [KEY]}

    response = _post(client_for(manager), at(manager, "/lots"), body)

    assert response.status_code == 201, response.content
    lot = response.json()
    assert (lot["lot_number"], lot["serial"]) == ("AB12321SER99", "")
    confirmed = [f for f in lot["receipt_findings"] if f["key"] == KEY]
    assert [f["resolution"] for f in confirmed] == ["confirmed"]


def test_the_lot_number_the_label_prints_splits_the_scan(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    body = {"product": "botox", "quantity": "100", "barcode": RUN_TOGETHER, "lot_number": "AB123"}

    response = _post(client_for(manager), at(manager, "/lots"), body)

    assert response.status_code == 201, response.content
    lot = response.json()
    assert (lot["lot_number"], lot["serial"]) == ("AB123", "SER99")
    assert [f["rule"] for f in lot["receipt_findings"]] == ["gtin-product"]  # unknown GTIN


def test_a_typed_lot_number_the_scan_cannot_hold_is_refused(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    body = {"product": "botox", "quantity": "100", "barcode": RUN_TOGETHER, "lot_number": "AB12"}

    response = _post(client_for(manager), at(manager, "/lots"), body)

    assert response.status_code == 422
    (error,) = response.json()["detail"]
    assert error["loc"] == ["body", "lot_number"]
    assert "one of: AB123, AB12321SER99" in error["msg"]


def test_it_keeps_the_scanned_text_verbatim_and_adds_it_to_the_lot(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    # given a label scanned with its separators, after the symbol's FNC1 and with a trailing
    # space a scanner's suffix left
    scanned = f"]d201{GTIN}17{IN_TWO_YEARS:%y%m%d}" + f"10C77{GS}21SN1 "
    client = client_for(manager)
    # when it is received
    created = _post(
        client, at(manager, "/lots"), {"product": "botox", "quantity": "100", "barcode": scanned}
    )
    # then the lot keeps the text as it came, group separators and all, in every answer
    assert created.status_code == 201, created.content
    lot_id = created.json()["id"]
    assert created.json()["scanned"] == scanned
    assert client.get(at(manager, f"/lots/{lot_id}")).json()["scanned"] == scanned
    assert ProductLot.objects.get().scanned == scanned


def test_a_lot_typed_by_hand_has_no_scanned_text(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    body = {"product": "sculptra", "quantity": "2", "lot_number": "S-9", "expires_on": "2099-05-01"}

    lot = _post(client_for(manager), at(manager, "/lots"), body).json()

    assert (lot["scanned"], lot["receipt_findings"]) == ("", [])


def test_the_openapi_document_describes_the_answer_and_the_confirmation(client: Client) -> None:
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    assert "confirmed" in schemas["LotIn"]["properties"]
    assert {"scanned", "receipt_findings"} <= set(schemas["LotOut"]["properties"])
    assert "U+001D" in schemas["LotOut"]["properties"]["scanned"]["description"]


# --- the day is the clinic's ------------------------------------------------------------------


def test_the_expiry_is_judged_on_the_clinics_day(manager: Membership) -> None:
    # given 03:00 UTC on 1 January, still 31 December in New York
    arrived = dt.datetime(2027, 1, 1, 3, 0, tzinfo=dt.UTC)
    new_years_eve = dt.date(2026, 12, 31)
    # when a lot expiring on 31 December arrives then, it is received (usable through that day)
    lot = receive_lot(
        manager, product="botox", quantity=Decimal(100), lot_number="NYE",
        expires_on=new_years_eve, received_at=arrived,
    )  # fmt: skip
    assert [f["rule"] for f in lot.receipt_findings] == ["lot-short-dated"]
    # and one that expired the day before is refused
    with pytest.raises(RulesRefused, match="expired on 2026-12-30"):
        receive_lot(
            manager, product="botox", quantity=Decimal(100), lot_number="OLD",
            expires_on=new_years_eve - dt.timedelta(days=1), received_at=arrived,
        )  # fmt: skip


def test_more_of_a_lot_keeps_its_first_scan_and_adds_new_findings(manager: Membership) -> None:
    first = receive_lot(
        manager, product="botox", quantity=Decimal(100), lot_number="C1",
        expires_on=riverside_today() + dt.timedelta(days=400),
    )  # fmt: skip
    label = f"01{GTIN}17{first.expires_on:%y%m%d}10C1"

    more = receive_lot(manager, product="botox", quantity=Decimal(100), barcode=label)

    assert more.pk == first.pk
    assert (more.quantity_on_hand, more.scanned) == (Decimal(200), label)
    assert [f["key"] for f in more.receipt_findings] == [GTIN_KEY]


# --- the page -----------------------------------------------------------------------------


def _page(member: Membership) -> str:
    return f"/clinic/{member.clinic.public_id}/lots/"


def test_the_page_refuses_an_expired_lot(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    yesterday = riverside_today() - dt.timedelta(days=1)
    form = {"product": "botox", "quantity": "100", "lot_number": "OLD1", "expires_on": yesterday}

    response = client_for(manager).post(_page(manager), form)

    assert response.status_code == 422
    assert "Blocks receiving" in response.content.decode()
    assert f"expired on {yesterday.isoformat()}" in response.content.decode()
    assert not ProductLot.objects.exists()


def test_the_page_shows_a_short_dated_lot_before_receiving_it(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    soon = riverside_today() + dt.timedelta(days=5)
    form = {"product": "botox", "quantity": "100", "lot_number": "S1", "expires_on": soon}
    client = client_for(manager)
    # when it is first sent, the warning is shown and nothing received
    shown = client.post(_page(manager), form)
    assert shown.status_code == 200
    assert "5 days after it is received" in shown.content.decode()
    assert not ProductLot.objects.exists()
    # then, seen, it is received
    received = client.post(_page(manager), {**form, "shown": "lot-short-dated:botox:S1"})
    assert received.status_code == 302
    assert ProductLot.objects.get().lot_number == "S1"


def test_the_page_asks_for_an_answer_on_a_run_together_lot_number(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    form = {"product": "botox", "quantity": "100", "barcode": RUN_TOGETHER}
    client = client_for(manager)
    # when the scan is sent, the finding asks for an answer, and seeing it is not enough
    asked = client.post(_page(manager), form)
    assert asked.status_code == 422
    page = asked.content.decode()
    assert "Needs your answer" in page
    assert f'name="confirm" value="{KEY}"' in page
    seen_only = client.post(_page(manager), {**form, "shown": [KEY, GTIN_KEY]})
    assert seen_only.status_code == 422
    # then, confirmed, it is received, and the lot page shows the scan and the answer
    done = client.post(_page(manager), {**form, "shown": [KEY, GTIN_KEY], "confirm": KEY})
    assert done.status_code == 302
    lot_page = client.get(done["Location"]).content.decode()
    assert "AB12321SER99" in lot_page
    assert "\u241d01" + GTIN in lot_page
    assert "Confirmed: The lot read from the barcode" in lot_page


def test_the_page_takes_the_lot_number_the_label_prints(
    manager: Membership, client_for: Callable[[Membership], Client]
) -> None:
    form = {"product": "botox", "quantity": "100", "barcode": RUN_TOGETHER, "lot_number": "AB123"}

    response = client_for(manager).post(_page(manager), {**form, "shown": GTIN_KEY})

    assert response.status_code == 302
    lot = ProductLot.objects.get()
    assert (lot.lot_number, lot.serial, lot.scanned) == ("AB123", "SER99", RUN_TOGETHER)


# --- the migration --------------------------------------------------------------------------


def test_every_model_change_has_its_migration(db: None) -> None:
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)  # exits 1 when not


BEFORE = ("clinic", "0009_monthly_report_summary")
AFTER = ("clinic", "0010_scanned_label_and_receipt_findings")


@pytest.fixture
def before_receipt_findings(transactional_db: None, manager: Membership) -> Any:
    # the clinic's people are written first, by today's models: later migrations may have
    # added columns (the NPI) that the schema of BEFORE does not have
    executor = MigrationExecutor(connection)
    executor.migrate([BEFORE])
    yield executor
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_the_migration_keeps_every_lot_with_no_scan_and_no_findings(
    before_receipt_findings: MigrationExecutor, manager: Membership
) -> None:
    # given a lot stored before lots kept their scan
    old = before_receipt_findings.loader.project_state([BEFORE]).apps.get_model(
        "clinic", "ProductLot"
    )
    old.objects.create(
        clinic_id=manager.clinic_id, product="botox", lot_number="PRE", expires_on="2099-01-31",
        received_at=timezone.now(), received_by_id=manager.pk, unit="U",
        quantity_received=Decimal(100), quantity_on_hand=Decimal(100),
    )  # fmt: skip
    # when the database is migrated
    executor = MigrationExecutor(connection)
    executor.migrate([AFTER])
    new = executor.loader.project_state([AFTER]).apps.get_model("clinic", "ProductLot")
    # then the lot is there, typed by hand as far as anyone knows, with no findings
    lot = new.objects.get(lot_number="PRE")
    assert (lot.scanned, lot.receipt_findings) == ("", [])


# --- what the clinic API's fuzz test found ----------------------------------------------------


@pytest.mark.parametrize(
    ("quantity", "refused"),
    [
        pytest.param("", True, id="empty_text"),  # was Decimal's own 422, against the schema
        pytest.param("1e2", True, id="exponent"),
        pytest.param("0", True, id="zero_text"),
        pytest.param("12.5", False, id="text"),
        pytest.param(12.5, False, id="number"),
    ],
)
def test_a_quantity_as_text_is_digits_with_two_places_as_documented(
    client_for: Callable[[Membership], Client],
    at: Url,
    manager: Membership,
    quantity: Any,
    refused: bool,
) -> None:
    body = {
        "product": "botox",
        "quantity": quantity,
        "lot_number": "Q1",
        "expires_on": "2099-01-31",
    }

    response = _post(client_for(manager), at(manager, "/lots"), body)

    assert response.status_code == (422 if refused else 201)
    if refused:
        error = response.json()["detail"][0]
        assert error["loc"] == ["body", "quantity"]
        assert "two decimal places" in error["msg"]


def test_a_field_the_lot_does_not_have_is_refused_naming_it(
    client_for: Callable[[Membership], Client], at: Url, manager: Membership
) -> None:
    """It was dropped without a word: a misspelt `lot_numbr` received a lot with no number."""
    body = {"product": "botox", "quantity": 1, "lot_numbr": "Q1", "expires_on": "2099-01-31"}

    response = _post(client_for(manager), at(manager, "/lots"), body)

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "lot_numbr"]
    assert not ProductLot.objects.filter(clinic_id=manager.clinic_id).exists()


def test_a_filter_sent_twice_is_refused_naming_it(
    client_for: Callable[[Membership], Client],
    at: Url,
    manager: Membership,
    botox_lot: ProductLot,
) -> None:
    """`?product=botox&product=dysport` was read as dysport alone (ninja keeps the last)."""
    response = client_for(manager).get(at(manager, "/lots"), {"product": ["botox", "dysport"]})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "product"]
