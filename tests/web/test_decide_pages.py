"""The decision aid pages: questionnaire, result, PDF, bad input, and the IPDAS criteria."""

from __future__ import annotations

import io
import itertools
import re
from typing import Any

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader
from pytest_django import DjangoAssertNumQueries

from toxfill.decide import health_questions
from toxfill.knowledge import KnowledgeBase, bundled_knowledge
from toxfill.knowledge.models import OptionKind

pytestmark = pytest.mark.public_side  # reads no clinic data: not run again on PostgreSQL


def answered(
    concerns: list[str], yes: tuple[str, ...] = (), unsure: tuple[str, ...] = ()
) -> dict[str, str]:
    """An answer to every health question the decision aid asks for these concerns."""
    return {
        f"h-{factor}": "yes" if factor in yes else "unsure" if factor in unsure else "no"
        for factor in health_questions(bundled_knowledge(), concerns)
    }


# Alice, 42, on blood thinners, had botulinum toxin seven weeks ago: every section has content.
ALICE: dict[str, Any] = {
    "age": "42",
    "concerns": ["crows-feet", "nasolabial-folds"],
    **answered(["crows-feet", "nasolabial-folds"], yes=("anticoagulant-or-antiplatelet",)),
    "pref-longevity": "2",
    "pref-reversibility": "3",
    "t1-option": "botulinum-toxin",
    "t1-date": "2026-10-01",
    "today": "2026-11-23",
}


@pytest.fixture
def page(client: Client) -> str:
    """Alice's result page."""
    response = client.get("/decide/result", ALICE)
    assert response.status_code == 200
    return response.content.decode()


def section(page: str, criterion: str) -> str:
    """The HTML of the element marked data-ipdas=criterion (up to its closing tag)."""
    match = re.search(rf'<(\w+)[^>]*data-ipdas="{criterion}"', page)
    assert match, f"no section marked {criterion}"
    tag, start = match[1], match.start()
    depth, position = 0, start
    for found in re.finditer(rf"<(/?){tag}\b", page[start:]):
        depth += -1 if found[1] else 1
        if depth == 0:
            position = start + found.end()
            break
    return page[start:position]


def text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def blocks(page: str, criterion: str) -> list[str]:
    """Every element marked data-ipdas=criterion, e.g. one Q4 block per option."""
    found = []
    rest = page
    while f'data-ipdas="{criterion}"' in rest:
        block = section(rest, criterion)
        found.append(block)
        rest = rest[rest.index(block) + len(block) :]
    return found


# --- the questionnaire ----------------------------------------------------------------------


def test_step_1_asks_age_and_every_concern(client: Client, kb: KnowledgeBase) -> None:
    response = client.get("/decide")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Step 1 of 4" in page
    assert 'aria-current="step"' in page
    for concern in kb.concerns.values():
        assert f'<label for="concern-{concern.id}">' in page
    assert 'name="age"' in page
    assert 'action="/decide"' in page
    assert 'method="get"' in page
    assert 'name="go" value="next"' in page
    assert 'value="back"' not in page  # nothing to go back to


def test_the_concerns_step_keeps_cosmetic_and_medical_concerns_apart(client: Client) -> None:
    page = client.get("/decide").content.decode()

    cosmetic = page.index("How you look")
    medical = page.index("Medical conditions")
    assert cosmetic < page.index('id="concern-crows-feet"') < medical
    assert medical < page.index('id="concern-chronic-migraine"')
    assert "<legend>Around the eyes</legend>" in page


def test_the_questionnaire_dates_the_decision_today(client: Client) -> None:
    page = client.get("/decide").content.decode()

    assert f'name="today" value="{timezone.localdate().isoformat()}"' in page


def test_continue_from_step_1_asks_only_the_health_questions_that_matter(
    client: Client, kb: KnowledgeBase
) -> None:
    """Only factors with a caution on an option approved for the concern can change a status."""
    step1 = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23"}

    page = client.get("/decide", {**step1, "step": "1", "go": "next"}).content.decode()

    assert "Step 2 of 4" in page
    asked = health_questions(kb, ["glabellar-lines"])
    for factor in kb.health_factors:
        assert (f'name="h-{factor}"' in page) is (factor in asked)
    assert "pregnant" in asked
    assert "permanent-filler-in-area" not in asked  # a filler caution: toxin is the option here
    assert 'type="hidden" name="concerns" value="glabellar-lines"' in page


