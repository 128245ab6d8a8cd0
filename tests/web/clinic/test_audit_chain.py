"""Each clinic's audit chain: every history and access-log row takes the next place and hashes
the one before, and `toxfill audit verify` names the first row changed, removed or put in out
of order directly in the database (edited here with SQL, as an attacker with the database
would, the triggers out of the way as its owner could)."""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import subprocess
import sys
import threading
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from tests.audit_triggers import triggers_off
from tests.web.clinic.people import join
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.web.clinic.actions.access import record_patient_view
from toxfill.web.clinic.actions.feeds import set_calendar_patient_names
from toxfill.web.clinic.actions.lots import count_lot, receive_lot
from toxfill.web.clinic.actions.patients import update_patient
from toxfill.web.clinic.actions.reminders import remind_followups
from toxfill.web.clinic.audit_chain import GENESIS, audit_models, row_hash
from toxfill.web.clinic.models import (
    AuditChainHead,
    Membership,
    Patient,
    PatientAccess,
    ProductLot,
    TreatmentSession,
)
from toxfill.web.clinic.tasks import log_audit_chain_heads

HISTORY = Patient.history.model  # the change history of patients' identity and contact


def _chain(clinic_id: int) -> list[Any]:
    """The clinic's audit rows in chain order, whatever their table."""
    rows = [
        row
        for model in audit_models()
        for row in model._default_manager.filter(
            **{getattr(model, "audit_clinic_attname", "clinic_id"): clinic_id}
        )
    ]
    return sorted(rows, key=lambda row: row.chain_seq)


def _verify(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["audit", "verify", *args])
    return result.exit_code, result.output


def _sql(statement: str, *params: Any) -> None:
    with triggers_off(connection), connection.cursor() as cursor:
        cursor.execute(statement, params)


@pytest.fixture
def written(charted: TreatmentSession, provider: Membership, patient: Patient) -> Membership:
    """Riverside's history (the clinic, its people, Ana's record, a session) and Paula's views
    of Ana's record: the chain to tamper with."""
    for what in ("record", "sessions", "history"):
        record_patient_view(provider, patient, what)
    return provider


def test_each_row_takes_the_next_place_and_hashes_the_row_before(written: Membership) -> None:
    # given Riverside's history and access log, written through the application, read back
    # (a point's decimal dose, an event's JSON symptoms, instants in every row)
    chain = _chain(written.clinic_id)
    # then the places run 1, 2, 3, ... across the tables, each hash over the one before
    assert [row.chain_seq for row in chain] == list(range(1, len(chain) + 1))
    previous = GENESIS
    for row in chain:
        assert row.chain_hash == row_hash(previous, row, written.clinic_id)
        previous = row.chain_hash
    # and the chain's head is its last row
    head = AuditChainHead.objects.get(clinic_id=written.clinic_id)
    assert (head.seq, head.hash) == (len(chain), previous)
    tables = {row._meta.db_table for row in chain}
    assert {"clinic_historicalinjectionpoint", "clinic_historicaladverseevent"} <= tables
    assert {type(row) for row in chain} >= {HISTORY, PatientAccess}


def test_each_clinic_has_its_own_chain(written: Membership, outsider: Membership) -> None:
    riverside, lakeside = _chain(written.clinic_id), _chain(outsider.clinic_id)
    assert riverside[0].chain_seq == lakeside[0].chain_seq == 1
    assert {row.chain_hash for row in riverside}.isdisjoint(row.chain_hash for row in lakeside)


def test_a_row_read_back_hashes_as_it_was_written(written: Membership, patient: Patient) -> None:
    # given a change made through the application, read back from the database
    update_patient(
        written, patient.public_id, version=patient.version, changes={"allergies": "latex"}
    )
    newest = HISTORY.objects.filter(clinic_id=written.clinic_id).order_by("-chain_seq").first()
    assert newest is not None
    before = _chain(written.clinic_id)[newest.chain_seq - 2].chain_hash
    # then its content hashes to what was stored when it was written
    assert newest.chain_hash == row_hash(before, newest, written.clinic_id)


