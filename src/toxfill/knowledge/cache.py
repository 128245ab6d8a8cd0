"""A validated knowledge base kept on disk, so a new process skips parsing and validating YAML.

The cache file's name is a digest of every data file and of the code that shapes them, so a
changed fact, model or library version can never be served stale: it simply misses. The file
sits beside the package when that is writable (an editable or per-user install), else in the
user's cache directory. It is a pickle, trusted like the package itself: only this process
writes it, atomically, and anything that fails to load is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pydantic

from toxfill.knowledge.base import KnowledgeBase

# Every module of the package: a shape moved to a module of its own still changes the key.
CODE = tuple(sorted(Path(__file__).parent.glob("*.py")))


def cached(data_dir: Path, build: Callable[[Path], KnowledgeBase]) -> KnowledgeBase:
    """The knowledge base under `data_dir` from the cache, or built and then cached."""
    name = f"kb-{digest(data_dir)}.pickle"
    places = cache_places(data_dir)
    for place in places:
        kb = _read(place / name)
        if kb is not None:
            return kb
    kb = build(data_dir)
    for place in places:
        if _write(place, name, kb):
            break
    return kb


def digest(data_dir: Path) -> str:
    """What the cached knowledge base depends on: its data files, its code, the libraries."""
    hashed = hashlib.sha256()
    hashed.update(f"{sys.version_info[:2]} pydantic {pydantic.VERSION}\n".encode())
    for path in (*CODE, *sorted(data_dir.rglob("*.yaml"))):
        hashed.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return hashed.hexdigest()[:32]


def cache_places(data_dir: Path) -> list[Path]:
    """Beside the data first, then the user's cache directory."""
    user = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "toxfill"
    return [data_dir.parent / "__kbcache__", user]


def _read(path: Path) -> KnowledgeBase | None:
    try:
        with path.open("rb") as file:
            kb = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return kb if isinstance(kb, KnowledgeBase) else None


def _write(place: Path, name: str, kb: KnowledgeBase) -> bool:
    """Write atomically (a temporary file, then a rename), so a reader never sees half a file."""
    try:
        place.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=place, suffix=".tmp", delete=False) as file:
            temporary = Path(file.name)
        try:
            with temporary.open("wb") as out:
                pickle.dump(kb, out, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, place / name)
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
    except OSError:
        return False
    for stale in _older(place, name):
        stale.unlink(missing_ok=True)
    return True


def _older(place: Path, keep: str) -> Iterator[Path]:
    return (path for path in place.glob("kb-*.pickle") if path.name != keep)
