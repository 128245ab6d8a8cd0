"""Archives encrypted with age (age-encryption.org/v1) to X25519 recipients: the machine that
backs up holds only public keys, so neither it nor anyone who takes an archive can read one;
the identity that opens them is kept elsewhere. Any age tool (age, rage, pyrage) reads them."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

import pyrage
from pyrage import x25519

from toxfill.web.backup import BackupError, owner_only

MAGIC = b"age-encryption.org/v1\n"
RECIPIENTS_ENV = "TOXFILL_BACKUP_RECIPIENTS"
IDENTITY_ENV = "TOXFILL_BACKUP_IDENTITY_FILE"


def _key_lines(text: str) -> list[str]:
    """The keys in an age keys file: one per line, `#` comments and blank lines skipped."""
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _read(path: Path, what: str) -> str:
    try:
        return path.expanduser().read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not text"
        raise BackupError(f"{what} {path} cannot be read ({reason})") from None


def recipients(given: Iterable[str], files: Iterable[Path]) -> list[x25519.Recipient]:
    """The public keys to encrypt to: --recipient, --recipients-file and the environment's."""
    keys = [(key.strip(), "--recipient") for key in given]
    for path in files:
        keys += [(key, f"--recipients-file {path}") for key in _key_lines(_read(path, "file"))]
    keys += [(key, RECIPIENTS_ENV) for key in os.environ.get(RECIPIENTS_ENV, "").split()]
    parsed = []
    for key, source in keys:
        if not key.startswith("age1"):
            raise BackupError(
                f"{source}: {key[:12]!r}... is not an age public key; give one that starts "
                "with age1 (made by `toxfill backup-key` or `age-keygen`)"
            )
        try:
            parsed.append(x25519.Recipient.from_str(key))
        except pyrage.RecipientError as exc:
            raise BackupError(f"{source}: {key[:12]}... is not a valid age key ({exc})") from None
    return parsed


def identities(files: Iterable[Path]) -> list[x25519.Identity]:
    """The secret keys to decrypt with: --identity files, else the environment's one."""
    paths = list(files)
    if not paths and (named := os.environ.get(IDENTITY_ENV, "").strip()):
        paths = [Path(named)]
    parsed = []
    for path in paths:
        keys = _key_lines(_read(path, "identity file"))
        if not keys:
            raise BackupError(f"identity file {path} holds no key (AGE-SECRET-KEY-1...)")
        for key in keys:
            try:
                parsed.append(x25519.Identity.from_str(key))
            except pyrage.IdentityError:
                raise BackupError(
                    f"identity file {path}: a line is not an age secret key (AGE-SECRET-KEY-1...)"
                ) from None
    return parsed


def new_identity(path: Path) -> str:
    """Write a new identity to `path` (owner-only, never over a file) and return its public
    key, in age-keygen's format so that age reads the file as well."""
    identity = x25519.Identity.generate()
    public = str(identity.to_public())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise BackupError(f"{path} already exists: give a new file's name") from None
    except OSError as exc:
        raise BackupError(f"{path} cannot be written ({exc.strerror})") from None
    with os.fdopen(fd, "w", encoding="utf-8") as stream:
        stream.write(f"# public key: {public}\n{identity}\n")
    return public


def is_encrypted(path: Path) -> bool:
    with path.open("rb") as stream:
        return stream.read(len(MAGIC)) == MAGIC


def encrypt_written(
    sealed: BinaryIO, to: list[x25519.Recipient], write: Callable[[BinaryIO], None]
) -> None:
    """What `write` writes into the stream it is given, encrypted into `sealed` as it is
    written (through a pipe, `write` in a thread): the clear archive never lands on a disk."""
    read_end, write_end = os.pipe()
    failed: list[BaseException] = []

    def produce() -> None:
        try:
            with os.fdopen(write_end, "wb") as sink:
                write(sink)
        except BaseException as exc:  # raised below, in the caller's thread
            failed.append(exc)

    producer = threading.Thread(target=produce, name="toxfill-backup-tar")
    producer.start()
    try:
        with os.fdopen(read_end, "rb") as source:
            pyrage.encrypt_io(source, sealed, to)
    except pyrage.EncryptError as exc:
        raise BackupError(f"the archive could not be encrypted ({exc})") from None
    finally:
        producer.join()
    if failed:  # the archive stopped short: the caller must not keep it
        raise failed[0]


def decrypt(archive: Path, plain: Path, keys: list[x25519.Identity]) -> Path:
    """Decrypt `archive` into `plain` (owner-only); BackupError naming what to give if the
    keys do not open it."""
    if not keys:
        raise BackupError(
            f"{archive} is encrypted: give --identity with the file of the age secret key it "
            f"was encrypted to (or set {IDENTITY_ENV})"
        )
    try:
        with archive.open("rb") as source, owner_only(plain) as target:
            pyrage.decrypt_io(source, target, keys)
    except (pyrage.DecryptError, OSError) as exc:  # OSError: a chunk fails its authentication
        plain.unlink(missing_ok=True)
        if "No matching keys" in str(exc):
            raise BackupError(
                f"{archive} was not encrypted to the identity given: give --identity with the "
                "secret key of one of the public keys it was backed up to"
            ) from None
        raise BackupError(
            f"{archive} is corrupt or cut short: it cannot be decrypted ({exc})"
        ) from None
    return plain