def test_verify_says_every_chain_is_intact_and_counts_the_rows(
    written: Membership, outsider: Membership
) -> None:
    # when the auditor's command checks the database
    code, output = _verify()
    # then each clinic is OK, with the rows it checked and its head, and the exit status is 0
    riverside = len(_chain(written.clinic_id))
    head = AuditChainHead.objects.get(clinic_id=written.clinic_id)
    assert code == 0, output
    assert f"OK      Riverside ({written.clinic.public_id}): {riverside} rows checked" in output
    assert f"head {head.seq} {head.hash}" in output
    assert "OK      Lakeside" in output
    assert "2 clinic(s)" in output
    assert "every chain intact" in output


def test_verify_names_a_history_row_edited_in_the_database(
    written: Membership, patient: Patient
) -> None:
    # given Ana's first name changed in her history with SQL, straight in the database
    row = HISTORY.objects.get(clinic_id=written.clinic_id, id=patient.pk, history_type="+")
    _sql(f'UPDATE "{HISTORY._meta.db_table}" SET given_name = %s WHERE history_id = %s',
         "Anna", row.history_id)  # fmt: skip
    # when the chain is verified, then that row is named, as changed, and the exit status is 1
    code, output = _verify()
    assert code == 1
    assert (
        f"BROKEN  Riverside ({written.clinic.public_id}): changed at place {row.chain_seq}: "
        f"{HISTORY._meta.db_table} row {row.history_id} (place {row.chain_seq}" in output
    )
    assert f"({row.chain_seq - 1} rows verified before it)" in output
    assert "1 clinic(s)" in output
    assert "1 chain(s) broken" in output


def test_verify_names_the_place_of_an_access_row_deleted_in_the_database(
    written: Membership,
) -> None:
    # given Paula's second view of Ana's record deleted with SQL
    views = PatientAccess.objects.filter(clinic_id=written.clinic_id).order_by("chain_seq")
    gone, after = views[1], views[2]
    _sql('DELETE FROM "clinic_patientaccess" WHERE id = %s', gone.pk)
    # then the missing place is named, with the row that now follows the gap
    code, output = _verify("--clinic", "Riverside")
    assert code == 1
    assert f"removed at place {gone.chain_seq}: place {gone.chain_seq} is missing" in output
    assert f"before clinic_patientaccess row {after.pk} (place {after.chain_seq}" in output


def test_verify_names_the_last_rows_removed(written: Membership) -> None:
    last = _chain(written.clinic_id)[-1]
    _sql(f'DELETE FROM "{last._meta.db_table}" WHERE {last._meta.pk.column} = %s', last.pk)
    code, output = _verify()
    assert code == 1
    assert f"removed at place {last.chain_seq}: the last rows are missing" in output


def test_verify_names_a_row_put_in_at_a_place_already_taken(written: Membership) -> None:
    # given an access row slipped in with SQL, copying a place a history row holds
    taken = _chain(written.clinic_id)[2]
    view = PatientAccess.objects.filter(clinic_id=written.clinic_id).first()
    assert view is not None
    assert not isinstance(taken, PatientAccess)
    _sql(
        'INSERT INTO "clinic_patientaccess" (clinic_id, member_id, patient_id, viewed_at, what,'
        " chain_seq, chain_hash) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        written.clinic_id, view.member_id, view.patient_id, view.viewed_at, "record",
        taken.chain_seq, taken.chain_hash,
    )  # fmt: skip
    code, output = _verify()
    assert code == 1
    assert f"out of order at place {taken.chain_seq}: a second row claims place" in output


def test_verify_names_a_row_put_in_past_the_chains_end(written: Membership) -> None:
    view = PatientAccess.objects.filter(clinic_id=written.clinic_id).first()
    assert view is not None
    end = AuditChainHead.objects.get(clinic_id=written.clinic_id).seq
    _sql(
        'INSERT INTO "clinic_patientaccess" (clinic_id, member_id, patient_id, viewed_at, what,'
        " chain_seq, chain_hash) VALUES (%s, %s, %s, %s, %s, %s, %s)",
        written.clinic_id, view.member_id, view.patient_id, view.viewed_at, "record",
        end + 1, "f" * 64,
    )  # fmt: skip
    code, output = _verify()
    assert code == 1
    assert f"unchained at place {end + 1}" in output
    assert "past the chain's head: put in directly in the database" in output


