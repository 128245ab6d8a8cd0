"""The planner in Spanish: the form, every plan the form offers (each approved and off-label
use alone, and the studied combination), a form with errors, all with nothing left in English
and read at about an 8th grade level or easier (Fernández Huerta); the same visits on the
same dates as the English page; the calendar file in the page's language."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from tests.calendars import raw_properties, read_calendar
from tests.web.test_spanish_pages import (
    SPANISH,
    all_spanish,
    assert_all_spanish,
    harder_than_grade_8,
)

from toxfill.knowledge import bundled_knowledge
from toxfill.plan import plannable_uses

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

START = "2026-12-01"
USES = [f"{option}:{concern}" for option, concern, _ in plannable_uses(bundled_knowledge())]
PLANS = [[use] for use in USES] + [["botulinum-toxin:glabellar-lines", "ha-filler:glabellar-lines"]]
VISIT = re.compile(r'<li data-purpose="(\w+)">\s*<time datetime="([\d-]+)">')


def query(treatments: list[str], months: int = 24) -> dict[str, object]:
    return {"treatment": treatments, "start": START, "horizon_months": str(months)}


@pytest.mark.django_db
def test_the_form_and_every_plan_are_all_spanish_and_easy_to_read(client: Client) -> None:
    pages = [("/plan", {})] + [("/plan/result", query(plan)) for plan in PLANS]
    read_pages = []
    for path, asked in pages:
        response = client.get(path, asked, **SPANISH)
        assert response.status_code == 200, (path, asked)
        html = response.content.decode()
        all_spanish(html, f"{path} {asked}")
        read_pages.append((f"{path} {asked}", html))

    too_hard = harder_than_grade_8(read_pages)
    assert not too_hard, too_hard[:5]


@pytest.mark.django_db
@pytest.mark.parametrize("plan", PLANS, ids=["+".join(p) for p in PLANS])
def test_the_spanish_page_shows_the_same_visits_on_the_same_dates(
    client: Client, plan: list[str]
) -> None:
    english = client.get("/plan/result", query(plan, 60), HTTP_ACCEPT_LANGUAGE="en")
    spanish = client.get("/plan/result", query(plan, 60), **SPANISH)

    visits = VISIT.findall(spanish.content.decode())
    assert visits
    assert visits == VISIT.findall(english.content.decode())


@pytest.mark.django_db
def test_a_form_with_errors_says_them_in_spanish(client: Client) -> None:
    response = client.get("/plan/result", {"start": "2026-13-45", "horizon_months": "0"}, **SPANISH)

    html = response.content.decode()
    assert response.status_code == 422
    assert "Elija al menos un tratamiento para planear." in html
    assert_all_spanish(html)
    far = client.get(
        "/plan/result",
        query(["botulinum-toxin:glabellar-lines"]) | {"start": "2099-01-01"},
        **SPANISH,
    )
    assert far.status_code == 422
    assert "Escriba una primera visita dentro de 5 años desde hoy." in far.content.decode()
    assert_all_spanish(far.content.decode())


@pytest.mark.django_db
def test_the_plan_page_says_its_visits_and_chart_in_spanish(client: Client) -> None:
    html = client.get(
        "/plan/result", query(["botulinum-toxin:forehead-lines"]), **SPANISH
    ).content.decode()

    assert "<h1>Su plan de cuidado</h1>" in html
    assert '<span class="tf-purpose">primera vez</span>' in html
    assert "martes, 1 de diciembre de 2026" in html
    assert "Efecto esperado con el tiempo. Un dibujo hecho con las cifras citadas" in html
    assert "dic 2026" in html


@pytest.mark.django_db
def test_the_calendar_file_is_in_the_pages_language(client: Client) -> None:
    asked = query(["botulinum-toxin:forehead-lines"])
    english = read_calendar(
        client.get("/plan/calendar.ics", asked, HTTP_ACCEPT_LANGUAGE="en").content
    )
    content = client.get("/plan/calendar.ics", asked, **SPANISH).content
    events = read_calendar(content).events

    assert raw_properties(content, "X-WR-CALNAME") == ["Plan de cuidado de toxfill"]
    assert str(events[0].summary).startswith("toxfill: primera visita")
    assert [e.dtstart for e in events] == [e.dtstart for e in english.events]


def test_the_plan_api_answers_in_the_language_asked_with_the_same_visits(client: Client) -> None:
    body = {
        "start": "2026-12-01",
        "horizon_months": 24,
        "treatments": [{"option": "botulinum-toxin", "concern": "glabellar-lines"}],
    }
    english = client.post("/api/v1/plan", body, content_type="application/json").json()
    response = client.post("/api/v1/plan", body, content_type="application/json", **SPANISH)

    spanish = response.json()
    assert response["Content-Language"] == "es"
    assert (english["language"], spanish["language"]) == ("en", "es")
    assert spanish["visits"] == english["visits"]
    assert spanish["per_year"] == english["per_year"]
    assert spanish["treatments"][0]["reading"].startswith("Efecto completo")