def test_each_health_question_takes_yes_no_or_not_sure_and_starts_unanswered(
    client: Client,
) -> None:
    step1 = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23"}

    page = client.get("/decide", {**step1, "step": "1", "go": "next"}).content.decode()

    group = re.search(r'<fieldset[^>]*id="group-h-pregnant".*?</fieldset>', page, re.S)
    assert group
    assert re.findall(r'value="(yes|no|unsure)"', group[0]) == ["yes", "no", "unsure"]
    assert "checked" not in group[0]
    assert "We never count it as a no" in page


def test_an_unanswered_health_question_counts_as_not_sure(client: Client) -> None:
    """Uncertain is not safe: a blank goes through as "not sure", never as a no."""
    answers = answered(["glabellar-lines"])
    del answers["h-pregnant"]
    query = {"age": "42", "concerns": ["glabellar-lines"], **answers, "today": "2026-11-23"}

    step3 = client.get("/decide", {**query, "step": "2", "go": "next"})
    result = client.get("/decide/result", query).content.decode().replace("&#x27;", "'")

    assert step3.status_code == 200
    assert "Step 3 of 4" in step3.content.decode()
    assert "Not sure: Pregnant" in result
    assert 'data-option="botulinum-toxin" data-status="not-suitable"' in result


def test_none_of_these_apply_answers_every_blank_question_no_in_one_tap(client: Client) -> None:
    step2 = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23", "step": "2"}

    page = client.get("/decide", {**step2, "go": "none"}).content.decode()

    assert "Step 3 of 4" in page
    for factor in health_questions(bundled_knowledge(), ["glabellar-lines"], 42):
        assert f'type="hidden" name="h-{factor}" value="no"' in page


def test_none_of_these_apply_keeps_a_yes_or_a_not_sure_already_given(client: Client) -> None:
    step2 = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23", "step": "2"}
    step2 |= {"h-pregnant": "yes", "h-infection-at-site": "unsure"}

    page = client.get("/decide", {**step2, "go": "none"}).content.decode()

    assert 'type="hidden" name="h-pregnant" value="yes"' in page
    assert 'type="hidden" name="h-infection-at-site" value="unsure"' in page
    assert 'type="hidden" name="h-breastfeeding" value="no"' in page


def test_the_one_tap_answer_comes_before_the_first_question(client: Client) -> None:
    step1 = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23"}

    page = client.get("/decide", {**step1, "step": "1", "go": "next"}).content.decode()

    none = page.index('name="go" value="none"')
    assert none < page.index('id="group-h-pregnant"')
    assert page.index('class="default-submit"') < none  # Enter continues, never says "none"
    assert "No to the rest: next" in page


def test_an_answer_that_is_not_yes_no_or_not_sure_is_named_by_its_question(
    client: Client,
) -> None:
    query = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23"}
    query |= {"h-pregnant": "maybe", "h-breastfeeding": "perhaps"}

    response = client.get("/decide", {**query, "step": "2", "go": "next"})

    page = response.content.decode()
    summary = re.search(r'<div class="error-summary".*?</ul>', page, re.S)
    assert response.status_code == 422
    assert summary
    links = re.findall(r'<a href="#(id_h-[a-z-]+)">([^<]+)</a>', summary[0])
    assert [anchor for anchor, _ in links] == ["id_h-pregnant", "id_h-breastfeeding"]
    assert links[0][1].startswith("Are you pregnant, or could you be?")
    assert links[1][1].startswith("Are you breastfeeding?")
    assert '<p class="field-error" id="error-h-pregnant">' in page