def test_verify_checks_one_clinic_by_its_id(written: Membership, outsider: Membership) -> None:
    code, output = _verify("--clinic", str(outsider.clinic.public_id))
    assert code == 0
    assert "Lakeside" in output
    assert "Riverside" not in output


def test_verify_names_the_option_for_a_clinic_it_does_not_know(written: Membership) -> None:
    code, output = _verify("--clinic", "Nowhere")
    assert code == 2
    assert "--clinic" in output
    assert "'Riverside'" in output


def test_verify_writes_json_for_a_monitor(written: Membership) -> None:
    _sql('DELETE FROM "clinic_patientaccess" WHERE clinic_id = %s', written.clinic_id)
    code, output = _verify("--format", "json")
    assert code == 1
    (riverside,) = json.loads(output)["clinics"]
    assert riverside["name"] == "Riverside"
    assert riverside["intact"] is False
    assert riverside["broken"]["problem"] == "removed"
    assert riverside["head"]["seq"] == AuditChainHead.objects.get(clinic_id=written.clinic_id).seq


def _logged_head(caplog: pytest.LogCaptureFixture, clinic_id: int) -> str:
    """The clinic's head as the hourly log line gives it (CLINIC-ID:PLACE:HASH)."""
    with caplog.at_level(logging.INFO, logger="toxfill.audit"):
        log_audit_chain_heads.call_local()
    head = AuditChainHead.objects.select_related("clinic").get(clinic_id=clinic_id)
    noted = f"{head.clinic.public_id}:{head.seq}:{head.hash}"
    assert f"audit chain head {noted}" in caplog.messages
    return noted


def _rewrite_from(row: Any, clinic_id: int) -> None:
    """What someone with the database could do: change a row, then recompute the hash of it
    and of every row after it, and the head, so the chain verifies by itself again."""
    _sql(f'UPDATE "{HISTORY._meta.db_table}" SET given_name = %s WHERE history_id = %s',
         "Anna", row.history_id)  # fmt: skip
    previous = GENESIS
    for each in _chain(clinic_id):
        if each.chain_seq >= row.chain_seq:
            table, pk = each._meta.db_table, each._meta.pk
            _sql(f'UPDATE "{table}" SET chain_hash = %s WHERE {pk.column} = %s',
                 row_hash(previous, each, clinic_id), each.pk)  # fmt: skip
            each.refresh_from_db()
        previous = each.chain_hash
    _sql('UPDATE "clinic_auditchainhead" SET hash = %s WHERE clinic_id = %s', previous, clinic_id)


def test_the_heads_logged_hourly_catch_a_chain_rewritten_to_its_end(
    written: Membership, patient: Patient, caplog: pytest.LogCaptureFixture
) -> None:
    # given the head shipped to another system in the hourly log line
    noted = _logged_head(caplog, written.clinic_id)
    assert _verify("--noted", noted)[0] == 0
    # when Ana's history is changed and every hash after it recomputed in the database
    row = HISTORY.objects.get(clinic_id=written.clinic_id, id=patient.pk, history_type="+")
    _rewrite_from(row, written.clinic_id)
    # then the chain verifies by itself, but not through the noted head
    assert _verify()[0] == 0
    code, output = _verify("--noted", noted)
    assert code == 1
    place = noted.split(":")[1]
    assert f"rewritten at place {place}" in output
    assert "the chain was rewritten in the database at this place or before it" in output


def test_a_noted_head_catches_the_chains_end_cut_off(
    written: Membership, caplog: pytest.LogCaptureFixture
) -> None:
    noted = _logged_head(caplog, written.clinic_id)
    last = _chain(written.clinic_id)[-1]
    before = _chain(written.clinic_id)[-2]
    _sql(f'DELETE FROM "{last._meta.db_table}" WHERE {last._meta.pk.column} = %s', last.pk)
    _sql('UPDATE "clinic_auditchainhead" SET seq = %s, hash = %s WHERE clinic_id = %s',
         before.chain_seq, before.chain_hash, written.clinic_id)  # fmt: skip

    assert _verify()[0] == 0
    code, output = _verify("--noted", noted)
    assert code == 1
    assert f"the chain ends at place {before.chain_seq}, before place {last.chain_seq}" in output


