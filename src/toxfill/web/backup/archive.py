"""The archive: a tar of manifest.json, the database (database/toxfill.sqlite3 or
database/toxfill.pgdump), the photos (photos/...) and, only when asked, secrets/secret-key;
encrypted with age to the recipients given (encryption.py) unless the operator asked for it
in the clear. Written beside its final name and renamed into place, readable by its owner only."""

from __future__ import annotations

import hashlib
import json
import os
import tarfile
import tempfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import BinaryIO

from pyrage import x25519

from toxfill.web.backup import BackupError, encryption, owner_only, postgresql, sqlite
from toxfill.web.backup.target import POSTGRESQL, SQLITE, Target

FORMAT = 1
MANIFEST = "manifest.json"
DATABASE_MEMBER = {SQLITE: "database/toxfill.sqlite3", POSTGRESQL: "database/toxfill.pgdump"}
SECRET_MEMBER = "secrets/secret-key"
FALLBACKS_MEMBER = "secrets/secret-key-fallbacks"


def toxfill_version() -> str:
    try:
        return version("toxfill")
    except PackageNotFoundError:
        return "unknown"


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        while chunk := stream.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _photo_files(photos_dir: Path) -> dict[str, Path]:
    if not photos_dir.is_dir():
        return {}
    return {
        path.relative_to(photos_dir).as_posix(): path
        for path in sorted(photos_dir.rglob("*"))
        if path.is_file()
    }


def _secret_key(target: Target) -> str | None:
    if key := os.environ.get("TOXFILL_SECRET_KEY"):
        return key
    if target.secret_key_file.is_file():
        return target.secret_key_file.read_text(encoding="utf-8").strip()
    return None


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    import io

    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), 0o600, int(datetime.now(UTC).timestamp())
    tar.addfile(info, io.BytesIO(data))


def _write_tar(
    stream: BinaryIO,
    manifest: dict[str, object],
    database: tuple[Path, str],
    photos: dict[str, Path],
    secrets: dict[str, str],
) -> None:
    with tarfile.open(fileobj=stream, mode="w|") as tar:  # a stream: it may be a pipe
        _add_bytes(tar, MANIFEST, json.dumps(manifest, indent=2).encode())
        tar.add(database[0], arcname=database[1])
        for name, path in photos.items():
            tar.add(path, arcname=f"photos/{name}")
        for member, text in secrets.items():
            _add_bytes(tar, member, text.encode() + b"\n")


def backup(
    target: Target,
    archive: Path,
    *,
    with_secrets: bool,
    recipients: list[x25519.Recipient] | None,
) -> dict[str, object]:
    """Write the archive of `target` to `archive`, encrypted to `recipients` (None: in the
    clear, as the operator asked); its manifest."""
    if recipients is not None and not recipients:
        raise BackupError(
            "the archive holds patients' records: give --recipient with an age public key "
            f"(age1..., made by `toxfill backup-key`; or set {encryption.RECIPIENTS_ENV}) to "
            "encrypt it, or --unencrypted to write it in the clear"
        )
    if archive.is_dir():
        raise BackupError(
            f"{archive} is a folder: give the archive's file name, e.g. {archive}/toxfill.tar"
        )
    if not archive.parent.is_dir():
        raise BackupError(f"the folder {archive.parent} does not exist")
    created = datetime.now(UTC).isoformat(timespec="seconds")
    with tempfile.TemporaryDirectory(prefix="toxfill-backup-") as work:
        database_copy = Path(work) / Path(DATABASE_MEMBER[target.engine]).name
        if target.engine == SQLITE:
            sqlite.copy_online(Path(target.database), database_copy)
            tables = sqlite.table_sums(database_copy)
        else:
            tables = postgresql.dump(target.database, target.database_shown, database_copy)
        photos = _photo_files(target.photos_dir) if target.photos_dir else {}
        photo_sums = {name: file_sha256(path) for name, path in photos.items()}
        secret_key = _secret_key(target) if with_secrets else None
        if with_secrets and secret_key is None:
            raise BackupError(
                f"--with-secrets: there is no secret key to include (TOXFILL_SECRET_KEY is not "
                f"set and {target.secret_key_file} does not exist)"
            )
        fallbacks = os.environ.get("TOXFILL_SECRET_KEY_FALLBACKS", "").strip()
        secrets = {SECRET_MEMBER: secret_key} if secret_key is not None else {}
        if secret_key is not None and fallbacks:
            secrets[FALLBACKS_MEMBER] = fallbacks
        manifest: dict[str, object] = {
            "format": FORMAT,
            "toxfill_version": toxfill_version(),
            "created": created,
            "engine": target.engine,
            "database": {
                "member": DATABASE_MEMBER[target.engine],
                "sha256": file_sha256(database_copy),
            },
            "tables": tables,
            "photos": (  # the bucket is recorded: it keeps its own versions and backups
                {"storage": "filesystem", "files": photo_sums}
                if target.photos_dir
                else {"storage": "s3", "bucket": target.photos_bucket or "", "files": {}}
            ),
            "secrets": list(secrets),
        }
        partial = archive.with_name(f".{archive.name}.partial")

        def write_tar(stream: BinaryIO) -> None:
            _write_tar(
                stream, manifest, (database_copy, DATABASE_MEMBER[target.engine]), photos, secrets
            )

        try:
            with owner_only(partial) as stream:
                if recipients is None:
                    write_tar(stream)
                else:
                    encryption.encrypt_written(stream, recipients, write_tar)
            os.replace(partial, archive)
        except OSError as exc:  # a photo gone or unreadable, a full disk: no archive at all
            where = f" ({exc.filename})" if exc.filename else ""
            raise BackupError(
                f"the archive could not be written: {exc.strerror or exc}{where}; nothing was "
                f"kept at {archive}"
            ) from None
        finally:
            partial.unlink(missing_ok=True)
    return manifest


@dataclass
class Restored:
    """What a restore did, for the command to report."""

    manifest: dict[str, object]
    tables: int = 0
    rows: int = 0
    photos: int = 0
    secret_key_written: Path | None = None
    warnings: list[str] = field(default_factory=list)
