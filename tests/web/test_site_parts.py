"""The header and footer every public page shares are rendered once and kept: they must read
exactly as the template they replaced rendered them, for every page, under any address prefix."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import resolve, reverse, set_script_prefix

from toxfill.knowledge import bundled_knowledge
from toxfill.web.guide.emergency import NUMBERS
from toxfill.web.guide.templatetags.site_parts import (
    SECTIONS,
    emergency_options,
    site_footer,
    site_header,
)

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

# base.html's header and footer as they were before they were kept.
HEADER = Template(
    """<header class="site">
    <a class="brand" href="{% url 'home' %}">toxfill</a>
    <nav aria-label="Main">
      <a href="{% url 'compare' %}"{% if request.resolver_match.url_name == 'compare' %} aria-current="page"{% endif %}>Compare</a>
      <a href="{% url 'decide' %}"{% if request.resolver_match.url_name == 'decide' or request.resolver_match.url_name == 'decide-result' %} aria-current="page"{% endif %}>Decide</a>
      <a href="{% url 'plan' %}"{% if request.resolver_match.url_name == 'plan' or request.resolver_match.url_name == 'plan-result' %} aria-current="page"{% endif %}>Plan</a>
      <a href="{% url 'triage' %}"{% if request.resolver_match.url_name == 'triage' or request.resolver_match.url_name == 'triage-symptoms' or request.resolver_match.url_name == 'triage-result' %} aria-current="page"{% endif %}>After treatment</a>
    </nav>
  </header>"""  # noqa: E501
)
FOOTER = Template(
    """{% load dates %}{% if meta %}<p class="disclaimer">{{ meta.disclaimer }}</p>
    <p>Knowledge base {{ meta.version }}, published {{ meta.published|long_date }}. {{ meta.update_policy }}</p>
    <p>{{ meta.funding }}</p>{% endif %}"""  # noqa: E501
)
PAGES = [
    "/",
    "/compare",
    "/decide",
    "/decide/result",
    "/plan",
    "/plan/result",
    "/after-treatment",
    "/after-treatment/symptoms",
    "/after-treatment/result",
    "/after-treatment/aftercare/ha-filler",
    "/emergency-number",
]


def as_before(path: str) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return HEADER.render(Context({"request": request}))


def header(path: str) -> str:
    request = RequestFactory().get(path)
    request.resolver_match = resolve(path)
    return site_header(Context({"request": request}))


@pytest.mark.parametrize("path", PAGES)
def test_the_header_reads_as_the_template_it_replaced(path: str) -> None:
    assert header(path) == as_before(path)
    assert header(path) == as_before(path)  # and again, from what was kept


def test_every_section_marks_one_link_as_the_current_page() -> None:
    for url_name in SECTIONS:
        assert header(reverse(url_name)).count('aria-current="page"') == 1, url_name
    assert 'aria-current="page"' not in header("/")


def test_a_page_without_a_request_gets_the_header_with_no_current_link() -> None:
    assert site_header(Context({})) == HEADER.render(Context({}))


def test_the_header_links_follow_the_address_prefix_the_site_is_served_under() -> None:
    try:
        set_script_prefix("/guide/")
        prefixed = header("/compare")
    finally:
        set_script_prefix("/")

    assert 'href="/guide/compare"' in prefixed
    assert 'href="/compare"' in header("/compare")


def test_the_footer_reads_as_the_template_it_replaced() -> None:
    meta = bundled_knowledge().meta

    assert site_footer(meta) == FOOTER.render(Context({"meta": meta}))
    assert meta.version in site_footer(meta)
    assert site_footer(None) == FOOTER.render(Context({})) == ""


@pytest.mark.django_db
def test_a_page_shows_the_header_and_footer(client: Client) -> None:
    page = client.get("/plan").content.decode()

    assert as_before("/plan") in page
    assert site_footer(bundled_knowledge().meta) in page


OPTIONS = Template(
    """{% for n in emergency_numbers %}<option value="{{ n.country }}"{% if n.country == emergency.country %} selected{% endif %}>{{ n.place }} ({{ n.number }})</option>{% endfor %}"""  # noqa: E501
)


@pytest.mark.parametrize("country", sorted(NUMBERS))
def test_the_emergency_numbers_read_as_the_loop_they_replaced(country: str) -> None:
    chosen = NUMBERS[country]
    before = OPTIONS.render(Context({"emergency": chosen, "emergency_numbers": NUMBERS.values()}))

    assert emergency_options(chosen) == before
    assert emergency_options(chosen).count(" selected") == 1
    assert f'<option value="{country}" selected>' in emergency_options(chosen)
