"""The home page and the after-treatment pages in Spanish: chosen by Accept-Language or by the
switch (remembered), the right <html lang>, never an English page from a cache, the emergency
number of the person's country, and nothing left in English by accident, read at about an 8th
grade level or easier (Fernández Huerta)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from html import escape
from html.parser import HTMLParser

import pytest
from django.test import Client
from tests.core.test_compare_languages import compare_texts
from tests.core.test_decide_languages import decide_texts
from tests.core.test_plan_languages import plan_texts
from tests.core.test_translation import ENGLISH, patient_texts
from tests.readability import EASE_GRADE_8, spanish_reading_ease
from tests.spanish_words import english_words

from toxfill.danger_signs import DANGER_SIGNS
from toxfill.web.api import api
from toxfill.web.guide.forms.triage import ASKED_FIRST
from toxfill.web.language import is_translated

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9,en;q=0.5"}
RESULT = "/after-treatment/result"
TREATMENTS = (
    "botulinum-toxin",
    "ha-filler",
    "caha-filler",
    "plla-filler",
    "pmma-filler",
    "fat-grafting",
)
# Whole English texts, long enough not to be a name: the knowledge base's (triage, compare,
# decide and plan) and the danger signs'.
ENGLISH_TEXTS = sorted(
    {
        text
        for _, text in (
            *patient_texts(ENGLISH),
            *compare_texts(ENGLISH),
            *decide_texts(ENGLISH),
            *plan_texts(ENGLISH),
        )
        if len(text) >= 15
    }
    | {sign.question for sign in DANGER_SIGNS}
    | {sign.looks_like for sign in DANGER_SIGNS}
)


class _Reader(HTMLParser):
    """What a reader of the page meets: its text and its labels (aria-label, title, alt), less
    what is marked as English (lang="en": the switch's "English", the sources' titles)."""

    VOID = frozenset({"br", "input", "img", "meta", "link", "hr", "source"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[bool] = []
        self.english = 0
        self.parts: list[str] = []
        self.lines: list[str] = [""]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        english = attributes.get("lang") == "en" or tag in {"script", "style"}
        if tag not in self.VOID:
            self.stack.append(english)
            self.english += english
        if not self.english:
            for name in ("aria-label", "title", "alt", "placeholder"):
                if attributes.get(name):
                    self.parts.append(attributes[name] or "")
        self.lines.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.english -= self.stack.pop()
        self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.english:
            self.parts.append(data)
            self.lines[-1] += re.sub(r"\s+", " ", data)


def read(html: str) -> tuple[str, str]:
    """(all the Spanish a reader meets, the text of <main> one block a line)."""
    reader = _Reader()
    reader.feed(html)
    everything = re.sub(r"\s+", " ", " ".join(reader.parts))
    main = html[html.index("<main") : html.index("</main>")]
    main_reader = _Reader()
    main_reader.feed(main)
    lines = "\n".join(line.strip() for line in main_reader.lines if line.strip())
    return everything, lines


def assert_all_spanish(html: str) -> None:
    text, _ = read(html)
    left_in_english = english_words(text)
    assert not left_in_english, (left_in_english, text)
    left = [line for line in ENGLISH_TEXTS if line in html or escape(line) in html]
    assert not left, left
    assert '<html lang="es">' in html


def all_spanish(html: str, where: str) -> None:
    """assert_all_spanish, its failure naming the page."""
    try:
        assert_all_spanish(html)
    except AssertionError as problem:
        raise AssertionError(f"{where}: {problem}") from None


def page_of(part: str) -> str:
    """A part of a page (a sheet inside the workspace), as a Spanish page of its own, for the
    checks a Spanish page passes."""
    return f'<html lang="es"><body><main>{part}</main></body></html>'


def as_page(lines: Iterable[str]) -> str:
    """Lines of a document (a PDF, a calendar, an email), as a Spanish page."""
    return page_of("".join(f"<p>{escape(line)}</p>" for line in lines))


def harder_than_grade_8(pages: Iterable[tuple[str, str]]) -> list[tuple[float, str]]:
    """Of the pages (name, html), those whose <main> reads harder than grade 8, hardest first."""
    eases = [(spanish_reading_ease(read(html)[1]), name) for name, html in pages]
    return sorted(ease for ease in eases if ease[0] < EASE_GRADE_8)


def spanish_pages() -> list[tuple[str, dict[str, str | list[str]]]]:
    """Every after-treatment page a Spanish reader can reach: both steps, each danger sign,
    each other symptom after each treatment (one day after, and late), and a step with errors."""
    pages: list[tuple[str, dict[str, str | list[str]]]] = [
        ("/", {}),
        ("/after-treatment", {}),
        ("/after-treatment/symptoms", {}),
        ("/after-treatment/symptoms", {"treatments": "ha-filler", "days_since": "2"}),
    ]
    pages += [(RESULT, {"danger": sign.id}) for sign in DANGER_SIGNS]
    pages += [(RESULT, {"danger": sign.id, "treatments": "ha-filler"}) for sign in DANGER_SIGNS]
    symptoms = [s for s in ENGLISH.symptoms if s not in ASKED_FIRST]
    for treatment in TREATMENTS:
        for symptom in symptoms:
            pages.append(
                (RESULT, {"treatments": treatment, "days_since": "1", "symptoms": symptom})
            )
        pages.append(
            (RESULT, {"treatments": treatment, "days_since": "60", "symptoms": symptoms[:3]})
        )
    pages.append(
        (
            RESULT,
            {
                "treatments": "botulinum-toxin",
                "days_since": "3",
                "symptoms": "eyelid-droop",
                "zone": "bladder",
                "age": "9",
                "pregnant": "yes",
            },
        )
    )
    return pages


def every_page_all_spanish_and_easy(
    client: Client, paths: Iterable[tuple[str, dict[str, str | list[str]]]]
) -> None:
    """Each page asked in Spanish answers 200, in Spanish whole, at the reading level."""
    pages = []
    for path, query in paths:
        response = client.get(path, query, **SPANISH)
        assert response.status_code == 200, (path, query)
        assert response["Content-Language"] == "es", (path, query)
        html = response.content.decode()
        all_spanish(html, f"{path} {query}")
        pages.append((f"{path} {query}", html))

    too_hard = harder_than_grade_8(pages)
    assert not too_hard, too_hard[:5]


@pytest.mark.django_db
def test_every_after_treatment_page_is_all_spanish_and_easy_to_read(client: Client) -> None:
    every_page_all_spanish_and_easy(client, spanish_pages())


@pytest.mark.django_db
def test_a_step_with_errors_says_them_in_spanish(client: Client) -> None:
    response = client.get(RESULT, {"treatments": "ha-filler", "days_since": "-1"}, **SPANISH)

    html = response.content.decode()
    assert response.status_code == 422
    assert "Revise sus respuestas" in html
    assert "Los días no pueden ser menos de 0" in html
    assert "Elija al menos una cosa que nota." in html
    assert_all_spanish(html)


@pytest.mark.django_db
def test_a_report_the_core_refuses_is_explained_in_spanish(client: Client) -> None:
    query = {
        "treatments": "ha-filler",
        "days_since": "1",
        "symptoms": "bruising",
        "zone": "bladder",
    }
    response = client.get(RESULT, query, **SPANISH)

    html = response.content.decode()
    assert response.status_code == 422
    assert "Ese lugar no es donde se pone este tratamiento" in html
    assert_all_spanish(html)
    english = client.get(RESULT, query, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "is not where ha-filler (treatment) is injected" in english


@pytest.mark.django_db
def test_the_emergency_answer_says_llame_al_and_the_number_of_the_persons_country(
    client: Client,
) -> None:
    query = {"treatments": "ha-filler", "danger": "eyes-after-filler"}
    page = client.get(RESULT, query, **SPANISH).content.decode()

    assert 'data-urgency="emergency"' in page
    assert 'href="tel:911">Llame al 911</a>' in page
    assert (
        "Diga: &quot;Me pusieron un relleno y puede estar tapando un vaso sanguíneo.&quot;" in page
    )

    client.post("/emergency-number", {"country": "uk", "next": RESULT}, **SPANISH)
    page = client.get(RESULT, query, **SPANISH).content.decode()
    assert 'href="tel:999">Llame al 999</a>' in page
    assert "¿No está en el Reino Unido?" in page


@pytest.mark.django_db
def test_accept_language_is_honoured_and_the_response_varies_on_it_and_the_cookie(
    client: Client,
) -> None:
    english = client.get("/after-treatment", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    spanish = client.get("/after-treatment", **SPANISH)

    assert '<html lang="en">' in english.content.decode()
    assert '<html lang="es">' in spanish.content.decode()
    assert spanish["Content-Language"] == "es"
    for response in (english, spanish):
        vary = {v.strip() for v in response["Vary"].split(",")}
        assert {"Accept-Language", "Cookie"} <= vary


@pytest.mark.django_db
def test_the_switch_remembers_the_choice_over_the_browsers_language(client: Client) -> None:
    page = client.get("/after-treatment", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'href="/language/es/?next=/after-treatment" lang="es"' in page

    response = client.get("/language/es/?next=/after-treatment", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 302
    assert response["Location"] == "/after-treatment"
    assert response.cookies["toxfill_language"].value == "es"
    again = client.get("/after-treatment", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<html lang="es">' in again
    assert 'href="/language/en/?next=/after-treatment" lang="en"' in again


@pytest.mark.django_db
@pytest.mark.parametrize("away", ["https://elsewhere.example/", "//elsewhere.example/x"])
def test_the_switch_goes_back_only_to_this_site(client: Client, away: str) -> None:
    response = client.get("/language/es/", {"next": away})
    assert response["Location"] == "/"
    assert client.get("/language/fr/").status_code == 404


@pytest.mark.django_db
def test_a_cached_page_part_is_never_served_in_the_other_language(client: Client) -> None:
    # The danger signs and the treatments are {% cache %} fragments: rendered once per language.
    for _ in range(2):
        english = client.get("/after-treatment", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        spanish = client.get("/after-treatment", **SPANISH).content.decode()

        assert DANGER_SIGNS[0].question in english
        assert "¿Le cuesta respirar o tragar?" in spanish
        assert DANGER_SIGNS[0].question not in spanish
        assert "¿Le cuesta respirar o tragar?" not in english
        assert "Botox u otra toxina" in spanish
        assert ">Comparar</a>" in spanish
        assert ">Compare</a>" in english


def test_the_api_answers_in_the_language_asked(client: Client) -> None:
    report = {"treatment": "ha-filler", "days_since": 1, "symptoms": ["vision-change"]}

    english = client.post("/api/v1/triage", report, content_type="application/json").json()
    spanish = client.post("/api/v1/triage", report, content_type="application/json", **SPANISH)

    body = spanish.json()
    assert spanish["Content-Language"] == "es"
    assert body["language"] == "es"
    assert english["language"] == "en"
    assert body["urgency"] == english["urgency"] == "emergency"
    assert [r["rule"] for r in body["reasons"]] == [r["rule"] for r in english["reasons"]]
    assert body["headline"].startswith("Llame a los servicios de emergencia")


def test_the_apis_english_parts_say_so_and_the_option_list_speaks_spanish(client: Client) -> None:
    """An English answer said Content-Language: es when Spanish was asked for."""
    for path in ("/api/v1/sources", "/api/v1/options/ha-filler", "/api/v1/doses?product=botox"):
        answer = client.get(path, **SPANISH)
        assert answer.status_code == 200, path
        assert answer["Content-Language"] == "en", path

    listed = client.get("/api/v1/options", **SPANISH)

    assert listed["Content-Language"] == "es"
    labels = {entry["option"]: entry["label"] for entry in listed.json()}
    assert labels["ha-filler"] == "Relleno de ácido hialurónico"


# The API operations that answer in Spanish when asked (their documents name their language).
SPEAKS_SPANISH = frozenset(
    {
        *("/api/v1/triage", "/api/v1/compare", "/api/v1/decide", "/api/v1/options"),
        *("/api/v1/plan", "/api/v1/plan/ics", "/api/v1/plan/svg", "/api/v1/aftercare/{option}"),
    }
)


def test_every_api_operation_speaks_spanish_or_says_it_is_english() -> None:
    """A new operation is placed on one side or the other: one that answered in English with
    Content-Language: es (the clinics' list did) fails here until it is."""
    paths = api.get_openapi_schema()["paths"]
    claimed = {path for path in paths if is_translated(path)}

    assert claimed == SPEAKS_SPANISH
