"""Connections to another machine are encrypted with the server's certificate checked (ASVS
V12.3.1, V12.3.4): PostgreSQL and its replica need sslmode=verify-full (or verify-ca) and
Redis rediss://, unless the operator writes TOXFILL_ALLOW_UNENCRYPTED_NETWORK=1; a plain
connection to this machine (a socket, localhost, loopback) is fine. Each refusal names the
setting and what would be valid, and never echoes a password."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from toxfill.web import settings
from toxfill.web.connection_tls import check_postgresql, check_redis

pytestmark = pytest.mark.public_side  # reads no database: not run again on PostgreSQL


@pytest.fixture(autouse=True)
def nothing_allowed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("TOXFILL_ALLOW_UNENCRYPTED_NETWORK", raising=False)
    monkeypatch.delenv("PGSSLMODE", raising=False)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@127.0.0.1:5432/toxfill",
        "postgresql://postgres@localhost/toxfill",
        "postgresql://postgres@[::1]:5432/toxfill",
        "postgresql://postgres@127.0.0.2/toxfill",
        "postgresql:///toxfill",  # the default Unix socket
        "postgresql:///toxfill?host=/var/run/postgresql",
        "postgresql://toxfill:s3cret@db.example.org/toxfill?sslmode=verify-full",
        "postgresql://db.example.org/toxfill?sslmode=verify-ca&sslrootcert=/etc/ca.pem",
    ],
)
def test_a_local_or_checked_postgresql_connection_is_taken(url: str) -> None:
    check_postgresql("DATABASE_URL", url)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql://toxfill:s3cret@db.example.org/toxfill", "no sslmode"),
        ("postgresql://toxfill:s3cret@10.0.0.5:5432/toxfill", "no sslmode"),
        ("postgresql://db.example.org/toxfill?sslmode=require", "sslmode=require"),
        ("postgresql://db.example.org/toxfill?sslmode=prefer", "sslmode=prefer"),
        ("postgresql://127.0.0.1,db.example.org/toxfill", "no sslmode"),  # one host is remote
    ],
)
def test_postgresql_on_another_machine_unchecked_is_refused_naming_what_to_add(
    url: str, said: str
) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        check_postgresql("TOXFILL_REPLICA_URL", url)

    message = str(refused.value)
    assert message.startswith(
        f"TOXFILL_REPLICA_URL reaches PostgreSQL on another machine with {said}"
    )
    assert "sslmode=verify-full" in message
    assert "s3cret" not in message


def test_pgsslmode_counts_as_the_urls_own(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PGSSLMODE", "verify-full")

    check_postgresql("DATABASE_URL", "postgresql://db.example.org/toxfill")


def test_settings_refuse_the_database_and_its_replica(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://db.example.org/toxfill")
    with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL reaches PostgreSQL"):
        settings.database()

    monkeypatch.setenv("TOXFILL_REPLICA_URL", "postgresql://replica.example.org/toxfill")
    primary = {"ENGINE": "django.db.backends.postgresql"}
    with pytest.raises(ImproperlyConfigured, match=r"^TOXFILL_REPLICA_URL reaches PostgreSQL"):
        settings.read_replica(primary)


@pytest.mark.parametrize(
    "url",
    [
        "redis://127.0.0.1:6379/0",
        "redis://localhost:6379/0",
        "unix:///run/redis/redis.sock",
        "rediss://:s3cret@cache.example.org:6380/0",
    ],
)
def test_a_local_or_checked_redis_connection_is_taken(url: str) -> None:
    check_redis("TOXFILL_REDIS_URL", url)


@pytest.mark.parametrize(
    ("url", "why"),
    [
        ("redis://:s3cret@cache.example.org:6379/0", "unencrypted: use rediss://"),
        ("rediss://:s3cret@cache.example.org/0?ssl_cert_reqs=none", "not to be checked"),
    ],
)
def test_redis_on_another_machine_unchecked_is_refused(url: str, why: str) -> None:
    with pytest.raises(ImproperlyConfigured) as refused:
        check_redis("TOXFILL_REDIS_URL", url)

    assert str(refused.value).startswith("TOXFILL_REDIS_URL")
    assert why in str(refused.value)
    assert "s3cret" not in str(refused.value)


def test_settings_refuse_redis_on_another_machine_unencrypted(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TOXFILL_REDIS_URL", "redis://cache.example.org:6379/0")

    with pytest.raises(ImproperlyConfigured, match="use rediss://"):
        settings.task_queue(settings.DATA_DIR)


def test_an_operator_may_trust_their_private_network_in_writing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("TOXFILL_ALLOW_UNENCRYPTED_NETWORK", "1")

    check_postgresql("DATABASE_URL", "postgresql://10.0.0.5/toxfill")
    check_redis("TOXFILL_REDIS_URL", "redis://10.0.0.6:6379/0")


@pytest.mark.parametrize(
    ("url", "refused"),
    [
        ("http://127.0.0.1:9000", False),  # a MinIO on this machine
        ("https://minio.internal:9000", False),
        ("http://minio.internal:9000", True),
    ],
)
def test_an_s3_store_on_another_machine_is_reached_over_https_only(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, url: str, refused: bool
) -> None:
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_BUCKET", "toxfill-photos")
    monkeypatch.setenv("TOXFILL_PHOTOS_S3_ENDPOINT_URL", url)

    if refused:
        with pytest.raises(ImproperlyConfigured, match=r"^TOXFILL_PHOTOS_S3_ENDPOINT_URL .* https"):
            settings.photo_storage(tmp_path)
    else:
        assert settings.photo_storage(tmp_path)["OPTIONS"]["endpoint_url"] == url  # type: ignore[index]
