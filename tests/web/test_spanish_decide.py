"""The decision aid in Spanish: every step (empty, answered, with errors, and the health step
for every concern), and the result of every hand-worked decide case of the suite, with nothing
left in English, read at about an 8th grade level or easier (Fernández Huerta); the same
statuses as in English; and the API's decision in the language asked."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.test import Client
from pypdf import PdfReader
from tests.core.test_decide_cases import CASES
from tests.spanish_words import english_words
from tests.web.test_spanish_pages import SPANISH, all_spanish, harder_than_grade_8

from toxfill.knowledge import bundled_knowledge

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL

ENGLISH = bundled_knowledge("en")
TODAY = "2026-11-23"
STATUS = re.compile(r'data-option="([\w-]+)" data-status="([\w-]+)"')


def query(raw: dict[str, Any]) -> dict[str, Any]:
    """An intake as the steps send it: every health question answered (yes, not sure, no)."""
    health, unsure = set(raw.get("health", ())), set(raw.get("health_unsure", ()))
    answers: dict[str, Any] = {
        "age": str(raw["age"]),
        "concerns": list(raw["concerns"]),
        "today": raw["today"],
        **{
            f"h-{f}": "yes" if f in health else "unsure" if f in unsure else "no"
            for f in ENGLISH.health_factors
        },
        **{f"pref-{p}": str(w) for p, w in (raw.get("preferences") or {}).items()},
    }
    for n, treatment in enumerate(raw.get("recent_treatments") or (), start=1):
        answers[f"t{n}-option"] = treatment["option"]
        answers[f"t{n}-product"] = treatment.get("product") or ""
        answers[f"t{n}-date"] = treatment["date"]
    return answers


def step_pages() -> list[tuple[str, dict[str, Any]]]:
    base = {"age": "45", "concerns": ["glabellar-lines", "nasolabial-folds"]}
    pages: list[tuple[str, dict[str, Any]]] = [("/decide", {})]
    pages += [("/decide", {**base, "step": str(n)}) for n in (1, 2, 3, 4)]
    pages += [
        ("/decide", {"age": "45", "concerns": [concern], "step": "2"})
        for concern in ENGLISH.concerns
    ]
    pages += [
        ("/decide", {"step": "1", "go": "next"}),  # no age, no concern
        ("/decide", {"age": "300", "concerns": ["glabellar-lines"], "step": "1", "go": "next"}),
        ("/decide", {**base, "step": "2", "go": "next", "h-pregnant": "maybe"}),
        ("/decide", {**base, "step": "3", "go": "next", "pref-longevity": "9"}),
        ("/decide", {**base, "step": "4", "go": "next", "t1-date": "2026-01-01"}),
        ("/decide", {**base, "step": "4", "go": "next", "t1-option": "botulinum-toxin"}),
        (
            "/decide",
            {**base, "step": "4", "go": "next", "t1-option": "ha-filler", "t1-date": "soon"},
        ),
    ]
    return pages


@pytest.mark.django_db
def test_every_step_is_all_spanish_and_easy_to_read(client: Client) -> None:
    pages = []
    for path, asked in step_pages():
        response = client.get(path, asked, **SPANISH)
        assert response.status_code in {200, 422}, (path, asked)
        html = response.content.decode()
        all_spanish(html, f"{path} {asked}")
        pages.append((str(asked), html))

    too_hard = harder_than_grade_8(pages)
    assert not too_hard, too_hard[:5]


@pytest.mark.django_db
def test_every_result_of_the_decide_cases_is_all_spanish_with_the_english_statuses(
    client: Client,
) -> None:
    pages = []
    for case in CASES:
        raw = case.values[0]
        asked = query(raw)
        english = client.get("/decide/result", asked, HTTP_ACCEPT_LANGUAGE="en")
        spanish = client.get("/decide/result", asked, **SPANISH)
        assert spanish.status_code == english.status_code == 200, case.id
        html = spanish.content.decode()
        all_spanish(html, case.id)
        assert STATUS.findall(html) == STATUS.findall(english.content.decode()), case.id
        pages.append((case.id, html))

    too_hard = harder_than_grade_8(pages)
    assert not too_hard, too_hard[:5]


@pytest.mark.django_db
def test_a_reflection_and_a_not_sure_answer_read_in_spanish(client: Client) -> None:
    asked = {
        **query(
            {"age": 40, "concerns": ["nasolabial-folds", "chronic-migraine"], "today": "2026-11-23"}
        ),
        "h-pregnant": "unsure",
        "leaning": "ha-filler",
        "sure-sure": "yes",
        "sure-understand": "no",
        "sure-ratio": "yes",
        "sure-encouragement": "yes",
    }
    html = client.get("/decide/result", asked, **SPANISH).content.decode()

    all_spanish(html, "reflection")
    assert "Se inclina por:" in html
    assert "Dijo que no al menos a una pregunta." in html
    assert "No está seguro: Embarazada o podría estarlo" in html


@pytest.mark.django_db
def test_the_one_tap_no_button_and_the_steps_speak_spanish(client: Client) -> None:
    asked = {"age": "45", "concerns": ["glabellar-lines"], "step": "2"}
    html = client.get("/decide", asked, **SPANISH).content.decode()

    assert 'value="none" class="none-button"' in html
    assert "No a todas: siguiente" in html
    assert "Paso 2 de 4" in html
    assert "¿Está embarazada, o podría estarlo?" in html


@pytest.mark.django_db
def test_the_decide_api_answers_in_the_language_asked_with_the_same_statuses(
    client: Client,
) -> None:
    body = {
        "age": 42,
        "concerns": ["nasolabial-folds", "glabellar-lines"],
        "health": ["anticoagulant-or-antiplatelet"],
        "preferences": {"longevity": 3, "reversibility": 2},
        "today": "2026-11-23",
    }
    english = client.post("/api/v1/decide", body, content_type="application/json").json()
    response = client.post("/api/v1/decide", body, content_type="application/json", **SPANISH)

    spanish = response.json()
    assert response["Content-Language"] == "es"
    assert (english["language"], spanish["language"]) == ("en", "es")
    assert [(o["option"], o["status"]) for o in spanish["options"]] == [
        (o["option"], o["status"]) for o in english["options"]
    ]
    assert spanish["per_concern"] == english["per_concern"]
    keys = ("concern", "option", "alternative", "gains", "costs")
    assert spanish["trade_offs"]
    assert [[t[k] for k in keys] for t in spanish["trade_offs"]] == [
        [t[k] for k in keys] for t in english["trade_offs"]
    ]
    assert spanish["questions"][0]["text"].startswith("¿")


@pytest.mark.django_db
def test_the_pdf_speaks_the_pages_language(client: Client) -> None:
    asked = query({"age": 40, "concerns": ["glabellar-lines"], "today": "2026-11-23"})

    spanish = client.get("/decide/summary.pdf", asked, **SPANISH)
    english = client.get("/decide/summary.pdf", asked, HTTP_ACCEPT_LANGUAGE="en")

    assert spanish.status_code == english.status_code == 200
    assert spanish["Content-Type"] == "application/pdf"
    assert (spanish["Content-Language"], english["Content-Language"]) == ("es", "en")
    es, en = PdfReader(io.BytesIO(spanish.content)), PdfReader(io.BytesIO(english.content))
    assert (es.trailer["/Root"]["/Lang"], en.trailer["/Root"]["/Lang"]) == ("es", "en-US")
    words = " ".join(page.extract_text() for page in es.pages)
    words = re.sub(r"\s+", " ", words)
    mine = words[: words.rindex("Fuentes")]  # the sources are named as they were published
    assert "Su resumen para la consulta" in mine
    assert not english_words(mine)
    assert "Your consultation summary" in " ".join(page.extract_text() for page in en.pages)
