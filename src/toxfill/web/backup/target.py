"""Where the database and the photos are, read from the environment as settings read it, but
without loading Django (settings need a secret key, which a restore may be about to write)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from toxfill.errors import InputError

SQLITE = "sqlite"
POSTGRESQL = "postgresql"


@dataclass(frozen=True)
class Target:
    """One toxfill installation: its database, its photos and its secret key's file."""

    engine: str
    database: str  # the SQLite file's path, or the PostgreSQL URL
    photos_dir: Path | None  # None: the photos are in an S3 bucket
    photos_bucket: str | None
    secret_key_file: Path

    @property
    def database_shown(self) -> str:
        """The database named for a message, without a password in a URL."""
        if self.engine == SQLITE:
            return self.database
        from urllib.parse import urlsplit

        parts = urlsplit(self.database)
        host = parts.hostname or "localhost"
        return f"{parts.scheme}://{host}:{parts.port or 5432}{parts.path}"


def data_dir() -> Path:
    return Path(os.environ.get("TOXFILL_DATA_DIR") or Path.cwd() / "var").resolve()


def secret_key_file() -> Path:
    """As toxfill.web.environment.secret_key_file, which imports Django to raise its errors."""
    if named := os.environ.get("TOXFILL_SECRET_KEY_FILE", "").strip():
        return Path(named).expanduser().resolve()
    return data_dir() / "secret-key"


def current_target(database_url: str | None = None) -> Target:
    """The installation DATABASE_URL (or `database_url`) and TOXFILL_DATA_DIR name."""
    url = (database_url or os.environ.get("DATABASE_URL") or "").strip()
    bucket = os.environ.get("TOXFILL_PHOTOS_S3_BUCKET", "").strip() or None
    photos_dir = None if bucket else data_dir() / "photos"
    if not url:
        engine, database = SQLITE, str(data_dir() / "toxfill.sqlite3")
    elif url.startswith(("postgres://", "postgresql://")):
        engine, database = POSTGRESQL, url
    elif url.startswith("sqlite://"):
        import dj_database_url

        engine, database = SQLITE, str(dj_database_url.parse(url)["NAME"])
    else:
        raise InputError(
            "--database-url",
            f"must start with postgresql:// or sqlite://, not {url.split(':')[0]!r}",
        )
    return Target(engine, database, photos_dir, bucket, secret_key_file())
