"""`toxfill triage`: from a file, standard input or a few questions; bad input exits 2."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from toxfill.cli import app
from toxfill.knowledge import bundled_knowledge

runner = CliRunner()


def test_an_emergency_puts_the_action_first() -> None:
    report = {"treatment": "ha-filler", "days_since": 1, "symptoms": ["vision-change"]}

    result = runner.invoke(app, ["triage", "-"], input=json.dumps(report))

    assert result.exit_code == 0
    assert result.stdout.lstrip().startswith("EMERGENCY")
    assert "Call emergency services" in result.stdout.splitlines()[0]


def test_it_writes_the_json_contract() -> None:
    report = {"treatment": "botulinum-toxin", "days_since": 3, "symptoms": ["bruising"]}

    result = runner.invoke(app, ["triage", "-", "-f", "json"], input=json.dumps(report))

    document = json.loads(result.stdout)
    assert document["schema"] == "toxfill.triage/1"
    assert document["urgency"] == "self-care"
    assert document["advice"]


def test_markdown_heads_with_the_urgency() -> None:
    report = {
        "treatment": "botulinum-toxin",
        "zone": "upper-face",
        "days_since": 3,
        "symptoms": ["eyelid-droop"],
    }

    result = runner.invoke(app, ["triage", "-", "-f", "markdown"], input=json.dumps(report))

    assert result.stdout.startswith("# ROUTINE:")


@pytest.mark.parametrize(
    ("report", "message"),
    [
        pytest.param(
            {"treatment": "ha-filler", "days_since": -2, "symptoms": ["bruising"]},
            "days_since: must be a whole number of days from 0 to 3650",
            id="negative_days",
        ),
        pytest.param(
            {"treatment": "ha-filler", "days_since": 2, "symptoms": ["bruised"]},
            "unknown symptom 'bruised'; did you mean bruising",
            id="unknown_symptom",
        ),
        pytest.param(
            {"treatment": "filler", "days_since": 2, "symptoms": ["bruising"]},
            "treatment: unknown option 'filler'",
            id="unknown_treatment",
        ),
    ],
)
def test_bad_input_exits_2_and_never_guesses(report: dict[str, object], message: str) -> None:
    result = runner.invoke(app, ["triage", "-"], input=json.dumps(report))

    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert result.stdout == ""


def test_the_questions_lead_to_a_result() -> None:
    # treatments 1 and 2 (toxin and hyaluronic acid filler), area not sure, 2 days ago,
    # symptom 1 (bruising), age and pregnancy skipped
    answers = "1,2\n\n2\n1\n\n\n"

    result = runner.invoke(app, ["triage", "--interactive", "-f", "json"], input=answers)

    document = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert document["report"]["treatment"] == "botulinum-toxin"
    assert document["report"]["other_treatments"] == ["ha-filler"]
    assert "call emergency services now" in result.stderr.lower()
    assert "age" not in document["report"] or document["report"]["age"] is None


def test_the_questions_ask_age_and_pregnancy_and_a_child_gets_the_higher_risk_of_spread() -> None:
    """TOX-BOX-1: the risk of spread is probably greatest in children treated for spasticity."""
    # toxin, arms and legs, 9 days ago, drooping eyelid, age 7, not pregnant
    symptoms = list(bundled_knowledge().symptoms)
    areas = list(bundled_knowledge().areas)  # toxin is given in every area
    answers = (
        f"1\n{areas.index('arms-and-legs') + 1}\n9\n{symptoms.index('eyelid-droop') + 1}\n7\nn\n"
    )

    result = runner.invoke(app, ["triage", "--interactive", "-f", "json"], input=answers)

    document = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert document["report"]["age"] == 7
    assert document["report"]["pregnant"] is False
    assert document["urgency"] == "emergency"


def test_the_questions_in_spanish_lead_to_the_same_emergency() -> None:
    # toxin, arms and legs, 9 days ago, drooping eyelid, age 7, not pregnant ("no")
    symptoms = list(bundled_knowledge().symptoms)
    areas = list(bundled_knowledge().areas)
    answers = (
        f"1\n{areas.index('arms-and-legs') + 1}\n9\n{symptoms.index('eyelid-droop') + 1}\n7\nno\n"
    )
    english = runner.invoke(app, ["triage", "-i", "-f", "json"], input=answers)

    spanish = runner.invoke(app, ["triage", "-i", "-f", "json", "--lang", "es"], input=answers)
    table = runner.invoke(app, ["triage", "-i", "--lang", "es"], input=answers)

    assert spanish.exit_code == table.exit_code == 0, spanish.output + table.output
    ours, theirs = json.loads(spanish.stdout), json.loads(english.stdout)
    assert ours["language"] == "es"
    assert ours["report"] == theirs["report"]
    assert ours["urgency"] == theirs["urgency"] == "emergency"
    asked = " ".join(spanish.stderr.split())  # the terminal wraps long lines
    assert "llame ahora a los servicios de emergencia" in asked
    assert "¿En qué parte del cuerpo se lo inyectaron?" in asked
    assert "Where on your body" not in asked
    assert table.stdout.startswith(" EMERGENCIA ")


def test_aftercare_stands_on_its_own() -> None:
    """SHR-AFTER-2: avoid hard exercise, alcohol, sun and heat for 24 hours after filler."""
    result = runner.invoke(app, ["aftercare", "ha-filler", "-f", "json"])

    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert any("24 hours" in note["text"] for note in document["avoid"])
    assert document["get_help"][0].startswith("Call emergency services now")


@pytest.mark.parametrize("treatments", [["ha-filler"], ["botulinum-toxin", "ha-filler"]])
def test_aftercare_speaks_spanish_with_the_same_notes_and_help(treatments: list[str]) -> None:
    """The sheet in Spanish: the same notes, sources and urgencies; only the words change."""
    english = runner.invoke(app, ["aftercare", *treatments, "-f", "json"])
    spanish = runner.invoke(app, ["aftercare", *treatments, "-f", "json", "--lang", "es"])
    table = runner.invoke(app, ["aftercare", *treatments, "--lang", "es"])

    assert spanish.exit_code == table.exit_code == 0, spanish.output + table.output
    ours, theirs = json.loads(spanish.stdout), json.loads(english.stdout)
    assert ours["language"] == "es"
    for part in ("steps", "normal", "avoid", "watch_for", "before_next"):
        assert [n["sources"] for n in ours.get(part, [])] == [
            n["sources"] for n in theirs.get(part, [])
        ]
    assert [g["urgency"] for g in ours["help"]] == [g["urgency"] for g in theirs["help"]]
    assert ours["get_help"][0].startswith("Llame ahora a los servicios de emergencia")
    assert table.stdout.startswith("Cuidados después del tratamiento: ")
    for heading in ("Cuándo pedir ayuda", "si tiene alguna de estas señales:", "Fuentes"):
        assert heading in table.stdout
    for english_word in ("Aftercare", "What is normal", "When to get help", "if you get any"):
        assert english_word not in table.stdout


def test_aftercare_in_a_language_toxfill_does_not_speak_exits_2_naming_lang() -> None:
    result = runner.invoke(app, ["aftercare", "ha-filler", "--lang", "fr"])

    assert result.exit_code == 2
    assert "lang" in result.output
    assert "es (Español)" in result.output


def test_aftercare_for_no_treatment_exits_2() -> None:
    result = runner.invoke(app, ["aftercare", "no-treatment"])

    assert result.exit_code == 2
