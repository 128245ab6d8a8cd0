"""`toxfill backup` and `toxfill restore` refuse clearly, in one line and never a traceback: a
missing or corrupt archive, a changed database inside it, the wrong engine, a target that
holds data, pg_dump not installed; and keep the secret key out unless asked."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import pytest
from tests.web.backup.cli import restore_into, toxfill


@pytest.fixture
def archive(data_dir: Path, tmp_path: Path) -> Path:
    path = tmp_path / "backup.tar"
    result = toxfill("backup", str(path), "--unencrypted")
    assert result.exit_code == 0, result.output
    assert "2 rows" in result.output
    assert "1 files" in result.output
    assert path.stat().st_mode & 0o777 == 0o600
    return path


def test_restore_into_an_empty_data_dir(archive: Path, tmp_path: Path, monkeypatch):
    result = restore_into(tmp_path / "fresh", archive, monkeypatch)
    assert result.exit_code == 0, result.output
    assert "1 tables, 2 rows" in result.output
    assert (tmp_path / "fresh" / "photos" / "2026" / "a.jpg").read_bytes() == b"\xff\xd8 a photo"
    assert not (tmp_path / "fresh" / "secret-key").exists()
    with tarfile.open(archive) as tar:
        assert not [name for name in tar.getnames() if "secret" in name]


def test_a_target_with_data_is_refused_unless_replace(archive: Path, data_dir: Path, monkeypatch):
    result = restore_into(data_dir, archive, monkeypatch)
    assert result.exit_code == 2
    assert "already holds 1 tables" in result.output
    assert "--replace" in result.output
    assert restore_into(data_dir, archive, monkeypatch, "--replace").exit_code == 0


def test_a_missing_archive(data_dir: Path, tmp_path: Path):
    result = toxfill("restore", str(tmp_path / "nowhere.tar"))
    assert result.exit_code == 2
    assert "there is no file" in result.output


@pytest.mark.parametrize(
    ("cut", "message"), [(0, "not a toxfill backup"), (700, "corrupt"), (5000, "corrupt")]
)
def test_a_corrupt_archive(archive: Path, tmp_path: Path, monkeypatch, cut: int, message: str):
    broken = tmp_path / "broken.tar"
    broken.write_bytes(archive.read_bytes()[:cut] or b"not a tar at all" * 100)
    result = restore_into(tmp_path / "fresh", broken, monkeypatch)
    assert result.exit_code == 2, result.output
    assert message in result.output


def _rewritten(archive: Path, target: Path, change) -> Path:
    """`archive` copied member by member to `target`, `change(name, data)` applied."""
    with tarfile.open(archive) as source, tarfile.open(target, "w") as copy:
        for member in source.getmembers():
            stream = source.extractfile(member)
            assert stream is not None
            data = change(member.name, stream.read())
            member.size = len(data)
            copy.addfile(member, io.BytesIO(data))
    return target


def test_a_changed_database_inside_the_archive(archive: Path, tmp_path: Path, monkeypatch):
    def flip(name: str, data: bytes) -> bytes:
        return data[:-1] + bytes([data[-1] ^ 1]) if name.startswith("database/") else data

    changed = _rewritten(archive, tmp_path / "changed.tar", flip)
    result = restore_into(tmp_path / "fresh", changed, monkeypatch)
    assert result.exit_code == 2
    assert "differs from its checksum" in result.output


def test_a_table_whose_rows_differ_from_the_manifest(archive: Path, tmp_path: Path, monkeypatch):
    def recount(name: str, data: bytes) -> bytes:
        if name != "manifest.json":
            return data
        manifest = json.loads(data)
        manifest["tables"]["clinic_patient"]["rows"] = 3
        return json.dumps(manifest).encode()

    changed = _rewritten(archive, tmp_path / "changed.tar", recount)
    result = restore_into(tmp_path / "fresh", changed, monkeypatch)
    assert result.exit_code == 2
    assert "differs from the archive's manifest" in result.output
    assert "clinic_patient" in result.output


def test_the_wrong_engine(archive: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bak_never_made")
    result = restore_into(tmp_path / "fresh", archive, monkeypatch)
    assert result.exit_code == 2
    assert "of a SQLite database and the target is PostgreSQL" in (result.output)


def test_pg_dump_not_installed(data_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    url = "postgresql://postgres@127.0.0.1:5432/bak_anything"
    result = toxfill("backup", str(tmp_path / "b.tar"), "--unencrypted", "--database-url", url)
    assert result.exit_code == 2
    assert "pg_dump is not installed" in result.output


def test_no_database_to_back_up(tmp_path: Path, monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("TOXFILL_DATA_DIR", str(tmp_path / "empty"))
    result = toxfill("backup", str(tmp_path / "b.tar"), "--unencrypted")
    assert result.exit_code == 2
    assert "there is no SQLite database" in result.output
    assert not (tmp_path / "b.tar").exists()


def test_with_secrets_the_key_goes_along(data_dir: Path, tmp_path: Path, monkeypatch):
    path = tmp_path / "with-key.tar"
    assert toxfill("backup", str(path), "--with-secrets", "--unencrypted").exit_code == 0
    fresh = tmp_path / "fresh"
    fresh.mkdir()
    (fresh / "secret-key").write_text("another key\n")
    refused = restore_into(fresh, path, monkeypatch)
    assert refused.exit_code == 2
    assert "different secret key" in refused.output
    (fresh / "secret-key").unlink()
    assert restore_into(fresh, path, monkeypatch).exit_code == 0
    assert (fresh / "secret-key").read_text() == "the key\n"
    assert (fresh / "secret-key").stat().st_mode & 0o777 == 0o600


def test_a_manifest_without_its_parts(archive: Path, tmp_path: Path, monkeypatch):
    def strip(name: str, data: bytes) -> bytes:
        return b'{"format": 1}' if name == "manifest.json" else data

    changed = _rewritten(archive, tmp_path / "changed.tar", strip)
    result = restore_into(tmp_path / "fresh", changed, monkeypatch)
    assert result.exit_code == 2
    assert "its manifest lacks" in result.output
