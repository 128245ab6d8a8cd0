"""Where the site's own files (CSS, scripts, icons) are kept and served from."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

from whitenoise.storage import CompressedStaticFilesStorage


class StaticFiles(CompressedStaticFilesStorage):  # type: ignore[misc]
    """whitenoise's storage, with two savings.

    Each file's URL is worked out once: every page asks `{% static %}` for the same few. A URL
    changes only with STATIC_URL, and Django makes a new storage for a new one.

    A file is compressed again only when it changed: whitenoise compresses every file on every
    `collectstatic`, which each start of `toxfill serve` runs. Its compressed copies carry the
    file's own modification time, and collectstatic writes a changed file anew, so a copy with
    the same time as its file is that file's."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._urls: dict[str | None, str] = {}

    def url(self, name: str | None) -> str:
        try:
            return self._urls[name]
        except KeyError:
            url: str = super().url(name)
            self._urls[name] = url
            return url

    def post_process(
        self, paths: dict[str, Any], dry_run: bool = False, **options: Any
    ) -> Iterator[tuple[str, str | None, Any]]:
        changed = {path: found for path, found in paths.items() if not self._compressed(path)}
        yield from super().post_process(changed, dry_run=dry_run, **options)

    def _compressed(self, name: str) -> bool:
        try:
            modified = os.stat(self.path(name)).st_mtime
        except OSError:
            return False
        for suffix in (".br", ".gz"):
            try:
                # whitenoise sets the copy's time from a float: equal to within a microsecond
                if abs(os.stat(self.path(name) + suffix).st_mtime - modified) < 1e-6:
                    return True
            except OSError:
                continue
        return False