def test_preferences_start_unset_and_a_skipped_one_is_left_out(client: Client) -> None:
    query = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23"}
    query |= answered(["glabellar-lines"])

    step3 = client.get("/decide", {**query, "step": "2", "go": "next"}).content.decode()
    result = client.get("/decide/result", {**query, "pref-longevity": "3"}).content.decode()

    assert "Step 3 of 4" in step3
    assert 'name="pref-longevity"' in step3
    assert not re.search(r'name="pref-[^"]+" value="\d"[^>]*checked', step3)
    assert "left out. It does not count as" in step3
    assert "matters a lot (3 of 3)" in result
    assert "Few trips to the clinic: not answered" in text(result) or ": not answered" in result


def test_the_date_hint_shows_the_format_the_field_takes(client: Client) -> None:
    query = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23"}
    query |= answered(["glabellar-lines"])

    page = client.get("/decide", {**query, "step": "3", "go": "next"}).content.decode()

    assert "Step 4 of 4" in page
    assert "year-month-day, for example 2026-03-15" in page
    assert re.search(r'<input type="text" name="t1-date"', page)
    assert 'type="date"' not in page  # a browser date picker shows its own, local format


def test_back_keeps_every_answer(client: Client) -> None:
    response = client.get("/decide", {**ALICE, "step": "4", "go": "back"})

    page = response.content.decode()
    assert "Step 3 of 4" in page
    assert re.search(r'name="pref-reversibility" value="3"[^>]*checked', page)
    assert 'type="hidden" name="t1-option" value="botulinum-toxin"' in page
    assert 'type="hidden" name="h-anticoagulant-or-antiplatelet" value="yes"' in page


def test_the_last_step_goes_to_the_result_with_the_answers(client: Client) -> None:
    response = client.get("/decide", {**ALICE, "step": "4", "go": "next"})

    assert response.status_code == 302
    assert response["Location"].startswith("/decide/result?age=42&concerns=crows-feet")
    assert "go=" not in response["Location"]
    assert "step=" not in response["Location"]


def test_change_your_answers_fills_the_first_step_in(client: Client) -> None:
    page = client.get("/decide", {**ALICE, "step": "1"}).content.decode()

    assert re.search(r'value="crows-feet" id="concern-crows-feet"[^>]*checked', page)
    assert 'value="42"' in page
    assert 'type="hidden" name="t1-option" value="botulinum-toxin"' in page


# --- the result -----------------------------------------------------------------------------


def test_the_result_gives_a_status_in_words_for_each_concern(page: str) -> None:
    crows_feet = page[page.index('id="concern-crows-feet"') : page.index('id="concern-nasolabial')]
    folds = page[page.index('id="concern-nasolabial-folds"') : page.index('id="unapproved')]

    assert 'data-option="botulinum-toxin" data-status="not-suitable"' in crows_feet
    assert "Not suitable" in crows_feet
    assert "Possible again from 30 December 2026" in crows_feet
    assert "off-label" in crows_feet
    assert 'data-option="ha-filler" data-status="caution"' in folds
    assert "Tell your provider every medicine you take" in folds
    assert 'data-option="no-treatment" data-status="suitable"' in folds


def test_the_result_lists_options_best_first(page: str) -> None:
    folds = page[page.index('id="concern-nasolabial-folds"') : page.index('id="unapproved')]

    order = re.findall(r'<li class="row" data-option="([a-z-]+)"', folds)
    assert order == ["ha-filler", "plla-filler", "caha-filler", "pmma-filler", "no-treatment"]


def test_the_result_explains_preferences_questions_and_the_disclaimer(page: str) -> None:
    assert "How your preferences changed the order" in page
    assert "You gave this 3 of 3" in page
    assert "Questions to ask your provider" in page
    assert "Are you a licensed provider" in page
    assert page.count("It does not replace their advice") >= 2
    assert 'href="#source-1"' in page
    assert 'id="source-1"' in page


def test_the_first_screen_gives_one_line_per_concern_with_its_best_option(page: str) -> None:
    glance = re.search(r'<ul class="glance-list">(.*?)</ul>', page, re.S)

    assert glance
    lines = re.findall(r'<li data-concern="([^"]+)"', glance[1])
    assert lines == ["crows-feet", "nasolabial-folds"]
    assert "Best fit: Hyaluronic acid filler. Talk it over" in glance[1]
    assert "possible again from 30 December 2026" in glance[1]
    assert page.index("glance-list") < page.index('data-ipdas="Q2"')


