"""`toxfill decide`: from a file, standard input or a questionnaire; bad input exits 2."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.render.consultation_words import SPANISH as SPANISH_WORDS
from toxfill.render.consultation_words import say
from toxfill.render.markdown import STATUS_WORDS

runner = CliRunner()
INTAKE = {
    "age": 42,
    "concerns": ["crows-feet", "nasolabial-folds"],
    "health": ["anticoagulant-or-antiplatelet"],
    "preferences": {"longevity": 2, "reversibility": 3},
    "recent_treatments": [{"option": "botulinum-toxin", "date": "2026-10-01"}],
    "today": "2026-11-23",
}


@pytest.fixture
def intake_file(tmp_path: Path) -> Path:
    path = tmp_path / "intake.json"
    path.write_text(json.dumps(INTAKE), encoding="utf-8")
    return path


def test_it_reads_a_file_and_writes_the_json_contract(intake_file: Path) -> None:
    result = runner.invoke(app, ["decide", str(intake_file), "--format", "json"])

    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert document["schema"] == "toxfill.decision/1"
    toxin = next(o for o in document["options"] if o["option"] == "botulinum-toxin")
    assert toxin["status"] == "not-suitable"
    assert toxin["available_from"] == "2026-12-30"


def test_it_reads_standard_input() -> None:
    result = runner.invoke(app, ["decide", "-", "-f", "json"], input=json.dumps(INTAKE))

    assert result.exit_code == 0
    assert json.loads(result.stdout)["intake"]["age"] == 42


def test_it_uses_todays_date_when_none_is_given() -> None:
    intake = {k: v for k, v in INTAKE.items() if k not in {"today", "recent_treatments"}}

    result = runner.invoke(app, ["decide", "-", "-f", "json"], input=json.dumps(intake))

    assert result.exit_code == 0
    assert json.loads(result.stdout)["intake"]["today"]


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_it_writes_readable_summaries(intake_file: Path, fmt: str) -> None:
    result = runner.invoke(app, ["decide", str(intake_file), "--format", fmt])

    assert result.exit_code == 0
    assert "Questions to ask your provider" in result.stdout
    assert "licensed provider" in result.stdout


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_summaries_show_serious_risks_beside_benefits_with_how_rare(
    intake_file: Path, fmt: str
) -> None:
    """IPDAS C1: harms in the same detail as benefits; FIL-RISK-9, TOX-BOX-1."""
    result = runner.invoke(app, ["decide", str(intake_file), "--format", fmt])

    text = " ".join(result.stdout.split())
    assert "What it can do:" in text
    assert "What can go wrong, and how rare it is:" in text
    assert "Serious risk:" in text
    assert "How rare:" in text


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param({"concerns": ["crow-feet"]}, "did you mean crows-feet", id="unknown_concern"),
        pytest.param({"age": 130}, "age: must be a whole number from 0 to 120", id="age"),
        pytest.param({"today": "2026-11-31"}, "today: must be a real date", id="bad_date"),
        pytest.param(
            {"preferences": {"longevity": 4}},
            "preferences.longevity: must be 0, 1, 2 or 3",
            id="pref",
        ),
        pytest.param({"health": ["diabetic"]}, "health[0]: unknown health factor", id="health"),
    ],
)
def test_bad_input_exits_2_naming_the_field(change: dict[str, object], message: str) -> None:
    result = runner.invoke(app, ["decide", "-"], input=json.dumps({**INTAKE, **change}))

    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_a_file_that_is_not_json_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "intake.json"
    path.write_text("{age: 40", encoding="utf-8")

    result = runner.invoke(app, ["decide", str(path)])

    assert result.exit_code == 2
    assert "is not valid JSON (line 1" in result.stderr


def test_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["decide", str(tmp_path / "nowhere.json")])

    assert result.exit_code == 2
    assert "cannot read" in result.stderr


def test_it_needs_a_file_or_the_questionnaire() -> None:
    result = runner.invoke(app, ["decide"])

    assert result.exit_code == 2
    assert "--interactive" in result.stderr


def test_the_questionnaire_asks_and_decides() -> None:
    # age; concerns 1 (frown lines) and 5 (smile lines); health: none, none unsure; six
    # preferences (reversibility 3); no earlier treatment.
    answers = "\n".join(["45", "1,5", "", "", "0", "0", "3", "0", "0", "0", ""]) + "\n"

    result = runner.invoke(app, ["decide", "--interactive", "-f", "json"], input=answers)

    document = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert document["intake"]["concerns"] == ["glabellar-lines", "nasolabial-folds"]
    assert document["intake"]["preferences"] == {"reversibility": 3}


def test_the_questionnaire_takes_not_sure_as_the_web_form_does() -> None:
    # Fact TOX-PREG-3 (no cosmetic botulinum toxin while pregnant: S-AFP-PT, S-MAYO) and the
    # decision aid's rule 4b: not sure about what would rule an option out is never better
    # than a yes. A person unsure whether they are pregnant can say so, and is not read as a
    # "no". Answers: age 30; concern 1 (frown lines); no health factor; not sure about 1
    # (pregnant); no preferences; no earlier treatment.
    def asked(unsure: str) -> dict[str, Any]:
        answers = "\n".join(["30", "1", "", unsure, "", "", "", "", "", "", ""]) + "\n"
        result = runner.invoke(app, ["decide", "-i", "-f", "json"], input=answers)
        assert result.exit_code == 0, result.output
        document: dict[str, Any] = json.loads(result.stdout)
        return document

    unsure, sure = asked("1"), asked("")

    assert unsure["intake"]["health"] == []
    assert unsure["intake"]["health_unsure"] == ["pregnant"]
    assert sure["intake"]["health_unsure"] == []
    toxin = {o["option"]: o["status"] for o in unsure["options"]}["botulinum-toxin"]
    assert toxin in {"caution", "not-suitable"}
    assert {o["option"]: o["status"] for o in sure["options"]}["botulinum-toxin"] != toxin


def test_a_yes_is_not_also_not_sure() -> None:
    answers = "\n".join(["30", "1", "2", "2,1", "1", "", "", "", "", "", "", ""]) + "\n"
    result = runner.invoke(app, ["decide", "-i", "-f", "json"], input=answers)

    assert result.exit_code == 0, result.output
    assert "You said yes to 2 already." in result.stderr
    intake = json.loads(result.stdout)["intake"]
    assert intake["health"] == ["breastfeeding"]
    assert intake["health_unsure"] == ["pregnant"]


def test_the_questionnaire_asks_again_after_a_bad_answer() -> None:
    answers = "\n".join(["old", "45", "99", "1", "", "", "", "", "", "", "", "", ""]) + "\n"

    result = runner.invoke(app, ["decide", "-i", "-f", "json"], input=answers)

    assert result.exit_code == 0, result.output
    assert "whole number from 0 to 120" in result.stderr
    assert "numbers from 1 to" in result.stderr
    assert json.loads(result.stdout)["intake"]["age"] == 45


def test_it_decides_in_spanish_with_the_same_statuses(intake_file: Path) -> None:
    english = runner.invoke(app, ["decide", str(intake_file), "-f", "json"])
    spanish = runner.invoke(app, ["decide", str(intake_file), "-f", "json", "--lang", "es"])

    assert spanish.exit_code == 0, spanish.output
    en, es = json.loads(english.stdout), json.loads(spanish.stdout)
    assert (en["language"], es["language"]) == ("en", "es")
    assert [(o["option"], o["status"]) for o in es["options"]] == [
        (o["option"], o["status"]) for o in en["options"]
    ]
    assert es["per_concern"] == en["per_concern"]
    assert es["questions"][0]["text"].startswith("¿Es usted un proveedor de salud")


def english_left(text: str) -> list[str]:
    """The summary's own English phrases (consultation_words.py) still in `text`: each
    phrase's words between its {placeholders}, when long enough not to be a name."""
    fragments = {
        part.strip(" .:,#*()")
        for english in SPANISH_WORDS
        for part in re.split(r"\{\w+\}", english)
    }
    return sorted(f for f in fragments if len(f) >= 8 and f in text)


