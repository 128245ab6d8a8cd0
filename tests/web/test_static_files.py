"""The site's files keep their URLs once worked out, and follow a change of STATIC_URL; each
is compressed once, not on every start."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

from django.contrib.staticfiles.storage import staticfiles_storage
from django.templatetags.static import static
from django.test import override_settings

from toxfill.web.static_files import StaticFiles


def test_a_files_url_is_the_one_whitenoise_gives_and_is_kept() -> None:
    storage = StaticFiles()

    assert storage.url("toxfill/site.css") == "/static/toxfill/site.css"
    assert storage.url("toxfill/a b.css") == "/static/toxfill/a%20b.css"
    assert storage._urls == {
        "toxfill/site.css": "/static/toxfill/site.css",
        "toxfill/a b.css": "/static/toxfill/a%20b.css",
    }


def test_the_static_tag_uses_it_and_follows_a_new_static_url() -> None:
    assert static("toxfill/site.css") == "/static/toxfill/site.css"
    assert isinstance(staticfiles_storage._wrapped, StaticFiles)
    with override_settings(STATIC_URL="/assets/"):
        assert static("toxfill/site.css") == "/assets/toxfill/site.css"
    assert static("toxfill/site.css") == "/static/toxfill/site.css"


SCRIPT = "function greet() { return 'hello'; }\n" * 200


def _collect(storage: StaticFiles, name: str) -> list[str]:
    return [processed for _, processed, _ in storage.post_process({name: (storage, name)})]


def test_a_file_is_compressed_once_and_again_only_when_it_changes(tmp_path: Path) -> None:
    storage = StaticFiles(location=str(tmp_path))
    script = tmp_path / "site.js"
    script.write_text(SCRIPT)

    assert sorted(_collect(storage, "site.js")) == ["site.js.br", "site.js.gz"]
    # a second collectstatic (the next start of `toxfill serve`) leaves it alone
    assert _collect(storage, "site.js") == []

    # a changed file, as collectstatic writes it anew, is compressed again
    script.write_text(SCRIPT.replace("hello", "welcome"))
    os.utime(script, (script.stat().st_atime, script.stat().st_mtime + 5))
    assert sorted(_collect(storage, "site.js")) == ["site.js.br", "site.js.gz"]
    assert b"welcome" in gzip.decompress((tmp_path / "site.js.gz").read_bytes())


def test_source_maps_are_not_compressed(tmp_path: Path) -> None:
    storage = StaticFiles(location=str(tmp_path))
    (tmp_path / "site.js.map").write_text(SCRIPT)

    assert _collect(storage, "site.js.map") == []
    assert not (tmp_path / "site.js.map.br").exists()
