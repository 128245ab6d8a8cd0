"""The public pages: the compare page works without JavaScript and needs no database."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries


@pytest.fixture
def client() -> Client:
    return Client()


def test_home_links_to_the_comparison(client: Client) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert b'href="/compare"' in response.content


@pytest.mark.django_db
def test_compare_shows_toxin_and_filler_by_default(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/compare")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Botulinum toxin" in page
    assert 'data-attribute="duration"' in page
    assert 'href="#source-1"' in page
    assert "licensed provider" in page


def test_compare_shows_the_chosen_options(client: Client) -> None:
    response = client.get("/compare", {"options": ["ha-filler", "caha-filler", "no-treatment"]})

    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('data-attribute="') >= 20
    assert 'value="caha-filler" checked' in page
    assert 'value="botulinum-toxin" checked' not in page


def test_compare_explains_a_choice_of_one_option(client: Client) -> None:
    response = client.get("/compare", {"options": ["ha-filler"]})

    assert response.status_code == 400
    assert b"name at least two options" in response.content


def test_compare_explains_an_unknown_option(client: Client) -> None:
    response = client.get("/compare", {"options": ["ha-filler", "lip-jab"]})

    assert response.status_code == 400
    assert b"unknown option" in response.content