@pytest.mark.parametrize(
    ("fmt", "headings"),
    [
        ("table", ["Sus opciones de tratamiento", "Opción", "Estado", "Por qué"]),
        ("markdown", ["# Sus opciones de tratamiento", "## Sus respuestas", "## Por qué"]),
    ],
)
def test_it_writes_the_summaries_in_spanish_with_the_same_statuses(
    intake_file: Path, fmt: str, headings: list[str]
) -> None:
    english = json.loads(runner.invoke(app, ["decide", str(intake_file), "-f", "json"]).stdout)

    result = runner.invoke(app, ["decide", str(intake_file), "-f", fmt, "--lang", "es"])

    assert result.exit_code == 0, result.output
    text = " ".join(result.stdout.split())
    for heading in headings:
        assert heading in text
    assert "Preguntas para su proveedor de salud" in text
    assert "proveedor de salud con licencia" in text
    mine = text[: text.rindex("Fuentes")]  # the sources are named as they were published
    assert english_left(mine) == []
    # every option with its English status, in Spanish words
    spanish = json.loads(
        runner.invoke(app, ["decide", str(intake_file), "-f", "json", "--lang", "es"]).stdout
    )
    for theirs, ours in zip(english["options"], spanish["options"], strict=True):
        assert theirs["status"] == ours["status"]
        status = say("es", STATUS_WORDS[ours["status"]])
        if fmt == "markdown":
            assert f"### {ours['label']}: {status}" in text
        else:
            assert status in text


def test_in_spanish_the_questionnaire_asks_in_spanish_and_decides_the_same() -> None:
    # age; concerns 2 (forehead lines) and 8 (lips); health 1 (pregnant), none unsure;
    # reversibility 3.
    answers = "\n".join(["38", "2,8", "1", "", "", "", "3", "", "", "", ""]) + "\n"
    english = runner.invoke(app, ["decide", "-i", "-f", "json"], input=answers)

    spanish = runner.invoke(app, ["decide", "-i", "-f", "json", "--lang", "es"], input=answers)

    assert spanish.exit_code == 0, spanish.output
    en, es = json.loads(english.stdout), json.loads(spanish.stdout)
    assert es["language"] == "es"
    assert es["intake"] == en["intake"]
    assert [(o["option"], o["status"]) for o in es["options"]] == [
        (o["option"], o["status"]) for o in en["options"]
    ]
    assert "¿Cuántos años tiene?" in spanish.stderr
    assert "How old" not in spanish.stderr


def test_in_spanish_the_questionnaire_ending_early_says_so_in_spanish() -> None:
    result = runner.invoke(app, ["decide", "-i", "--lang", "es"], input="45\n")

    assert result.exit_code == 2
    assert "las preguntas terminaron antes de que contestara todas" in result.stderr


def test_an_unknown_language_is_refused_naming_lang(intake_file: Path) -> None:
    result = runner.invoke(app, ["decide", str(intake_file), "-f", "json", "--lang", "fr"])

    assert result.exit_code == 2
    assert "lang" in result.output
    assert "es (Español)" in result.output