@pytest.mark.parametrize("text", ["Riverside:3:abc", "not-a-uuid", f"{'0' * 8}-0000:x:{'a' * 64}"])
def test_a_noted_head_that_is_not_one_is_refused_naming_the_option(
    written: Membership, text: str
) -> None:
    code, output = _verify("--noted", text)
    assert code == 2
    assert "--noted" in output
    assert "CLINIC-ID:PLACE:HASH" in output


@pytest.fixture
def threads_db(transactional_db: Any) -> Iterator[None]:
    yield
    for alias in connections:
        connections[alias].close()


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite lets one writer in at a time anyway"
)
def test_two_writers_at_one_clinic_never_fork_its_chain(
    threads_db: None, provider: Membership, patient: Patient
) -> None:
    # given two members' worth of requests logging views at once, on their own connections
    start = threading.Barrier(4)
    failures: list[BaseException] = []

    def views() -> None:
        try:
            start.wait()
            for _ in range(15):
                record_patient_view(provider, patient, "record")
        except BaseException as exc:  # reported below, not lost in the thread
            failures.append(exc)
        finally:
            connection.close()

    workers = [threading.Thread(target=views) for _ in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    # then every view is in one unbroken chain: no place twice, none missing
    assert failures == []
    assert PatientAccess.objects.filter(clinic_id=provider.clinic_id).count() == 60
    code, output = _verify()
    assert code == 0, output


def _count(manager: Membership, lot: ProductLot) -> None:
    count_lot(manager, lot.public_id, version=lot.version, quantity_on_hand=Decimal(90),
              reason="one vial broke")  # fmt: skip


def _receive_more(manager: Membership, lot: ProductLot) -> None:
    receive_lot(manager, product="botox", quantity=Decimal(50), lot_number=lot.lot_number,
                expires_on=lot.expires_on)  # fmt: skip


def _name_patients_in_calendars(manager: Membership, lot: ProductLot) -> None:
    set_calendar_patient_names(manager, shown=True)


def _invite_and_join(manager: Membership, lot: ProductLot) -> None:
    join(manager, "nina", "front-desk")


def _remind(manager: Membership, lot: ProductLot) -> None:
    remind_followups(on=dt.date.today(), days_before=30)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="only PostgreSQL locks rows")
@pytest.mark.parametrize(
    "write", [_count, _receive_more, _name_patients_in_calendars, _invite_and_join, _remind]
)
def test_a_write_locks_its_clinics_chain_before_any_row(
    write: Any, manager: Membership, charted: TreatmentSession, botox_lot: ProductLot
) -> None:
    # given writes that lock rows and keep history; when each runs
    with CaptureQueriesContext(connection) as captured:
        write(manager, botox_lot)
    # then the first lock it takes is the chain's: no two writers wait for each other in a
    # circle (one holding the chain and wanting a row, the other the reverse)
    locks = [q["sql"] for q in captured.captured_queries if " FOR " in q["sql"]]
    assert locks
    assert '"clinic_auditchainhead"' in locks[0], locks[0]


def test_verify_of_a_data_dir_without_a_database_says_so_and_writes_nothing(
    tmp_path: Path,
) -> None:
    # given a data dir with no database, and no secret key configured anywhere
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOXFILL_", "DATABASE_"))}
    env |= {"TOXFILL_DATA_DIR": str(tmp_path), "PYTHONPATH": str(Path("src").resolve())}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    # when the command runs (as an operator would, in its own process)
    done = subprocess.run(
        [sys.executable, "-m", "toxfill.cli", "audit", "verify"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    # then it says there is nothing to verify (status 2), and leaves no database or key behind
    # (the settings' task queue makes its own file wherever Django starts)
    assert done.returncode == 2, done.stderr
    assert f"there is no database at {tmp_path}" in done.stderr
    assert not (tmp_path / "toxfill.sqlite3").exists()
    assert not (tmp_path / "secret-key").exists()