def test_a_referral_on_the_first_screen_names_what_to_talk_over_first(client: Client) -> None:
    """TOX-PREG-1, TOX-BOX-1: a medical use goes to the specialist with its cautions."""
    concerns = ["cervical-dystonia"]
    answers = answered(concerns, yes=("pregnant", "breathing-or-swallowing-problems"))

    response = client.get(
        "/decide/result", {"age": "45", "concerns": concerns, **answers, "today": "2026-11-23"}
    )

    glance = re.search(r'<ul class="glance-list">(.*?)</ul>', response.content.decode(), re.S)
    assert glance
    assert "See a specialist" in glance[1]
    assert (
        "Talk over with them first: breathing or swallowing problems; "
        "pregnant or could be pregnant." in text(glance[1])
    )


def test_everything_after_the_first_part_is_folded(page: str) -> None:
    main = page[page.index("<main") : page.index("</main>")]
    rest = main[main.index("</section>", main.index("data-first-screen")) :]

    headings = re.findall(r"<h2 id=\"([a-z-]+)\"", rest)
    folded = re.findall(r'<details class="fold"><summary><h2 id="([a-z-]+)"', rest)
    assert headings == folded
    assert {"per-concern-heading", "questions-heading", "sources-heading"} <= set(folded)
    assert page.count('<details class="concern-detail"') == 2  # and each concern's choices


def test_the_first_part_has_the_trade_off_leaning_sure_and_plan_visits(client: Client) -> None:
    query = {"age": "42", "concerns": ["nasolabial-folds"], "today": "2026-11-23"}
    query |= answered(["nasolabial-folds"]) | {"pref-longevity": "2", "pref-reversibility": "3"}

    page = client.get("/decide/result", query).content.decode()

    first = page[
        page.index("data-first-screen") : page.index("</section>", page.index("data-first-screen"))
    ]
    assert (
        "Calcium hydroxylapatite filler lasts longer but cannot be dissolved, which you said "
        "matters." in first
    )
    assert re.search(r"which you said matters\.<sup class=\"cite\"><a href=\"#source-1\"", first)
    assert "Plan visits</a>" in first
    assert '<select name="leaning"' in first
    assert first.count('name="sure-') == 8  # four questions, yes or no
    assert "licensed provider" in first


def test_an_unapproved_option_reads_as_a_sentence_not_a_template(page: str) -> None:
    assert "No Fat grafting" not in page
    assert "Fat grafting has no FDA-approved use for crow's feet" in text(page)


def test_risks_with_a_stated_rate_are_drawn_as_people_and_others_say_so(page: str) -> None:
    """TOX-AE-3: a drooping eyelid in about 2 in 100 treated for frown lines (Daxxify)."""
    assert re.search(
        r'<svg[^>]*role="img"[^>]*class="tf-people"|class="tf-people"[^>]*role="img"', page
    )
    assert '<title id="people-crows-feet-botulinum-toxin-' in page
    assert "2 in 100</title>" in page
    assert "No one knows how often this happens, so there is no picture." in page


def test_the_result_asks_which_way_the_person_is_leaning_and_the_sure_test(page: str) -> None:
    leaning = re.search(r'<select name="leaning" id="id_leaning">(.*?)</select>', page, re.S)
    assert '<label for="id_leaning">Which option are you leaning toward?</label>' in page
    assert leaning
    assert '<option value="ha-filler">' in leaning[1]
    assert '<option value="no-treatment">' in leaning[1]
    assert '<option value="unsure">' in leaning[1]
    for key in ("sure", "understand", "ratio", "encouragement"):
        assert f'name="sure-{key}" value="yes"' in page
    assert "Sure of myself" in page
    assert "Encouragement" in page


def test_the_leaning_and_sure_answers_are_shown_and_carried_to_the_pdf(client: Client) -> None:
    reflection = {"leaning": "ha-filler", "sure-sure": "yes", "sure-understand": "no"}
    reflection |= {"sure-ratio": "yes", "sure-encouragement": "yes"}

    page = client.get("/decide/result", {**ALICE, **reflection}).content.decode()

    shown = re.search(r"<div class=\"reflection\" data-reflection>(.*?)</div>", page, re.S)
    assert shown
    assert "Hyaluronic acid filler" in shown[1]
    assert "You said no to at least one question" in shown[1]
    assert "leaning=ha-filler" in page.split("decide/summary.pdf?", 1)[1].split('"', 1)[0]


