"""`toxfill plan` and `toxfill reconstitute` through the command line."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from tests.calendars import raw_properties, read_calendar
from tests.dates import next_december_first
from typer.testing import CliRunner

from toxfill.cli import app

runner = CliRunner()
# The command line plans from the real date: a start within 5 years of it, whatever the year.
START = next_december_first()
REQUEST = {
    "start": START.isoformat(),
    "horizon_months": 24,
    "treatments": [
        {"option": "botulinum-toxin", "concern": "glabellar-lines"},
        {"option": "ha-filler", "concern": "nasolabial-folds"},
    ],
}


def test_plan_writes_the_json_contract_and_both_exports(tmp_path: Path) -> None:
    ics, svg = tmp_path / "plan.ics", tmp_path / "plan.svg"

    result = runner.invoke(
        app,
        ["plan", "-", "-f", "json", "--ics", str(ics), "--svg", str(svg)],
        input=json.dumps(REQUEST),
    )

    document = json.loads(result.stdout)
    assert result.exit_code == 0, result.output
    assert document["schema"] == "toxfill.plan/1"
    assert document["visits"][0] == {
        "date": START.isoformat(),
        "purpose": "initial",
        "treatments": [
            {
                "option": "botulinum-toxin",
                "concern": "glabellar-lines",
                "product": None,
                "purpose": "initial",
                "off_label": False,
            },
            {
                "option": "ha-filler",
                "concern": "nasolabial-folds",
                "product": None,
                "purpose": "initial",
                "off_label": False,
            },
        ],
    }
    assert set(document["per_year"]) == {"visits", "cost_usd"}
    assert len(read_calendar(ics.read_bytes()).events) == len(document["visits"])
    assert svg.read_text(encoding="utf-8").startswith("<svg")


def test_plan_in_spanish_has_the_same_visits_and_spanish_words_everywhere(tmp_path: Path) -> None:
    ics = tmp_path / "plan.ics"
    english = runner.invoke(app, ["plan", "-", "-f", "json"], input=json.dumps(REQUEST))
    spanish = runner.invoke(
        app,
        ["plan", "-", "-f", "json", "--lang", "es", "--ics", str(ics)],
        input=json.dumps(REQUEST),
    )

    en, es = json.loads(english.stdout), json.loads(spanish.stdout)
    assert spanish.exit_code == 0, spanish.output
    assert (en["language"], es["language"]) == ("en", "es")
    assert es["visits"] == en["visits"]
    assert es["per_year"] == en["per_year"]
    assert raw_properties(ics.read_bytes(), "X-WR-CALNAME") == ["Plan de cuidado de toxfill"]


@pytest.mark.parametrize(
    ("fmt", "spanish"),
    [("table", "Tratamientos"), ("markdown", "| Fecha | Visita | Tratamientos |")],
)
def test_plan_writes_readable_schedules_in_spanish(fmt: str, spanish: str) -> None:
    result = runner.invoke(app, ["plan", "-", "-f", fmt, "--lang", "es"], input=json.dumps(REQUEST))

    assert result.exit_code == 0
    assert spanish in result.stdout
    assert "proveedor de salud con licencia" in result.stdout
    assert "Visits" not in result.stdout


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_plan_writes_readable_schedules(fmt: str) -> None:
    result = runner.invoke(app, ["plan", "-", "-f", fmt], input=json.dumps(REQUEST))

    assert result.exit_code == 0
    assert (START + dt.timedelta(days=91)).isoformat() in result.stdout  # the second toxin visit
    assert "licensed provider" in result.stdout


@pytest.mark.parametrize(
    ("change", "message"),
    [
        pytest.param(
            {"horizon_months": 0}, "horizon_months: must be a whole number of months", id="zero"
        ),
        pytest.param({"horizon_months": 200}, "from 1 to 120 (10 years)", id="over_ten_years"),
        pytest.param({"start": "soon"}, "start: must be a real date", id="start"),
        pytest.param(
            {"treatments": [{"option": "ha-filer", "concern": "lip-volume"}]},
            "did you mean ha-filler",
            id="unknown_option",
        ),
    ],
)
def test_plan_bad_input_exits_2(change: dict[str, object], message: str) -> None:
    result = runner.invoke(app, ["plan", "-"], input=json.dumps({**REQUEST, **change}))

    assert result.exit_code == 2
    assert message in " ".join(result.stderr.split())
    assert "Traceback" not in result.output


def test_plan_cannot_write_an_export_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(
        app,
        ["plan", "-", "--ics", str(tmp_path / "missing" / "plan.ics")],
        input=json.dumps(REQUEST),
    )

    assert result.exit_code == 2
    assert "cannot write" in result.stderr


def test_reconstitute_rejects_a_product_that_is_not_a_toxin() -> None:
    result = runner.invoke(
        app, ["reconstitute", "--product", "radiesse", "--units", "100", "--diluent-ml", "2"]
    )

    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_doses_lists_label_doses_for_providers_with_the_units_warning() -> None:
    """TOX-DOSE-1 (Botox glabellar 20 U), TOX-UNIT-1."""
    result = runner.invoke(app, ["doses", "botox", "-f", "json"])

    document = json.loads(result.stdout)
    assert result.exit_code == 0
    assert "not a dose for a person" in document["audience"]
    assert "converted" in document["warnings"][0]["text"]
    glabellar = next(d for d in document["doses"] if d["concern"] == "glabellar-lines")
    assert (glabellar["units_low"], glabellar["injection_sites"]) == (20, 5)


def test_doses_for_an_unknown_product_exits_2() -> None:
    result = runner.invoke(app, ["doses", "botx"])

    assert result.exit_code == 2
    assert "did you mean botox" in result.stderr


def test_show_warns_that_toxin_units_are_not_interchangeable() -> None:
    """TOX-UNIT-1: units are product-specific."""
    result = runner.invoke(app, ["show", "botulinum-toxin", "-f", "json"])

    assert json.loads(result.stdout)["warnings"]


def test_a_medical_concern_exits_2_naming_the_field_and_the_specialist() -> None:
    """TOX-IND-9: chronic migraine is a neurologist's to treat and schedule."""
    request = {
        **REQUEST,
        "treatments": [{"option": "botulinum-toxin", "concern": "chronic-migraine"}],
    }

    result = runner.invoke(app, ["plan", "-"], input=json.dumps(request))

    assert result.exit_code == 2
    assert "treatments[0].concern" in result.output
    assert "headache specialist" in result.output


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_an_off_label_use_is_marked_in_readable_plans(fmt: str) -> None:
    """FIL-PROD-7: no PLLA label names the cheeks."""
    request = {**REQUEST, "treatments": [{"option": "plla-filler", "concern": "cheek-volume"}]}

    result = runner.invoke(app, ["plan", "-", "--format", fmt], input=json.dumps(request))

    assert result.exit_code == 0, result.output
    assert "off-label" in result.stdout
    assert "Off-label:" in " ".join(result.stdout.split())


