"""Small typed readers of the environment that fail loudly; shared by settings and `serve`."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured


def env_bool(name: str, default: bool = False) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be 1 or 0 (true or false), not {raw!r}")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_choice(name: str, default: str, choices: tuple[str, ...]) -> str:
    raw = (os.environ.get(name) or default).strip().lower()
    if raw not in choices:
        raise ImproperlyConfigured(f"{name} must be one of {', '.join(choices)}, not {raw!r}")
    return raw


def env_int(name: str, default: int, lowest: int, highest: int) -> int:
    raw = (os.environ.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or not lowest <= int(raw) <= highest:
        raise ImproperlyConfigured(
            f"{name} must be a whole number from {lowest} to {highest}, not {raw!r}"
        )
    return int(raw)


def data_dir() -> Path:
    """Where the SQLite database, the secret key and collected static files live."""
    return Path(os.environ.get("TOXFILL_DATA_DIR") or Path.cwd() / "var").resolve()


SECRET_KEY_CREDENTIAL = "toxfill-secret-key"
FALLBACKS_CREDENTIAL = "toxfill-secret-key-fallbacks"
"""The names of the secret key's files among a systemd service's credentials
(`LoadCredential=toxfill-secret-key:/etc/toxfill/secret-key`, or SetCredentialEncrypted=)."""


def credential(name: str) -> Path | None:
    """The systemd credential `name` of this service: a file in $CREDENTIALS_DIRECTORY, which
    systemd fills from LoadCredential= and friends, readable by this service alone."""
    directory = os.environ.get("CREDENTIALS_DIRECTORY", "").strip()
    if directory and (found := Path(directory) / name).is_file():
        return found
    return None


def secret_key_file() -> Path:
    """The secret key's file, so that the key can live apart from the data (a backup of the
    data dir then holds no key): TOXFILL_SECRET_KEY_FILE (a container secret such as
    /run/secrets/toxfill-secret-key, or any path), else the systemd credential
    `toxfill-secret-key`, else `secret-key` in the data dir. TOXFILL_SECRET_KEY itself, when
    set, comes before any file (settings.secret_key)."""
    if named := os.environ.get("TOXFILL_SECRET_KEY_FILE", "").strip():
        return Path(named).expanduser().resolve()
    if found := credential(SECRET_KEY_CREDENTIAL):
        return found
    return data_dir() / "secret-key"


def secret_key_fallbacks() -> list[str]:
    """Earlier secret keys, still accepted after a rotation (they open signing keys sealed
    under them): TOXFILL_SECRET_KEY_FALLBACKS, comma-separated, then the file
    TOXFILL_SECRET_KEY_FALLBACKS_FILE names, else the systemd credential
    `toxfill-secret-key-fallbacks`: one key a line."""
    keys = env_list("TOXFILL_SECRET_KEY_FALLBACKS", "")
    named = os.environ.get("TOXFILL_SECRET_KEY_FALLBACKS_FILE", "").strip()
    path = Path(named).expanduser() if named else credential(FALLBACKS_CREDENTIAL)
    if path is not None:
        keys += [line.strip() for line in _read_secret(path, "TOXFILL_SECRET_KEY_FALLBACKS_FILE")]
    return [key for key in keys if key]


def read_secret_key(path: Path) -> str:
    """The key in `path` (surrounding white space dropped); an empty one is refused."""
    key = "".join(_read_secret(path, "TOXFILL_SECRET_KEY_FILE")).strip()
    if not key:
        raise ImproperlyConfigured(f"the secret key file {path} is empty: put a key in it")
    return key


def _read_secret(path: Path, variable: str) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise ImproperlyConfigured(
            f"{variable}: {path} cannot be read ({exc.strerror or exc})"
        ) from None
