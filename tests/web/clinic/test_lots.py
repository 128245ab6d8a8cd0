"""Lots: received from the label's barcode or by hand, and drawn down safely under
concurrent sessions (a conditional UPDATE on both databases, row locks on PostgreSQL)."""

from __future__ import annotations

import copy
import datetime as dt
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections, transaction
from django.test import Client

from toxfill.web.clinic.actions.lots import take_from_lot
from toxfill.web.clinic.actions.sessions import PointInput, chart_session
from toxfill.web.clinic.errors import RulesRefused
from toxfill.web.clinic.models import Membership, Patient, ProductLot, TreatmentSession

Url = Callable[[Membership, str], str]
LABEL = "(01)00614141999996(17)270131(10)ABC123(21)SN1"


def test_it_receives_a_lot_from_its_scanned_label(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    response = client_for(manager).post(
        at(manager, "/lots"),
        {"product": "botox", "quantity": "100", "barcode": LABEL},
        content_type="application/json",
    )

    assert response.status_code == 201, response.content
    lot = response.json()
    assert (lot["gtin"], lot["lot_number"], lot["expires_on"], lot["serial"]) == (
        "00614141999996",
        "ABC123",
        "2027-01-31",
        "SN1",
    )
    assert lot["unit"] == "U"


def test_it_refuses_a_typed_lot_number_that_differs_from_the_label(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    response = client_for(manager).post(
        at(manager, "/lots"),
        {"product": "botox", "quantity": "100", "barcode": LABEL, "lot_number": "XYZ"},
        content_type="application/json",
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "lot_number"]


def test_it_keeps_typing_the_lot_by_hand_possible(
    manager: Membership, client_for: Callable[[Membership], Client], at: Url
) -> None:
    response = client_for(manager).post(
        at(manager, "/lots"),
        {"product": "sculptra", "quantity": "2", "lot_number": "S-9", "expires_on": "2028-05-01"},
        content_type="application/json",
    )

    assert response.status_code == 201
    assert response.json()["unit"] == "mL"


def test_it_never_draws_a_lot_below_zero_from_a_stale_read(
    provider: Membership, botox_lot: ProductLot
) -> None:
    # given two sessions that both read the lot with 100 U left
    first_read = ProductLot.objects.get(pk=botox_lot.pk)
    second_read = ProductLot.objects.get(pk=botox_lot.pk)

    # when each takes 80 U
    with transaction.atomic():
        first = take_from_lot(provider, first_read, Decimal("80"), "session one")
    with transaction.atomic():
        second = take_from_lot(provider, second_read, Decimal("80"), "session two")

    # then the second finds too little and takes nothing
    assert (first, second) == (True, False)
    botox_lot.refresh_from_db()
    assert botox_lot.quantity_on_hand == Decimal("20")
    assert botox_lot.version == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite has one writer at a time: no race to lose"
)
@pytest.mark.django_db(transaction=True)
def test_it_lets_only_one_of_two_concurrent_sessions_use_the_last_of_a_lot(
    provider: Membership, patient: Patient, manager: Membership
) -> None:
    # given a second patient and a lot with 20 U left: enough for one glabella treatment
    from toxfill.web.clinic.actions.lots import receive_lot
    from toxfill.web.clinic.actions.patients import record_consent, register_patient

    lot = receive_lot(
        manager, product="botox", quantity=Decimal("20"), lot_number="LAST",
        expires_on=dt.date(2099, 1, 1),
    )  # fmt: skip
    other = register_patient(
        provider, given_name="Bo", family_name="Lee", date_of_birth=dt.date(1980, 1, 1)
    )
    record_consent(
        provider, other.public_id, treatment="botulinum-toxin", text_version="1",
        signed_at=dt.datetime.now(dt.UTC) - dt.timedelta(days=1), signed_by="Bo Lee",
    )  # fmt: skip
    barrier = threading.Barrier(2)
    outcomes: list[str] = []

    def chart(for_patient: Patient) -> None:
        barrier.wait()
        try:
            chart_session(
                provider,
                for_patient.public_id,
                performed_at=dt.datetime.now(dt.UTC),
                points=[PointInput("glabella", "botox", lot.public_id, Decimal("20"))],
            )
            outcomes.append("charted")
        except RulesRefused:
            outcomes.append("refused")
        finally:
            connections.close_all()

    # when both are charted at the same moment
    threads = [threading.Thread(target=chart, args=(p,)) for p in (patient, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then one is charted, the other refused, and the lot is empty, not negative
    assert sorted(outcomes) == ["charted", "refused"]
    lot.refresh_from_db()
    assert lot.quantity_on_hand == Decimal("0")
    assert TreatmentSession.objects.filter(points__lot=lot).count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite has one writer at a time (and the test database in memory refuses a second)",
)
@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_draws_never_go_below_zero_and_add_up(manager: Membership) -> None:
    # given a lot of 100 U and 50 draws of 1 to 5 U (150 U asked for in all), each its own
    # transaction and connection, each from a read made before any of them drew
    from toxfill.web.clinic.actions.lots import receive_lot

    lot = receive_lot(
        manager, product="botox", quantity=Decimal("100"), lot_number="FIFTY",
        expires_on=dt.date(2099, 1, 1),
    )  # fmt: skip
    asked = [Decimal(1 + n % 5) for n in range(50)]
    read = ProductLot.objects.get(pk=lot.pk)
    barrier = threading.Barrier(len(asked))
    taken: list[Decimal] = []
    failures: list[BaseException] = []

    def draw(units: Decimal) -> None:
        stale = copy.copy(read)  # each its own copy of the one read made before any draw
        try:
            barrier.wait(timeout=60)  # before any query: a thread waits for no connection here
            with transaction.atomic():
                if take_from_lot(manager, stale, units, f"draw of {units}"):
                    taken.append(units)
        except BaseException as exc:  # reported below, with the thread's error
            failures.append(exc)
        finally:
            connections.close_all()

    # when they all draw at once
    threads = [threading.Thread(target=draw, args=(units,)) for units in asked]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    # then what is left is 100 U less exactly what was taken, never below zero, and each
    # draw that succeeded left one version and one history row
    assert failures == []
    lot.refresh_from_db()
    assert lot.quantity_on_hand >= 0
    assert lot.quantity_on_hand == Decimal("100") - sum(taken, Decimal("0"))
    assert sum(taken, Decimal("0")) > Decimal("95")  # draws stopped only as the lot ran out
    assert lot.version == 1 + len(taken)
    assert lot.history.filter(history_type="~").count() == len(taken)  # type: ignore[attr-defined]
