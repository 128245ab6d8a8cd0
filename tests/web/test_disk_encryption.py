"""A server start says whether the data dir is on an encrypted disk (HIPAA 164.312(a)(2)(iv)):
toxfill does not encrypt the live SQLite database and photos itself, the disk under them must.
Each layout is a made-up /proc/self/mountinfo and /sys tree, as Linux shows: LUKS, LVM on
LUKS, RAID, plain partitions, overlay, tmpfs; and the machine's own, whatever it is."""

from __future__ import annotations

from pathlib import Path

import pytest

from toxfill.web import serve
from toxfill.web.disk_encryption import ENCRYPTED, PLAIN, UNKNOWN, AtRest, data_at_rest

ROOT_PLAIN = "20 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw"


def layout(tmp_path: Path, mounts: list[str], devices: dict[str, dict[str, object]]) -> Path:
    """mountinfo lines and block devices: MAJOR:MINOR -> {"uuid", "name", "slaves": [...]}."""
    (tmp_path / "mountinfo").write_text("\n".join(mounts) + "\n")
    for device, parts in devices.items():
        node = tmp_path / "sys" / "dev" / "block" / device
        node.mkdir(parents=True)
        if "uuid" in parts:
            (node / "dm").mkdir()
            (node / "dm" / "uuid").write_text(f"{parts['uuid']}\n")
            (node / "dm" / "name").write_text(f"{parts.get('name', 'x')}\n")
        for slave in parts.get("slaves", []):  # type: ignore[attr-defined]
            (node / "slaves" / slave.replace(":", "-")).mkdir(parents=True)
            (node / "slaves" / slave.replace(":", "-") / "dev").write_text(f"{slave}\n")
    return tmp_path


def found(root: Path, folder: str) -> AtRest:
    return data_at_rest(Path(folder), root / "mountinfo", root / "sys")


def test_a_luks_volume_is_encrypted(tmp_path: Path):
    root = layout(
        tmp_path,
        [ROOT_PLAIN, "30 20 253:0 / /srv rw - ext4 /dev/mapper/data rw"],
        {"253:0": {"uuid": "CRYPT-LUKS2-0123-data", "name": "data"}, "8:1": {}},
    )
    assert found(root, "/srv/toxfill/var") == AtRest(ENCRYPTED, "/dev/mapper/data (dm-crypt data)")
    assert found(root, "/home/toxfill").state == PLAIN  # not under /srv


def test_lvm_on_luks_is_encrypted_and_lvm_on_a_plain_partition_is_not(tmp_path: Path):
    root = layout(
        tmp_path,
        [
            "20 1 253:1 / / rw - ext4 /dev/mapper/vg-root rw",
            "30 20 253:2 / /srv rw - xfs /dev/mapper/vg2-srv rw",
        ],
        {
            "253:1": {"uuid": "LVM-abc", "slaves": ["253:0"]},
            "253:0": {"uuid": "CRYPT-LUKS2-0123-luks", "name": "luks-0123"},
            "253:2": {"uuid": "LVM-def", "slaves": ["8:2"]},
            "8:2": {},
        },
    )
    assert found(root, "/var/lib/toxfill").state == ENCRYPTED
    assert found(root, "/var/lib/toxfill").on == "/dev/mapper/vg-root (dm-crypt luks-0123)"
    assert found(root, "/srv/toxfill") == AtRest(PLAIN, "/dev/mapper/vg2-srv")


def test_a_volume_over_one_encrypted_and_one_plain_disk_is_not_encrypted(tmp_path: Path):
    root = layout(
        tmp_path,
        ["20 1 9:0 / / rw - ext4 /dev/md0 rw"],
        {
            "9:0": {"slaves": ["253:0", "8:17"]},
            "253:0": {"uuid": "CRYPT-PLAIN-a", "name": "a"},
            "8:17": {},
        },
    )
    assert found(root, "/var/lib/toxfill").state == PLAIN


def test_the_last_mount_on_a_point_is_the_one_in_use(tmp_path: Path):
    root = layout(
        tmp_path,
        [
            "20 1 253:0 / / rw - ext4 /dev/mapper/root rw",
            "31 20 8:3 / /srv/toxfill\\040data rw - ext4 /dev/sdb1 rw",
            "32 31 253:0 / /srv/toxfill\\040data rw - ext4 /dev/mapper/root rw",
        ],
        {"253:0": {"uuid": "CRYPT-LUKS1-x", "name": "root"}, "8:3": {}},
    )
    assert found(root, "/srv/toxfill data/var").state == ENCRYPTED


@pytest.mark.parametrize(
    ("line", "on"),
    [
        ("30 20 0:52 / /srv rw - overlay overlay rw,lowerdir=/a", "overlay overlay"),
        ("30 20 0:53 / /srv rw - nfs4 files:/export rw", "nfs4 files:/export"),
        ("30 20 0:23 / /srv rw - tmpfs tmpfs rw", "memory (tmpfs)"),
    ],
)
def test_what_has_no_disk_here_is_unknown_not_plain(tmp_path: Path, line: str, on: str):
    root = layout(tmp_path, [ROOT_PLAIN, line], {"8:1": {}})
    result = found(root, "/srv/toxfill")
    assert result.state == UNKNOWN
    assert result.on.startswith(on)


def test_no_mount_table_and_a_loop_of_devices_are_unknown_or_plain_never_a_hang(tmp_path: Path):
    assert data_at_rest(Path("/srv"), tmp_path / "none", tmp_path).state == UNKNOWN
    root = layout(
        tmp_path,
        ["20 1 253:5 / / rw - ext4 /dev/mapper/odd rw"],
        {"253:5": {"uuid": "LVM-a", "slaves": ["253:6"]}, "253:6": {"slaves": ["253:5"]}},
    )
    assert found(root, "/srv").state == PLAIN


def test_this_machines_data_dir_gets_an_answer(tmp_path: Path):
    found = data_at_rest(tmp_path / "not-made-yet")
    assert found.state in {ENCRYPTED, PLAIN, UNKNOWN}
    if Path("/proc/self/mountinfo").is_file():  # Linux: the folder's filesystem is found
        assert found.on
        assert "does not show its mounts" not in found.on
        assert "does not list" not in found.on


@pytest.mark.parametrize(
    ("at_rest", "said", "stream"),
    [
        (AtRest(ENCRYPTED, "/dev/mapper/data (dm-crypt data)"), "is on an encrypted disk", "out"),
        (AtRest(PLAIN, "/dev/sda1"), "warning: data at rest", "err"),
        (AtRest(UNKNOWN, "overlay overlay"), "cannot tell whether", "out"),
    ],
)
def test_the_server_start_says_what_it_found(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], at_rest, said, stream
):
    monkeypatch.setattr(serve, "data_at_rest", lambda folder: at_rest)
    serve.report_data_at_rest(Path("/srv/toxfill"))
    printed = capsys.readouterr()
    assert said in getattr(printed, stream)
    assert at_rest.on in getattr(printed, stream)
    if at_rest.state == PLAIN:
        assert "LUKS" in printed.err
