"""Secrets kept apart from the data: the secret key (and with it the key that seals the
clinics' signing keys, derived from it) and the earlier keys still accepted come from the
environment, a file named for them (a container secret under /run/secrets), or a systemd
credential ($CREDENTIALS_DIRECTORY), before a key file in the data dir; so a backup of the
data dir holds no key."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from toxfill.errors import InputError
from toxfill.web.clinic.signing import sealing
from toxfill.web.environment import secret_key_fallbacks, secret_key_file
from toxfill.web.serve import create_secret_key
from toxfill.web.settings import secret_key

SIGNING_KEY = {"kty": "EC", "crv": "P-256", "d": "private-part", "kid": "k1"}
CLINIC_ID = 1  # the clinic whose key "k1" is sealed for it


@pytest.fixture
def server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A server whose data dir (backed up) is tmp/data; no key set in any way yet."""
    for name in (
        "TOXFILL_SECRET_KEY",
        "TOXFILL_SECRET_KEY_FILE",
        "TOXFILL_SECRET_KEY_FALLBACKS",
        "TOXFILL_SECRET_KEY_FALLBACKS_FILE",
        "CREDENTIALS_DIRECTORY",
    ):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TOXFILL_DATA_DIR", str(tmp_path / "data"))
    (tmp_path / "data").mkdir()
    return tmp_path


def _secret(path: Path, text: str, mode: int = 0o400) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


@pytest.fixture
def credentials(server: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """systemd's credentials of the service (LoadCredential=toxfill-secret-key:...)."""
    directory = server / "credentials"
    _secret(directory / "toxfill-secret-key", "key-from-systemd\n")
    monkeypatch.setenv("CREDENTIALS_DIRECTORY", str(directory))
    return directory


def test_it_reads_the_key_from_a_systemd_credential(credentials: Path, server: Path) -> None:
    assert secret_key_file() == credentials / "toxfill-secret-key"
    assert secret_key(debug=False) == "key-from-systemd"


def test_serve_writes_no_key_into_the_data_dir_when_systemd_gives_one(
    credentials: Path, server: Path
) -> None:
    # when `toxfill serve` prepares its key (as it does on every start)
    create_secret_key(secret_key_file())
    # then the data dir, which backups copy, holds no key, and the credential is untouched
    assert list((server / "data").iterdir()) == []
    assert (credentials / "toxfill-secret-key").read_text() == "key-from-systemd\n"


def test_it_reads_a_container_secret_that_toxfill_secret_key_file_names(
    server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a Docker or Kubernetes secret mounted at /run/secrets/toxfill-secret-key
    mounted = _secret(server / "run" / "secrets" / "toxfill-secret-key", "key-from-docker", 0o444)
    monkeypatch.setenv("TOXFILL_SECRET_KEY_FILE", str(mounted))
    assert secret_key(debug=False) == "key-from-docker"


def test_serve_leaves_a_read_only_secret_as_it_is_and_says_others_may_read_it(
    server: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # given a secret readable by all, on a mount that cannot be changed (as /run/secrets is)
    mounted = _secret(server / "run" / "secrets" / "toxfill-secret-key", "key-from-docker", 0o444)
    monkeypatch.setenv("TOXFILL_SECRET_KEY_FILE", str(mounted))

    def read_only(path: Path, mode: int) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(Path, "chmod", read_only)
    # when serve prepares the key, then it starts, warning, and the secret is as it was
    create_secret_key(secret_key_file())
    assert "may be read by other users" in capsys.readouterr().err
    assert stat.S_IMODE(mounted.stat().st_mode) == 0o444
    assert mounted.read_text() == "key-from-docker"


def test_a_named_key_file_comes_before_the_credential(
    credentials: Path, server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    named = _secret(server / "keys" / "secret", "key-named")
    monkeypatch.setenv("TOXFILL_SECRET_KEY_FILE", str(named))
    assert secret_key(debug=False) == "key-named"


def test_the_key_in_the_environment_comes_before_any_file(
    credentials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOXFILL_SECRET_KEY", "key-from-the-environment")
    assert secret_key(debug=False) == "key-from-the-environment"


def test_an_empty_key_file_is_refused_by_name(
    server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = _secret(server / "run" / "secrets" / "toxfill-secret-key", "\n")
    monkeypatch.setenv("TOXFILL_SECRET_KEY_FILE", str(empty))
    with pytest.raises(ImproperlyConfigured, match=f"the secret key file {empty} is empty"):
        secret_key(debug=False)


def test_a_key_file_that_cannot_be_made_names_the_variable(
    server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a named key file that does not exist, where nothing can be written
    monkeypatch.setenv("TOXFILL_SECRET_KEY_FILE", str(server / "run" / "secrets" / "missing"))

    def read_only(*args: object, **kwargs: object) -> int:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(os, "open", read_only)
    with pytest.raises(InputError, match="TOXFILL_SECRET_KEY_FILE: there is no secret key at"):
        create_secret_key(secret_key_file())


def test_earlier_keys_come_from_the_environment_and_a_file_one_a_line(
    server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TOXFILL_SECRET_KEY_FALLBACKS", "first,second")
    listed = _secret(server / "keys" / "fallbacks", "third\n\nfourth\n")
    monkeypatch.setenv("TOXFILL_SECRET_KEY_FALLBACKS_FILE", str(listed))
    assert secret_key_fallbacks() == ["first", "second", "third", "fourth"]


def test_earlier_keys_come_from_a_systemd_credential(
    credentials: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _secret(credentials / "toxfill-secret-key-fallbacks", "retired-key\n")
    assert secret_key_fallbacks() == ["retired-key"]


def test_a_signing_key_sealed_under_an_earlier_key_kept_in_a_file_still_opens(
    server: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # given a clinic's signing key sealed under the key in use before a rotation
    with override_settings(SECRET_KEY="the-key-before", SECRET_KEY_FALLBACKS=[]):
        sealed = sealing.seal(SIGNING_KEY, clinic_id=CLINIC_ID, kid="k1")
    # and that key now kept in the fallbacks file, apart from the data
    monkeypatch.setenv(
        "TOXFILL_SECRET_KEY_FALLBACKS_FILE",
        str(_secret(server / "keys" / "fallbacks", "the-key-before\n")),
    )
    # then, under the new key, the sealed key still opens
    with override_settings(SECRET_KEY="the-key-now", SECRET_KEY_FALLBACKS=secret_key_fallbacks()):
        assert sealing.unseal(sealed, clinic_id=CLINIC_ID, kid="k1") == SIGNING_KEY
    forgotten = override_settings(SECRET_KEY="the-key-now", SECRET_KEY_FALLBACKS=[])
    with forgotten, pytest.raises(sealing.UnsealError):
        sealing.unseal(sealed, clinic_id=CLINIC_ID, kid="k1")
