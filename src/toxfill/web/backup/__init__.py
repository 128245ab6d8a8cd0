"""`toxfill backup` and `toxfill restore`: one tar archive holding the database (SQLite's online
backup API, or pg_dump's custom format from one exported snapshot), the clinical photos of the
data dir, and a manifest of row counts and checksums per table that restore checks again.

No Django here: a restore runs before the data dir has a secret key, and settings refuse to load
without one. The target is read from the same environment settings read (target.py)."""

import os
from pathlib import Path
from typing import BinaryIO

from toxfill.errors import ToxfillError


class BackupError(ToxfillError):
    """A backup or restore that cannot go on; the message says why and what to do."""


def owner_only(path: Path) -> BinaryIO:
    """`path` opened to write, created (or emptied) readable by its owner only from the start:
    an archive, a decrypted copy, a secret key."""
    return os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb")
