"""Backups are encrypted at rest (HIPAA 164.312(a)(2)(iv)): `toxfill backup` writes an age file
to the public keys given and refuses to write patients' records in the clear unless told to;
`toxfill restore` opens it only with a matching secret key. The receiver's side is checked by
the age reference tool (Go's `age`, which toxfill does not use): it opens toxfill's archives,
toxfill opens its, and `age-keygen -y` derives the same public key from toxfill's key file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

import pytest
from tests.web.backup.cli import restore_into, toxfill

AGE = shutil.which("age")


@pytest.fixture
def age() -> str:
    if AGE is None:
        if os.environ.get("TOXFILL_REQUIRE_AGE") == "1":
            pytest.fail("TOXFILL_REQUIRE_AGE=1 but age is missing (apt-get install age)")
        pytest.skip("age is not installed (apt-get install age)")
    return AGE


@pytest.fixture
def key(tmp_path: Path) -> tuple[Path, str]:
    """A key pair from `toxfill backup-key`: the secret key's file and the public key."""
    path = tmp_path / "elsewhere" / "backup.key"
    path.parent.mkdir()
    made = toxfill("backup-key", str(path))
    assert made.exit_code == 0, made.output
    public = next(word for word in made.output.split() if word.startswith("age1"))
    return path, public


@pytest.fixture
def sealed(data_dir: Path, tmp_path: Path, key: tuple[Path, str]) -> Path:
    path = tmp_path / "backup.tar.age"
    made = toxfill("backup", str(path), "--recipient", key[1])
    assert made.exit_code == 0, made.output
    assert "encrypted with age to 1 public key" in made.output
    return path


def test_the_archive_reveals_nothing_without_the_key(sealed: Path, data_dir: Path):
    data = sealed.read_bytes()
    assert data.startswith(b"age-encryption.org/v1\n")
    for plain in (b"manifest.json", b"clinic_patient", b"Ann", b"a photo", b"SQLite format"):
        assert plain not in data
    assert sealed.stat().st_mode & 0o777 == 0o600


def test_it_restores_with_the_secret_key(sealed: Path, key, tmp_path: Path, monkeypatch):
    result = restore_into(tmp_path / "fresh", sealed, monkeypatch, "--identity", str(key[0]))
    assert result.exit_code == 0, result.output
    assert "1 tables, 2 rows" in result.output
    assert (tmp_path / "fresh" / "photos" / "2026" / "a.jpg").read_bytes() == b"\xff\xd8 a photo"


def test_the_identity_can_come_from_the_environment(sealed: Path, key, tmp_path, monkeypatch):
    monkeypatch.setenv("TOXFILL_BACKUP_IDENTITY_FILE", str(key[0]))
    assert restore_into(tmp_path / "fresh", sealed, monkeypatch).exit_code == 0


def test_without_a_key_or_with_another_it_refuses_and_writes_nothing(
    sealed: Path, tmp_path: Path, monkeypatch
):
    fresh = tmp_path / "fresh"
    result = restore_into(fresh, sealed, monkeypatch)
    assert result.exit_code == 2
    assert "is encrypted: give --identity" in result.output

    other = tmp_path / "other.key"
    assert toxfill("backup-key", str(other)).exit_code == 0
    result = restore_into(fresh, sealed, monkeypatch, "--identity", str(other))
    assert result.exit_code == 2
    assert "was not encrypted to the identity given" in result.output
    assert not (fresh / "toxfill.sqlite3").exists()
    assert not (fresh / "photos").exists()


@pytest.mark.parametrize("cut", [30, 200, -20])
def test_a_cut_or_changed_encrypted_archive(sealed: Path, key, tmp_path, monkeypatch, cut: int):
    data = sealed.read_bytes()
    broken = tmp_path / "broken.age"
    broken.write_bytes(data[:cut] if cut > 0 else data[:cut] + bytes(x ^ 1 for x in data[cut:]))
    result = restore_into(tmp_path / "fresh", broken, monkeypatch, "--identity", str(key[0]))
    assert result.exit_code == 2, result.output
    assert "broken.age" in result.output
    assert not (tmp_path / "fresh" / "toxfill.sqlite3").exists()


