"""The compare page is kept whole, its form included, for each valid set of options: a page from
what was kept reads as the page first rendered, two sets never share one, and only sets the
comparison accepted are kept, so a stream of made-up options cannot fill the cache."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import set_script_prefix

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

FRAGMENTS = caches["template_fragments"]
SETS = [
    ["botulinum-toxin", "ha-filler"],
    ["ha-filler", "botulinum-toxin"],
    ["botulinum-toxin", "caha-filler"],
    ["ha-filler", "caha-filler", "no-treatment"],
]


@pytest.fixture(autouse=True)
def nothing_kept() -> Iterator[None]:
    FRAGMENTS.clear()
    yield
    FRAGMENTS.clear()


def kept() -> int:
    return len(FRAGMENTS._cache)  # type: ignore[attr-defined]


def compare(client: Client, options: list[str]) -> bytes:
    response = client.get("/compare", {"options": options})
    assert response.status_code == 200
    return response.content


def test_a_kept_page_reads_as_the_page_first_rendered(client: Client) -> None:
    first = [compare(client, options) for options in SETS]
    again = [compare(client, options) for options in SETS]

    assert again == first
    assert kept() == len(SETS)


def test_each_set_of_options_gets_its_own_page(client: Client) -> None:
    pages = {tuple(options): compare(client, options).decode() for options in SETS}

    assert len(set(pages.values())) == len(SETS)
    for options, page in pages.items():
        for option in ["botulinum-toxin", "ha-filler", "caha-filler", "no-treatment"]:
            checked = f'value="{option}" checked' in page
            assert checked == (option in options), (options, option)
    # The same options in another order are other columns, so another page.
    toxin, filler = 'id="card-botulinum-toxin"', 'id="card-ha-filler"'
    toxin_first = pages[("botulinum-toxin", "ha-filler")]
    filler_first = pages[("ha-filler", "botulinum-toxin")]
    assert toxin_first.index(toxin) < toxin_first.index(filler)
    assert filler_first.index(filler) < filler_first.index(toxin)


@pytest.mark.parametrize(
    "options",
    [
        ["ha-filler"],
        ["ha-filler", "lip-jab"],
        ["ha-filler", "ha-filler"],
        ["ha-filler", "botulinum-toxin", "<script>"],
        ["x" * 200, "y" * 200],
    ],
)
def test_options_the_comparison_refused_are_never_kept(client: Client, options: list[str]) -> None:
    response = client.get("/compare", {"options": options})

    assert response.status_code == 422
    assert kept() == 0
    assert b"We could not compare those." in response.content
    assert b'<details class="choose" open>' in response.content


def test_many_made_up_sets_keep_nothing(client: Client) -> None:
    for n in range(50):
        client.get("/compare", {"options": ["ha-filler", f"made-up-{n}"]})

    assert kept() == 0


def test_a_page_served_under_another_address_prefix_is_kept_apart(client: Client) -> None:
    plain = compare(client, SETS[0]).decode()
    try:
        set_script_prefix("/guide/")
        prefixed = client.get("/compare", {"options": SETS[0]}, SCRIPT_NAME="/guide")
    finally:
        set_script_prefix("/")

    assert 'action="/compare"' in plain
    assert 'action="/guide/compare"' in prefixed.content.decode()
    assert kept() == 2