def test_a_not_sure_health_answer_is_a_caution_to_discuss(client: Client) -> None:
    """Uncertain is not safe: not sure about blood thinners holds toxin at caution, never at
    recommended, and says what a yes would mean."""
    query = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23"}
    query |= answered(["glabellar-lines"], unsure=("anticoagulant-or-antiplatelet",))

    page = client.get("/decide/result", query).content.decode().replace("&#x27;", "'")

    assert 'data-option="botulinum-toxin" data-status="caution"' in page
    assert "You were not sure about this: Taking blood thinners" in page
    assert "Not sure: Taking blood thinners" in page


def test_not_sure_about_what_would_rule_an_option_out_keeps_it_out_until_settled(
    client: Client,
) -> None:
    """TOX-CI pregnancy: never better than a yes; the first screen says what to find out."""
    query = {"age": "42", "concerns": ["glabellar-lines"], "today": "2026-11-23"}
    query |= answered(["glabellar-lines"], unsure=("pregnant",))

    page = client.get("/decide/result", query).content.decode().replace("&#x27;", "'")

    glance = re.search(r'<ul class="glance-list">(.*?)</ul>', page, re.S)
    assert 'data-option="botulinum-toxin" data-status="not-suitable"' in page
    assert "It is not for you until you find out" in page
    assert glance
    assert "find out" in text(glance[1])
    assert "pregnant" in text(glance[1]).lower()


def test_the_result_links_to_the_pdf_with_the_same_answers(page: str) -> None:
    assert 'href="/decide/summary.pdf?age=42&amp;concerns=crows-feet' in page
    assert "Print summary" in page


@pytest.mark.parametrize("path", ["/decide", "/decide/result"])
def test_headings_go_down_one_level_at_a_time(client: Client, path: str) -> None:
    page = client.get(path, ALICE).content.decode()

    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", page)]
    assert levels[0] == 1
    assert all(after - before <= 1 for before, after in itertools.pairwise(levels))


@pytest.mark.django_db
def test_the_result_needs_no_database(
    client: Client, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    with django_assert_num_queries(0):
        response = client.get("/decide/result", ALICE)

    assert response.status_code == 200


# --- bad input ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        pytest.param({"age": "200"}, "age", "from 0 to 120", id="age_200"),
        pytest.param({"age": "forty"}, "age", "whole number", id="age_in_words"),
        pytest.param({"concerns": []}, "concerns", "Choose at least one concern", id="none"),
        pytest.param(
            {"concerns": ["crows-fet"]}, "concerns", "did you mean crows-feet", id="unknown"
        ),
        pytest.param(
            {"health": ["pregant"]}, "health", "unknown health factor", id="unknown_health"
        ),
        pytest.param({"t1-date": "2027-01-05"}, "t1-date", "after today", id="future_date"),
        pytest.param({"t1-date": "2026-02-30"}, "t1-date", "real date", id="impossible_date"),
        pytest.param({"t1-date": ""}, "t1-date", "Enter the date", id="no_date"),
        pytest.param(
            {"t1-product": "radiesse"}, "t1-product", "not botulinum-toxin", id="wrong_product"
        ),
        pytest.param({"pref-longevity": "7"}, "pref-longevity", "0, 1, 2 or 3", id="weight_7"),
    ],
)
def test_bad_input_is_400_with_the_error_next_to_its_field(
    client: Client, change: dict[str, Any], field: str, message: str
) -> None:
    response = client.get("/decide/result", {**ALICE, **change})

    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 422
    error = re.search(rf'<p class="field-error" id="error-{field}">(.*?)</p>', page, re.S)
    assert error, f"no error shown for {field}"
    assert message.lower() in error[1].lower()
    assert re.search(rf'aria-describedby="[^"]*\berror-{field}\b', page)
    assert "Please check your answers" in page


