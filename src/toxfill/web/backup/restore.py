"""Restoring an archive: read and check the manifest, refuse a target that holds data (unless
--replace), restore the database and the photos, then check every table's rows and checksum and
every photo's bytes against the manifest."""

from __future__ import annotations

import json
import shutil
import tarfile
import tempfile
from pathlib import Path
from typing import Any

from pyrage import x25519

from toxfill.web.backup import BackupError, encryption, owner_only, postgresql, sqlite
from toxfill.web.backup.archive import (
    FALLBACKS_MEMBER,
    FORMAT,
    MANIFEST,
    SECRET_MEMBER,
    Restored,
    file_sha256,
)
from toxfill.web.backup.target import SQLITE, Target

_ENGINE_NAMES = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}


def _plain(archive: Path, work: Path, keys: list[x25519.Identity]) -> Path:
    """The archive's tar: the file itself, or decrypted into `work` if it is encrypted."""
    if not archive.exists():
        raise BackupError(f"there is no file {archive}")
    if not archive.is_file():
        raise BackupError(f"{archive} is not a file")
    if encryption.is_encrypted(archive):
        return encryption.decrypt(archive, work / "archive.tar", keys)
    return archive


def _open(plain: Path, archive: Path) -> tarfile.TarFile:
    try:
        return tarfile.open(plain, mode="r:")
    except (tarfile.TarError, OSError) as exc:
        raise BackupError(
            f"{archive} is not a toxfill backup (not a readable tar: {exc})"
        ) from None


def read_manifest(tar: tarfile.TarFile, archive: Path) -> dict[str, Any]:
    try:
        member = tar.extractfile(MANIFEST)
        assert member is not None
        manifest = json.loads(member.read())
    except (KeyError, AssertionError):
        raise BackupError(f"{archive} is not a toxfill backup: it has no {MANIFEST}") from None
    except (ValueError, tarfile.TarError, OSError) as exc:
        raise BackupError(
            f"{archive} is corrupt or cut short: {MANIFEST} unreadable ({exc})"
        ) from None
    if not isinstance(manifest, dict) or not isinstance(manifest.get("format"), int):
        raise BackupError(f"{archive} is not a toxfill backup: its manifest has no format number")
    database, photos = manifest.get("database"), manifest.get("photos")
    if not (
        isinstance(database, dict)
        and isinstance(database.get("member"), str)
        and isinstance(database.get("sha256"), str)
        and isinstance(manifest.get("tables"), dict)
        and isinstance(photos, dict)
        and isinstance(photos.get("files", {}), dict)
        and isinstance(manifest.get("secrets", []), list)
    ):
        raise BackupError(
            f"{archive} is corrupt: its manifest lacks the database, tables or photos"
        )
    if manifest["format"] > FORMAT:
        raise BackupError(
            f"{archive} is backup format {manifest['format']}, newer than this toxfill reads "
            f"({FORMAT}): restore it with toxfill {manifest.get('toxfill_version', '?')} or later"
        )
    return manifest


def _extract(tar: tarfile.TarFile, name: str, to: Path, archive: Path) -> Path:
    try:
        source = tar.extractfile(name)
        assert source is not None
        with source, to.open("wb") as stream:
            shutil.copyfileobj(source, stream)
    except (KeyError, AssertionError):
        raise BackupError(f"{archive} is corrupt: {name} is missing") from None
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive} is corrupt: {name} cannot be read ({exc})") from None
    return to


def _refuse_data(target: Target, manifest: dict[str, Any], *, replace: bool) -> None:
    if manifest.get("engine") != target.engine:
        raise BackupError(
            f"this archive is of a {_ENGINE_NAMES.get(str(manifest.get('engine')), '?')} database "
            f"and the target is {_ENGINE_NAMES[target.engine]} ({target.database_shown}): restore "
            "into the same engine (set or unset DATABASE_URL, or give --database-url)"
        )
    if replace:
        return
    if target.engine == SQLITE:
        tables = sqlite.table_count(Path(target.database))
    else:
        tables = postgresql.table_count(target.database, target.database_shown)
    if tables:
        raise BackupError(
            f"{target.database_shown} already holds {tables} tables: restore into an empty "
            "database, or give --replace to overwrite it (its data is then lost)"
        )
    if target.photos_dir and target.photos_dir.is_dir() and any(target.photos_dir.iterdir()):
        raise BackupError(
            f"{target.photos_dir} already holds photos: restore into an empty data dir, or "
            "give --replace to overwrite them"
        )


