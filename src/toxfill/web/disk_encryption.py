"""Whether a folder is on an encrypted disk, as Linux shows it: the filesystem holding the folder
(/proc/self/mountinfo), its block device (/sys/dev/block/MAJOR:MINOR), and down the devices it
is built on (LVM on LUKS, RAID on dm-crypt) to one that is a dm-crypt mapping. The live
database and photos of the data dir are encrypted at rest only by the disk under them; a
server start says what it finds, so an operator learns it before a stolen disk does."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ENCRYPTED, PLAIN, UNKNOWN = "encrypted", "not encrypted", "unknown"
# Filesystems whose data lives on no block device of this machine's own.
_NOT_A_DISK = {"tmpfs": "memory (tmpfs)", "ramfs": "memory (ramfs)"}


@dataclass(frozen=True)
class AtRest:
    """What was found: ENCRYPTED, PLAIN or UNKNOWN, and on what, in words."""

    state: str
    on: str


@dataclass(frozen=True)
class _Mount:
    point: Path
    device: str  # MAJOR:MINOR
    fstype: str
    source: str


def _unescape(field: str) -> str:
    """mountinfo writes a space, tab, newline and backslash in a path as octal escapes."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def _mounts(mountinfo: str) -> list[_Mount]:
    mounts = []
    for line in mountinfo.splitlines():
        fields = line.split(" ")
        if "-" not in fields[6:] or len(fields) < 10:
            continue
        tail = fields.index("-", 6)
        mounts.append(
            _Mount(Path(_unescape(fields[4])), fields[2], fields[tail + 1], fields[tail + 2])
        )
    return mounts


def _holding(mounts: list[_Mount], folder: Path) -> _Mount | None:
    """The filesystem the folder is on: the last mounted of the deepest mount points above it."""
    above = [m for m in mounts if m.point == folder or m.point in folder.parents]
    return max(reversed(above), key=lambda m: len(m.point.parts), default=None)


def _crypt_beneath(device: str, sys_root: Path, seen: frozenset[str] = frozenset()) -> str | None:
    """The dm-crypt device at or beneath `device` (MAJOR:MINOR), by name, if every path down
    reaches one; None when any path reaches a plain device."""
    if device in seen:
        return None
    node = sys_root / "dev" / "block" / device
    uuid = node / "dm" / "uuid"
    if uuid.is_file() and uuid.read_text().startswith("CRYPT-"):
        mapped = node / "dm" / "name"
        return mapped.read_text().strip() if mapped.is_file() else device
    slaves = node / "slaves"
    names = []
    for slave in sorted(slaves.iterdir()) if slaves.is_dir() else ():
        number = slave / "dev"
        if not number.is_file():
            return None
        if (name := _crypt_beneath(number.read_text().strip(), sys_root, seen | {device})) is None:
            return None  # one plain device beneath is enough to leave data in the clear
        names.append(name)
    return names[0] if names else None


def data_at_rest(
    folder: Path,
    mountinfo: Path = Path("/proc/self/mountinfo"),
    sys_root: Path = Path("/sys"),
) -> AtRest:
    """Whether `folder` (which may not exist yet) is on an encrypted disk."""
    try:
        mounts = _mounts(mountinfo.read_text(encoding="utf-8", errors="replace"))
    except OSError:
        return AtRest(UNKNOWN, "a system that does not show its mounts (not Linux)")
    mount = _holding(mounts, folder.resolve())
    if mount is None:
        return AtRest(UNKNOWN, "a filesystem this system does not list")
    if mount.fstype in _NOT_A_DISK:
        return AtRest(UNKNOWN, _NOT_A_DISK[mount.fstype])
    if mount.device.startswith("0:"):  # no block device: overlay, a network or FUSE mount...
        return AtRest(UNKNOWN, f"{mount.fstype} {mount.source}, which has no disk of its own here")
    try:
        crypt = _crypt_beneath(mount.device, sys_root)
    except OSError:
        return AtRest(UNKNOWN, f"{mount.source}, whose devices cannot be read")
    if crypt is not None:
        return AtRest(ENCRYPTED, f"{mount.source} (dm-crypt {crypt})")
    return AtRest(PLAIN, mount.source)