def test_a_bad_pdf_request_is_400_with_the_form(client: Client) -> None:
    response = client.get("/decide/summary.pdf", {**ALICE, "age": "200"})

    assert response.status_code == 422
    assert response["Content-Type"].startswith("text/html")


# --- the PDF --------------------------------------------------------------------------------


def test_the_pdf_is_a_consultation_summary_to_download(client: Client) -> None:
    response = client.get("/decide/summary.pdf", ALICE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="toxfill-consultation-summary.pdf"'
    )
    words = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    words = re.sub(r"\s+", " ", words)
    assert "Crow's feet" in words
    assert "Taking blood thinners" in words
    assert "NOT SUITABLE" in words
    assert "It does not replace their advice" in words
    assert "2026.11.23" in words


# --- IPDAS: qualifying criteria -------------------------------------------------------------


def test_ipdas_q1_describes_the_condition(page: str, kb: KnowledgeBase) -> None:
    q1 = text(section(page, "Q1"))

    for concern in ("crows-feet", "nasolabial-folds"):
        assert kb.concerns[concern].label in q1
        assert kb.concerns[concern].description in q1


def test_ipdas_q2_states_the_decision(page: str) -> None:
    q2 = text(section(page, "Q2"))

    assert "You are deciding whether to have" in q2
    assert "hyaluronic acid filler" in q2
    assert "or no treatment" in q2


def test_the_decision_says_so_when_no_treatment_fits_now(client: Client) -> None:
    response = client.get(
        "/decide/result",
        {
            "age": "10",
            "concerns": "glabellar-lines",
            **answered(["glabellar-lines"]),
            "today": "2026-11-23",
        },
    )

    q2 = text(section(response.content.decode(), "Q2"))
    assert "None of the treatments in toxfill's list fits your answers now" in q2
    assert "no treatment" in q2


def test_ipdas_q3_describes_every_option_including_no_treatment(
    page: str, kb: KnowledgeBase
) -> None:
    q3 = text(section(page, "Q3"))

    for option in kb.options.values():
        assert option.label.replace('"', "&quot;") in q3
        assert option.summary in q3
    assert "What to expect without treatment" in text(page)


def test_ipdas_q4_gives_the_benefits_of_each_option(page: str, kb: KnowledgeBase) -> None:
    benefits = blocks(page, "Q4")

    assert len(benefits) == len(kb.options)
    toxin = text(benefits[0])
    assert "What it can do for you" in toxin
    assert "How long the effect lasts" in toxin
    assert "3–4 months" in toxin


def test_ipdas_q5_gives_the_harms_of_each_option(page: str, kb: KnowledgeBase) -> None:
    harms = blocks(page, "Q5")

    assert len(harms) == len(kb.options)
    filler = text(harms[1])
    assert "Common side effects" in filler
    assert "Bruising" in filler
    assert "Serious risks (rare)" in filler
    assert "Filler blocking a blood vessel" in filler


def test_ipdas_q6_says_what_living_with_each_option_is_like(page: str, kb: KnowledgeBase) -> None:
    living = blocks(page, "Q6")

    assert len(living) == len(kb.options)
    toxin = text(living[0])
    assert "About 3–4 visits a year" in toxin
    assert "Time off afterwards (downtime)" in toxin
    assert "At least 90 days apart" in toxin


# --- IPDAS: certification criteria ---------------------------------------------------------


def test_ipdas_c1_shows_benefits_and_harms_in_equal_detail(page: str, kb: KnowledgeBase) -> None:
    c1 = section(page, "C1")

    def labels(html: str) -> list[str]:
        return re.findall(r"<dt>(.*?)</dt>", html)

    benefit_rows = [labels(b) for b in blocks(c1, "Q4")]
    harm_rows = [labels(h) for h in blocks(c1, "Q5")]
    assert len(benefit_rows) == len(harm_rows) == len(kb.options)
    assert all(rows == benefit_rows[0] for rows in benefit_rows)
    assert all(rows == harm_rows[0] for rows in harm_rows)
    assert len(benefit_rows[0]) == len(harm_rows[0])


