"""Where the site's own files (CSS, scripts, icons) are kept and served from."""

from __future__ import annotations

from typing import Any

from whitenoise.storage import CompressedStaticFilesStorage


class StaticFiles(CompressedStaticFilesStorage):  # type: ignore[misc]
    """whitenoise's storage, each file's URL worked out once: every page asks `{% static %}`
    for the same few. A URL changes only with STATIC_URL, and Django makes a new storage for
    a new one."""

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
