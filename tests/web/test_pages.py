"""The public pages: the compare page works without JavaScript and needs no database."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from pytest_django import DjangoAssertNumQueries

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL


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

    assert response.status_code == 422
    assert b"name at least two options" in response.content


def test_compare_explains_an_unknown_option(client: Client) -> None:
    response = client.get("/compare", {"options": ["ha-filler", "lip-jab"]})

    assert response.status_code == 422
    assert b"unknown option" in response.content


def test_compare_opens_with_a_summary_card_per_option(client: Client) -> None:
    """TOX-DUR-1 (3-4 months) and FIL-DUR-1 (6-12 months), in the cards before any detail."""
    page = client.get("/compare").content.decode()

    summary = page.split('class="compare-summary"')[1].split("</section>")[0]
    assert summary.count('class="summary-card"') == 2
    for attribute in ("lasts", "downtime", "undo", "cost", "approved-for", "main-risk"):
        assert summary.count(f'data-attribute="{attribute}"') == 2
    assert "About 3–4 months." in summary
    assert "Yes. An enzyme can dissolve it." in summary
    assert "Filler blocking a blood vessel. Rare." in summary
    assert page.index("compare-summary") < page.index('class="jump"') < page.index("<details>")


def test_compare_folds_the_detail_rows_behind_a_jump_list(client: Client) -> None:
    page = client.get("/compare").content.decode()

    groups = re.findall(r'<section class="detail-group" id="(group-[^"]+)"', page)
    assert len(groups) == 6
    for group in groups:
        assert f'href="#{group}"' in page
    assert page.count("<details>") == 6
    assert all(
        page.index("<details>") < page.index(f'<tr data-attribute="{a}"')
        for a in ("duration", "cost")
    )


def test_compare_gives_each_cell_one_source_mark(client: Client) -> None:
    """One stop in the tab order per cell, however many sources it cites."""
    page = client.get("/compare").content.decode()

    approved = re.search(r'<div data-attribute="approved-for"><dt>.*?</dd>', page, re.S)
    assert approved
    assert approved[0].count("<a ") == 1
    # its name starts with what is seen, "[2, 5 +2]", then lists every source it stands for
    assert re.search(
        r'<span class="visually-hidden">Sources </span>\[\d+, \d+ \+\d+\]'
        r'<span class="visually-hidden"> \(\d+(, \d+){3,}\)</span>',
        approved[0],
    )
    cells = re.findall(r"<td data-label=\"[^\"]+\">(.*?)</td>", page, re.S)
    assert cells
    assert all(cell.count("<a ") <= 1 for cell in cells)
