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


def secret_key_file() -> Path:
    """The secret key's file: TOXFILL_SECRET_KEY_FILE, so that the key can live apart from the
    data (a backup of the data dir then holds no key), else `secret-key` in the data dir.
    TOXFILL_SECRET_KEY itself, when set, comes before any file (settings.secret_key)."""
    if named := os.environ.get("TOXFILL_SECRET_KEY_FILE", "").strip():
        return Path(named).expanduser().resolve()
    return data_dir() / "secret-key"