def test_it_will_not_write_records_in_the_clear_unless_told(data_dir: Path, tmp_path: Path):
    path = tmp_path / "b.tar"
    result = toxfill("backup", str(path))
    assert result.exit_code == 2
    assert "--recipient" in result.output
    assert "--unencrypted" in result.output
    assert not path.exists()
    made = toxfill("backup", str(path), "--unencrypted")
    assert made.exit_code == 0
    assert "NOT encrypted" in made.output
    assert tarfile.is_tarfile(path)


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["--recipient", "ssh-ed25519 AAAA"], "--recipient: 'ssh-ed25519 '... is not an age"),
        (["--recipient", "age1notakey"], "--recipient: age1notakey... is not a valid age key"),
        (["--recipients-file", "/nonexistent/keys.txt"], "/nonexistent/keys.txt cannot be read"),
    ],
)
def test_a_wrong_public_key_is_named(data_dir: Path, tmp_path: Path, args: list[str], named):
    result = toxfill("backup", str(tmp_path / "b.age"), *args)
    assert result.exit_code == 2
    assert named in result.output
    assert not (tmp_path / "b.age").exists()


def test_keys_from_a_file_and_the_environment_all_open_it(
    data_dir: Path, tmp_path: Path, monkeypatch
):
    keys = {}
    for name in ("file", "env"):
        made = toxfill("backup-key", str(tmp_path / f"{name}.key"))
        keys[name] = next(w for w in made.output.split() if w.startswith("age1"))
    listed = tmp_path / "recipients.txt"
    listed.write_text(f"# the manager's key\n\n{keys['file']}\n")
    monkeypatch.setenv("TOXFILL_BACKUP_RECIPIENTS", keys["env"])
    path = tmp_path / "b.age"
    made = toxfill("backup", str(path), "--recipients-file", str(listed))
    assert "to 2 public key(s)" in made.output
    for name in keys:
        result = restore_into(
            tmp_path / name, path, monkeypatch, "--identity", str(tmp_path / f"{name}.key")
        )
        assert result.exit_code == 0, result.output
    both = toxfill("backup", str(tmp_path / "c.tar"), "--unencrypted")
    assert both.exit_code == 2
    assert "--unencrypted: cannot be given with age public keys" in both.output


def test_backup_key_never_overwrites_and_keeps_the_key_private(key, tmp_path: Path):
    path, _ = key
    assert path.stat().st_mode & 0o777 == 0o600
    before = path.read_text()
    again = toxfill("backup-key", str(path))
    assert again.exit_code == 2
    assert "already exists" in again.output
    assert path.read_text() == before
    empty = tmp_path / "empty.key"
    empty.write_text("# nothing here\n")
    result = toxfill("restore", str(tmp_path / "x.age"), "--identity", str(empty))
    assert result.exit_code == 2
    assert "holds no key" in result.output


def test_the_age_tool_opens_toxfills_archive(sealed: Path, key, tmp_path: Path, age: str):
    plain = tmp_path / "opened.tar"
    subprocess.run([age, "--decrypt", "-i", str(key[0]), "-o", str(plain), str(sealed)], check=True)
    with tarfile.open(plain) as tar:
        member = tar.extractfile("manifest.json")
        assert member is not None
        assert json.loads(member.read())["tables"]["clinic_patient"]["rows"] == 2
    derived = subprocess.run(
        [f"{age}-keygen", "-y", str(key[0])], capture_output=True, text=True, check=True
    )
    assert derived.stdout.strip() == key[1]


def test_toxfill_restores_an_archive_the_age_tool_encrypted(
    data_dir: Path, key, tmp_path: Path, monkeypatch, age: str
):
    plain = tmp_path / "plain.tar"
    assert toxfill("backup", str(plain), "--unencrypted").exit_code == 0
    sealed = tmp_path / "by-age.age"
    subprocess.run([age, "-r", key[1], "-o", str(sealed), str(plain)], check=True)
    result = restore_into(tmp_path / "fresh", sealed, monkeypatch, "--identity", str(key[0]))
    assert result.exit_code == 0, result.output
    assert "1 tables, 2 rows" in result.output


@pytest.mark.parametrize("encrypted", [True, False])
def test_an_archive_that_stops_short_is_not_kept(
    data_dir: Path, tmp_path: Path, key, monkeypatch, encrypted: bool
):
    # a photo that cannot be read halfway through the archive (gone, or a disk error)
    from toxfill.web.backup import archive as archive_module

    def fails_halfway(stream, *args) -> None:
        stream.write(b"the first part of the tar")
        raise OSError(5, "Input/output error", "photos/2026/a.jpg")

    monkeypatch.setattr(archive_module, "_write_tar", fails_halfway)
    path = tmp_path / "b.age"
    how = ["--recipient", key[1]] if encrypted else ["--unencrypted"]
    result = toxfill("backup", str(path), *how)
    assert result.exit_code == 2, result.output
    assert "could not be written: Input/output error (photos/2026/a.jpg)" in result.output
    assert not path.exists()
    assert not list(tmp_path.glob(".b.age*"))
