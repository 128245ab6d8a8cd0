"""Home, the shared frame and the error pages: plain words, one date format, a way home."""

from __future__ import annotations

import socket
import sys
from typing import Any

import pytest
from django.test import Client, RequestFactory
from django.views.defaults import server_error
from tests.readability import GRADE_8, main_text, reading_grade

from toxfill.knowledge import bundled_knowledge

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL


def test_home_opens_with_the_way_in_for_someone_unwell(client: Client) -> None:
    page = client.get("/").content.decode()

    main = page[page.index("<main") :]
    door = main.index("I had a treatment and I feel unwell")
    assert 'href="/after-treatment"' in main[:door]
    assert door < main.index("What do you want to do?")
    assert 'href="tel:911">Call 911</a>' in main


def test_home_reads_at_grade_8_or_below(client: Client) -> None:
    text = main_text(client.get("/").content.decode())

    assert "I had a treatment" in text
    assert reading_grade(text) <= GRADE_8, text


def test_api_is_in_the_footer_not_the_patient_navigation(client: Client) -> None:
    page = client.get("/").content.decode()

    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    footer = page[page.index('<footer class="site">') :]
    assert "/api/" not in nav
    assert 'href="/api/v1/docs"' in footer


def test_dates_read_day_month_year_in_words(client: Client) -> None:
    published = bundled_knowledge().meta.published

    page = client.get("/").content.decode()

    assert f"published {published.day} {published:%B %Y}." in page


def test_a_missing_page_is_in_the_site_style_with_a_way_home(client: Client) -> None:
    response = client.get("/no-such-page")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<title>Page not found · toxfill</title>" in page
    assert '<a href="/">Go to the home page</a>' in page
    assert "/static/toxfill/site.css" in page


def test_the_error_page_needs_no_database_and_offers_every_emergency_number() -> None:
    # No django_db mark: pytest-django fails any test here that touches the database.
    response = server_error(RequestFactory().get("/"))

    page = response.content.decode()
    assert response.status_code == 500
    assert "Sorry, something went wrong" in page
    assert '<a href="/">Go to the home page</a>' in page
    for number in ("911", "999", "112", "000"):
        assert f'href="tel:{number}"' in page


def test_reading_grades_are_computed_offline(monkeypatch: Any) -> None:
    import textstat

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("the readability check tried to use the network")

    monkeypatch.setattr(socket.socket, "connect", no_network)
    textstat.backend.utils.get_cmudict.cache_clear()  # type: ignore[attr-defined]

    grade = reading_grade("Hold an ice pack on the area. Call your provider if it lasts.")

    assert grade < GRADE_8
    assert "nltk" not in sys.modules
