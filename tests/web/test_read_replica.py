"""The read replica's settings and the router that sends reads to it (toxfill.web.db_router):
the replica serves a request that only reads, the primary everything else."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.test import override_settings

from toxfill.web import db_router
from toxfill.web.clinic.models import ApiToken, Clinic, Patient, PatientAccess
from toxfill.web.db_router import PRIMARY, REPLICA, PrimaryReplicaRouter, request_reads
from toxfill.web.patient_link.models import PatientLink

PRIMARY_URL = "postgresql://toxfill@10.0.0.2:5432/toxfill?sslmode=verify-full"
REPLICA_URL = "postgresql://toxfill:secret@10.0.0.3:5432/toxfill?sslmode=verify-full"


def test_the_replica_is_a_pooled_postgresql_database_and_a_test_mirror(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from toxfill.web import settings

    monkeypatch.setenv("DATABASE_URL", PRIMARY_URL)
    monkeypatch.setenv("TOXFILL_REPLICA_URL", REPLICA_URL)
    monkeypatch.setenv("TOXFILL_DB_POOL_SIZE", "3")

    replica = settings.read_replica(settings.database())

    assert replica is not None
    assert (replica["HOST"], replica["NAME"]) == ("10.0.0.3", "toxfill")
    assert replica["OPTIONS"]["pool"]["max_size"] == 3  # type: ignore[index]
    assert replica["TEST"] == {"MIRROR": "default"}  # tests read the primary's test database


def test_no_replica_url_is_no_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    from toxfill.web import settings

    monkeypatch.setenv("DATABASE_URL", PRIMARY_URL)
    monkeypatch.delenv("TOXFILL_REPLICA_URL", raising=False)
    assert settings.read_replica(settings.database()) is None


def test_a_replica_url_that_is_not_postgresql_names_the_variable_and_no_password(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from toxfill.web import settings

    monkeypatch.setenv("DATABASE_URL", PRIMARY_URL)
    monkeypatch.setenv("TOXFILL_REPLICA_URL", "mysql://toxfill:secret@10.0.0.3/toxfill")
    with pytest.raises(ImproperlyConfigured, match="TOXFILL_REPLICA_URL") as refused:
        settings.read_replica(settings.database())
    assert "secret" not in str(refused.value)


def test_a_replica_needs_a_postgresql_primary(monkeypatch: pytest.MonkeyPatch) -> None:
    from toxfill.web import settings

    monkeypatch.delenv("DATABASE_URL", raising=False)  # SQLite
    monkeypatch.setenv("TOXFILL_REPLICA_URL", REPLICA_URL)
    with pytest.raises(ImproperlyConfigured, match="set DATABASE_URL to that primary"):
        settings.read_replica(settings.database())


def test_reads_stay_on_the_primary_longer_than_the_replica_may_lag(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from toxfill.web import settings

    monkeypatch.delenv("TOXFILL_READ_YOUR_WRITES_SECONDS", raising=False)
    assert settings.read_your_writes_seconds(5) == 10
    monkeypatch.setenv("TOXFILL_READ_YOUR_WRITES_SECONDS", "5")
    with pytest.raises(ImproperlyConfigured) as refused:
        settings.read_your_writes_seconds(5)
    assert "TOXFILL_READ_YOUR_WRITES_SECONDS (5) must be more than" in str(refused.value)


@pytest.fixture
def router(monkeypatch: pytest.MonkeyPatch) -> PrimaryReplicaRouter:
    """The router, with a replica that answers and is not behind."""
    monkeypatch.setattr(db_router, "replica_lag", lambda: 0.0)
    monkeypatch.setattr(db_router, "_health", db_router._Health())
    return PrimaryReplicaRouter()


def test_a_request_that_only_reads_reads_the_replica(router: PrimaryReplicaRouter) -> None:
    with request_reads(replica=True):
        assert router.db_for_read(Patient) == REPLICA
        assert router.db_for_read(User) == REPLICA


def test_reads_outside_a_request_read_the_primary(router: PrimaryReplicaRouter) -> None:
    # a command, the reminder worker, start-up: no request, so nothing marked it
    assert router.db_for_read(Patient) == PRIMARY


def test_a_write_request_reads_the_primary(router: PrimaryReplicaRouter) -> None:
    with request_reads(replica=False):
        assert router.db_for_read(Patient) == PRIMARY


def test_sign_in_state_and_revocable_credentials_are_read_from_the_primary(
    router: PrimaryReplicaRouter,
) -> None:
    from axes.models import AccessAttempt
    from django.core.cache.backends.db import Options

    cache_table = type("CacheEntry", (), {"_meta": Options("toxfill_cache")})
    with request_reads(replica=True):
        for model in (Session, AccessAttempt, cache_table, ApiToken, PatientLink):
            assert router.db_for_read(model) == PRIMARY, model


def test_after_its_first_write_a_request_reads_the_primary(router: PrimaryReplicaRouter) -> None:
    with request_reads(replica=True) as reads:
        assert router.db_for_write(Patient) == PRIMARY
        assert reads.wrote
        assert router.db_for_read(Patient) == PRIMARY


def test_logging_a_view_of_a_record_is_not_a_write_to_read_back(
    router: PrimaryReplicaRouter,
) -> None:
    with request_reads(replica=True) as reads:
        assert router.db_for_write(PatientAccess) == PRIMARY
        assert router.db_for_write(Session) == PRIMARY
        assert not reads.wrote
        assert router.db_for_read(Patient) == REPLICA


@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_reads_go_to_the_primary(router: PrimaryReplicaRouter) -> None:
    with request_reads(replica=True):
        assert router.db_for_read(Clinic) == REPLICA
        with transaction.atomic():
            assert router.db_for_read(Clinic) == PRIMARY


@pytest.mark.parametrize(("lag", "expected"), [(0.0, REPLICA), (5.0, REPLICA), (5.5, PRIMARY)])
@override_settings(REPLICA_MAX_LAG_SECONDS=5)
def test_a_replica_further_behind_than_allowed_is_not_read(
    router: PrimaryReplicaRouter, monkeypatch: pytest.MonkeyPatch, lag: float, expected: str
) -> None:
    monkeypatch.setattr(db_router, "replica_lag", lambda: lag)
    with request_reads(replica=True):
        assert router.db_for_read(Patient) == expected


def test_a_replica_that_does_not_answer_is_not_read_until_it_does(
    router: PrimaryReplicaRouter, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers: list[float | None] = [None]
    monkeypatch.setattr(db_router, "replica_lag", lambda: answers[0])
    with request_reads(replica=True):
        assert router.db_for_read(Patient) == PRIMARY
        answers[0] = 0.0
        assert router.db_for_read(Patient) == PRIMARY  # asked again only after a while
        monkeypatch.setattr(db_router, "CHECK_EVERY_SECONDS", 0.0)
        assert router.db_for_read(Patient) == REPLICA


@pytest.mark.django_db
def test_a_down_replica_is_reported_as_not_answering(monkeypatch: pytest.MonkeyPatch) -> None:
    from django.db import connections

    replica = connections[REPLICA]
    if replica.vendor != "postgresql":
        pytest.skip("the lag is PostgreSQL's (the SQLite mirror never lags)")
    # given a replica address where nothing listens
    monkeypatch.setitem(replica.settings_dict, "HOST", "127.0.0.1")
    monkeypatch.setitem(replica.settings_dict, "PORT", "1")
    assert db_router.replica_lag() is None


@pytest.mark.django_db
def test_a_database_that_does_not_replicate_has_no_lag() -> None:
    assert db_router.replica_lag() == 0.0


def test_writes_and_migrations_go_to_the_primary_only(router: PrimaryReplicaRouter) -> None:
    with request_reads(replica=True):
        assert router.db_for_write(Patient) == PRIMARY
    assert router.allow_migrate(PRIMARY, "clinic")
    assert not router.allow_migrate(REPLICA, "clinic")


def test_rows_from_either_database_may_be_linked(router: PrimaryReplicaRouter) -> None:
    read, written = Clinic(), Patient()
    read._state.db, written._state.db = REPLICA, PRIMARY
    assert router.allow_relation(read, written)
    written._state.db = "elsewhere"
    assert router.allow_relation(read, written) is None
