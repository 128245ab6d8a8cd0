"""The aftercare pages in Spanish: every treatment's, and a visit's of several, all Spanish and
easy to read, with "Llame al" and the person's emergency number; the English pages unchanged."""

from __future__ import annotations

import pytest
from django.test import Client
from tests.web.test_spanish_pages import (
    SPANISH,
    TREATMENTS,
    all_spanish,
    as_page,
    every_page_all_spanish_and_easy,
)

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

AFTERCARE = "/after-treatment/aftercare/"
# Each treatment alone, and visits of two: a toxin with a filler, and a toxin with fat grafting
# (Spanish joins them with "e" before the sound i: "... e Injerto de grasa").
SHEETS = [
    *((AFTERCARE + treatment, {}) for treatment in TREATMENTS),
    (AFTERCARE + "botulinum-toxin", {"and": "ha-filler"}),
    (AFTERCARE + "botulinum-toxin", {"and": "fat-grafting"}),
]


@pytest.mark.django_db
def test_every_aftercare_page_is_all_spanish_and_easy_to_read(client: Client) -> None:
    every_page_all_spanish_and_easy(client, SHEETS)


@pytest.mark.django_db
def test_a_spanish_aftercare_page_says_llame_al_and_when_to_get_help(client: Client) -> None:
    page = client.get(AFTERCARE + "botulinum-toxin", {"and": "fat-grafting"}, **SPANISH)

    html = page.content.decode()
    assert "<title>Cuidados después del tratamiento: Toxina botulínica" in html
    assert "e Injerto de grasa" in html
    assert '<a class="tf-tel" href="tel:911">Llame al 911</a> ahora.' in html
    assert "Llame ahora a los servicios de emergencia" in html
    switch = "/language/en/?next=/after-treatment/aftercare/botulinum-toxin%3Fand%3Dfat-grafting"
    assert f'href="{switch}" lang="en"' in html


@pytest.mark.django_db
def test_the_english_aftercare_page_is_unchanged(client: Client) -> None:
    page = client.get(
        AFTERCARE + "botulinum-toxin", {"and": "ha-filler"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    html = page.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Aftercare: Botulinum toxin" in html
    assert '<a class="tf-tel" href="tel:911">Call 911</a> now.' in html
    assert "Not sure about something you feel?" in html
    assert 'href="/after-treatment?treatments=botulinum-toxin">Check for danger signs</a>' in html
    assert '<h2 id="help-heading">When to get help</h2>' in html
    assert "Call emergency services now</strong> if you get any of these:" in html
    assert "Emergency number:" in html


def test_the_aftercare_api_answers_in_the_language_asked(client: Client) -> None:
    """It said Content-Language: es over the English notes."""
    spanish = client.get("/api/v1/aftercare/ha-filler?also=botulinum-toxin", **SPANISH)
    english = client.get("/api/v1/aftercare/ha-filler?also=botulinum-toxin")

    assert spanish["Content-Language"] == "es"
    body, original = spanish.json(), english.json()
    assert body["language"] == "es"
    assert original["language"] == "en"
    assert body["steps"][0]["text"] != original["steps"][0]["text"]
    texts = [note["text"] for part in ("steps", "normal", "watch") for note in body.get(part, [])]
    all_spanish(as_page(texts), "/api/v1/aftercare/ha-filler")
    # the same notes, in the same order, with the same sources: only the words change
    for part in ("steps", "normal", "avoid", "watch", "before"):
        assert [n["sources"] for n in body.get(part, [])] == [
            n["sources"] for n in original.get(part, [])
        ]