def test_ipdas_c2_cites_the_evidence(page: str) -> None:
    c2 = section(page, "C2")

    numbers = set(re.findall(r'href="#source-(\d+)"', page))
    listed = set(re.findall(r'<li id="source-(\d+)"><a href="https?://', c2))
    assert numbers
    assert numbers <= listed


def test_ipdas_c3_gives_the_publication_date(page: str, kb: KnowledgeBase) -> None:
    c3 = text(section(page, "C3"))

    assert kb.meta.version in c3
    assert f"{kb.meta.published.day} {kb.meta.published:%B %Y}" in c3  # the site's one format


def test_ipdas_c4_gives_the_update_policy(page: str, kb: KnowledgeBase) -> None:
    assert kb.meta.update_policy in text(section(page, "C4"))


def test_ipdas_c5_says_how_certain_the_figures_are(page: str) -> None:
    c5 = text(section(page, "C5"))

    assert "Results differ from person to person" in c5
    assert "ranges or averages" in c5
    assert "national average fees from 2023" in c5
    assert "No reliable figure was found for" in c5
    assert "Fat grafting (your own fat as a filler): typical cost" in c5


def test_ipdas_c6_states_who_funds_it(page: str, kb: KnowledgeBase) -> None:
    assert kb.meta.funding in text(section(page, "C6"))


def test_every_treatment_option_has_a_status_on_the_page(page: str, kb: KnowledgeBase) -> None:
    cards = re.findall(r'<article class="card" id="option-([a-z-]+)"', page)

    assert cards == list(kb.options)
    treatments = [o for o in kb.options.values() if o.kind is not OptionKind.NONE]
    for option in treatments:
        card = page[page.index(f'id="option-{option.id}"') :]
        assert "Status for you: </span>" in card[:1000]


def test_each_option_for_a_concern_shows_its_harms_beside_its_benefits(page: str) -> None:
    """IPDAS C1; FIL-RISK-1, FIL-RISK-9 (vessel blockage, as low as 0.001%), TOX-BOX-1."""
    rows = text(page.split('id="per-concern-heading"')[1].split('id="unapproved-heading"')[0])

    assert "What it can do:" in rows
    assert "What can go wrong, and how rare it is:" in rows
    assert "Serious risk: Filler blocking a blood vessel" in rows
    assert "0.001%" in rows
    assert "Serious risk: Toxin spreading beyond the injection area" in rows


def test_the_frown_line_study_names_its_filler_part_off_label(client: Client) -> None:
    """SHR-COMB-1 treated frown lines; FIL-PROD-9, FIL-RISK-3: filler there is off-label and
    among the sites where blocked vessels are reported most often."""
    response = client.get(
        "/decide/result",
        {
            "age": "45",
            "concerns": ["glabellar-lines"],
            **answered(["glabellar-lines"]),
            "today": "2026-11-23",
        },
    )

    together = text(response.content.decode().split('id="combinations-heading"')[1])
    assert "off-label" in together
    assert "block a blood vessel" in together


def test_marionette_lines_show_as_covered_by_the_label_wording(client: Client) -> None:
    """FIL-PROD-5, FIL-PROD-9: no label names marionette lines."""
    response = client.get(
        "/decide/result",
        {
            "age": "45",
            "concerns": ["marionette-lines"],
            **answered(["marionette-lines"]),
            "today": "2026-11-23",
        },
    )

    page = text(response.content.decode())
    assert "facial wrinkles and folds" in page


def test_it_keys_the_cached_concern_list_by_known_concerns_never_by_what_was_sent(
    client: Client,
) -> None:
    # Given the concern list rendered once with nothing ticked
    fragments = caches["template_fragments"]
    fragments.clear()
    client.get("/decide", {"step": "1", "go": "next", "age": "42"})
    rendered = len(fragments._cache)  # type: ignore[attr-defined]

    # When a client sends a hundred different unknown concerns
    for n in range(100):
        client.get("/decide", {"step": "1", "go": "next", "age": "42", "concerns": f"junk-{n}"})

    # Then no new fragment was cached: each was the same list with nothing ticked
    assert len(fragments._cache) == rendered  # type: ignore[attr-defined]