def test_plan_prints_a_calendar_id_that_updates_the_same_events(tmp_path: Path) -> None:
    first, second = tmp_path / "first.ics", tmp_path / "second.ics"
    made = runner.invoke(app, ["plan", "-", "--ics", str(first)], input=json.dumps(REQUEST))
    assert made.exit_code == 0, made.output
    calendar_id = made.stderr.split("Calendar ID ")[1].split(":")[0]
    assert f"--calendar-id {calendar_id} --revision 1\n" in made.stderr

    again = runner.invoke(
        app,
        ["plan", "-", "--ics", str(second), "--calendar-id", calendar_id, "--revision", "1"],
        input=json.dumps(REQUEST),
    )
    assert again.exit_code == 0, again.output
    before = read_calendar(first.read_bytes()).events
    after = read_calendar(second.read_bytes()).events
    assert [e.uid for e in after] == [e.uid for e in before]
    assert {e.sequence for e in after} == {1}


def test_plan_refuses_a_calendar_id_without_a_calendar_file() -> None:
    result = runner.invoke(
        app,
        ["plan", "-", "--calendar-id", "0b7e4c1e-5d8a-4a51-9a37-4f1b6d1f0c11"],
        input=json.dumps(REQUEST),
    )
    assert result.exit_code == 2
    assert "--calendar-id" in result.stderr