def _restore_photos(
    tar: tarfile.TarFile, target: Target, files: dict[str, str], archive: Path
) -> int:
    if target.photos_dir is None:
        return 0
    target.photos_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    target.photos_dir.chmod(0o700)
    root = target.photos_dir.resolve()
    for name, sha256 in files.items():
        path = (root / name).resolve()
        if root not in path.parents:  # a crafted archive never writes outside the photos dir
            raise BackupError(f"{archive} is corrupt: the photo name {name!r} leaves its folder")
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _extract(tar, f"photos/{name}", path, archive)
        path.chmod(0o600)
        if file_sha256(path) != sha256:
            raise BackupError(f"{archive} is corrupt: the photo {name} differs from its checksum")
    return len(files)


def _archived_key(tar: tarfile.TarFile, manifest: dict[str, Any], archive: Path) -> str | None:
    """The secret key in the archive, refused before anything is written if a different one
    is in place (its signing keys would no longer open) and --replace was not given."""
    if SECRET_MEMBER not in manifest.get("secrets", []):
        return None
    try:
        member = tar.extractfile(SECRET_MEMBER)
        assert member is not None
        return member.read().decode().strip()
    except (KeyError, AssertionError, tarfile.TarError, OSError, UnicodeDecodeError):
        raise BackupError(f"{archive} is corrupt: {SECRET_MEMBER} cannot be read") from None


def _check_key(key: str | None, target: Target, *, replace: bool) -> None:
    path = target.secret_key_file
    if key is None or replace or not path.is_file():
        return
    if path.read_text(encoding="utf-8").strip() != key:
        raise BackupError(
            f"{path} holds a different secret key from the archive's: give --replace to "
            "overwrite it, or remove it first"
        )


def _write_key(key: str | None, target: Target) -> Path | None:
    if key is None:
        return None
    path = target.secret_key_file
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    with owner_only(path) as stream:
        stream.write(key.encode() + b"\n")
    path.chmod(0o600)
    return path


def verify(target: Target, manifest: dict[str, Any]) -> tuple[int, int]:
    """Every table's rows and checksum in the restored database against the manifest's:
    (tables, rows) when they all match, else BackupError naming the tables that differ."""
    expected: dict[str, dict[str, Any]] = manifest["tables"]
    if target.engine == SQLITE:
        found = sqlite.table_sums(Path(target.database))
    else:
        found = postgresql.restored_sums(target.database, target.database_shown)
    wrong = sorted(
        name for name in expected.keys() | found.keys() if expected.get(name) != found.get(name)
    )
    if wrong:
        raise BackupError(
            f"the restored database differs from the archive's manifest in {len(wrong)} "
            f"tables: {', '.join(wrong[:10])}"
        )
    return len(expected), sum(int(table["rows"]) for table in expected.values())


def restore(
    target: Target, archive: Path, *, replace: bool, keys: list[x25519.Identity]
) -> Restored:
    """Restore `archive` (decrypted with `keys` if it is encrypted) into `target`."""
    with (
        tempfile.TemporaryDirectory(prefix="toxfill-restore-") as work,
        _open(_plain(archive, Path(work), keys), archive) as tar,
    ):
        manifest = read_manifest(tar, archive)
        key = _archived_key(tar, manifest, archive)
        _refuse_data(target, manifest, replace=replace)
        _check_key(key, target, replace=replace)
        done = Restored(manifest)
        member = manifest["database"]["member"]
        copy = _extract(tar, member, Path(work) / Path(member).name, archive)
        if file_sha256(copy) != manifest["database"]["sha256"]:
            raise BackupError(f"{archive} is corrupt: {member} differs from its checksum")
        if target.engine == SQLITE:
            sqlite.restore(copy, Path(target.database))
        else:
            done.warnings = postgresql.restore(
                copy, target.database, target.database_shown, replace=replace
            )
        copy.unlink()
        done.photos = _restore_photos(tar, target, manifest["photos"].get("files", {}), archive)
        done.secret_key_written = _write_key(key, target)
        if FALLBACKS_MEMBER in manifest.get("secrets", []):
            done.warnings.append(
                "the archive holds earlier secret keys (secrets/secret-key-fallbacks): set them "
                "as TOXFILL_SECRET_KEY_FALLBACKS if signing keys sealed under them must open"
            )
    done.tables, done.rows = verify(target, manifest)
    return done
