"""The small data dir the in-process backup tests back up."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir with a small SQLite database, a photo and a secret key."""
    folder = tmp_path / "data"
    (folder / "photos" / "2026").mkdir(parents=True)
    (folder / "photos" / "2026" / "a.jpg").write_bytes(b"\xff\xd8 a photo")
    (folder / "secret-key").write_text("the key\n")
    with sqlite3.connect(folder / "toxfill.sqlite3") as conn:
        conn.execute("CREATE TABLE clinic_patient (id INTEGER PRIMARY KEY, name TEXT)")
        conn.executemany("INSERT INTO clinic_patient (name) VALUES (?)", [("Ann",), ("Bo",)])
    conn.close()
    for name in (
        "DATABASE_URL",
        "TOXFILL_SECRET_KEY",
        "TOXFILL_SECRET_KEY_FILE",
        "TOXFILL_PHOTOS_S3_BUCKET",
        "TOXFILL_BACKUP_RECIPIENTS",
        "TOXFILL_BACKUP_IDENTITY_FILE",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TOXFILL_DATA_DIR", str(folder))
    return folder
