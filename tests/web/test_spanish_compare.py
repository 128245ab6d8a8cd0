"""The comparison in Spanish: the page (every pair of options, all of them at once, and a
choice it cannot compare) with nothing left in English and read at about an 8th grade level
or easier (Fernández Huerta), never served from the other language's cache; the API's document
in the language asked, with the same IDs, sameness, numbers and sources."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from tests.web.test_spanish_pages import (
    SPANISH,
    all_spanish,
    assert_all_spanish,
    harder_than_grade_8,
)

from toxfill.knowledge import bundled_knowledge

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

OPTIONS = list(bundled_knowledge().options)
CHOICES = [
    *(",".join(pair) for pair in itertools.combinations(OPTIONS, 2)),
    ",".join(OPTIONS),
]


@pytest.mark.django_db
def test_every_comparison_page_is_all_spanish_and_easy_to_read(client: Client) -> None:
    pages = []
    for choice in ["", *CHOICES]:
        query = {"options": choice} if choice else {}
        response = client.get("/compare", query, **SPANISH)
        assert response.status_code == 200, choice
        html = response.content.decode()
        all_spanish(html, f"/compare {choice}")
        pages.append((choice, html))

    too_hard = harder_than_grade_8(pages)
    assert not too_hard, too_hard[:5]


@pytest.mark.django_db
def test_the_spanish_page_says_the_summary_and_the_verdicts_in_spanish(client: Client) -> None:
    query = {"options": "botulinum-toxin,ha-filler"}
    html = client.get("/compare", query, **SPANISH).content.decode()

    assert "<h1>Comparar opciones</h1>" in html
    assert "Toxina botulínica (&quot;Botox&quot; y similares) frente a" in html
    assert "Sí. Una enzima lo puede disolver." in html
    assert "Unos 3–4 meses." in html
    assert 'data-label="¿Igual?"' in html
    assert 'data-same="true">Igual</td>' in html
    assert "Las fuentes aparecen con el nombre con que se publicaron" in html
    assert '<ol class="tf-sources" lang="en">' in html


@pytest.mark.django_db
def test_a_choice_it_cannot_compare_is_explained_in_spanish(client: Client) -> None:
    response = client.get("/compare", {"options": "ha-filler"}, **SPANISH)

    html = response.content.decode()
    assert response.status_code == 422
    assert "No pudimos comparar esas opciones." in html
    assert "Marque dos o más opciones de la lista" in html
    assert_all_spanish(html)
    english = client.get("/compare", {"options": "ha-filler"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "name at least two options to compare" in english.content.decode()


@pytest.mark.django_db
def test_the_kept_comparison_is_never_served_in_the_other_language(client: Client) -> None:
    # The whole comparison is a {% cache %} fragment: one per language.
    query = {"options": "ha-filler,caha-filler"}
    for _ in range(2):
        english = client.get("/compare", query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
        spanish = client.get("/compare", query, **SPANISH).content.decode()

        assert '<h2 id="summary-heading">At a glance</h2>' in english
        assert '<h2 id="summary-heading">De un vistazo</h2>' in spanish
        assert "Hyaluronic acid filler" in english
        assert "Hyaluronic acid filler" not in spanish


def test_the_api_compares_in_the_language_asked_with_the_same_answers(client: Client) -> None:
    query = {"options": "botulinum-toxin,ha-filler,pmma-filler"}
    english = client.get("/api/v1/compare", query, HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get("/api/v1/compare", query, **SPANISH)

    en, es = english.json(), spanish.json()
    assert spanish["Content-Language"] == "es"
    assert (en["language"], es["language"]) == ("en", "es")
    assert es["schema"] == en["schema"] == "toxfill.comparison/1"
    assert [o["option"] for o in es["options"]] == [o["option"] for o in en["options"]]
    assert [(r["attribute"], r["same"], r["matching"], r["sources"]) for r in es["rows"]] == [
        (r["attribute"], r["same"], r["matching"], r["sources"]) for r in en["rows"]
    ]
    assert es["sources"] == en["sources"]
    assert es["rows"][0]["label"] == "De qué está hecho"
    assert es["options"][1]["label"] == "Relleno de ácido hialurónico"
