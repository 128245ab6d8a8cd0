"""The site's files keep their URLs once worked out, and follow a change of STATIC_URL."""

from __future__ import annotations

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
