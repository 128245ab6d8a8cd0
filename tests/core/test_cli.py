"""The command line, tested through the interface people use: exit codes and what they read."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from toxfill.cli import app

runner = CliRunner()


def run(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_compare_prints_a_table_with_sources() -> None:
    code, out, _ = run("compare", "botulinum-toxin", "ha-filler")

    assert code == 0
    assert "3–4 months" in out
    assert "Sources" in out
    assert "licensed provider" in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "json", "html"])
def test_compare_writes_every_format(fmt: str) -> None:
    code, out, _ = run("compare", "botulinum-toxin", "ha-filler", "--format", fmt)

    assert code == 0
    if fmt == "json":
        assert json.loads(out)["schema"] == "toxfill.comparison/1"
    if fmt == "html":
        assert out.startswith("<!doctype html>")
    if fmt == "markdown":
        assert out.startswith("# Botulinum toxin")


def test_compare_in_spanish_gives_the_same_answers_in_spanish_words() -> None:
    options = ("botulinum-toxin", "ha-filler", "pmma-filler")
    _, english, _ = run("compare", *options, "-f", "json")
    code, spanish, _ = run("compare", *options, "-f", "json", "--lang", "es")

    en, es = json.loads(english), json.loads(spanish)
    assert code == 0
    assert (en["language"], es["language"]) == ("en", "es")
    assert [(r["attribute"], r["same"], r["sources"]) for r in es["rows"]] == [
        (r["attribute"], r["same"], r["sources"]) for r in en["rows"]
    ]
    assert es["rows"][0]["label"] == "De qué está hecho"


@pytest.mark.parametrize(
    ("fmt", "spanish"),
    [
        ("table", "Fuentes"),
        ("markdown", "| Dato | Toxina botulínica"),
        ("html", '<html lang="es">'),
    ],
)
def test_compare_writes_every_format_in_spanish(fmt: str, spanish: str) -> None:
    code, out, _ = run("compare", "botulinum-toxin", "ha-filler", "-f", fmt, "--lang", "es")

    assert code == 0
    assert spanish in out
    assert "Same?" not in out


def test_compare_names_lang_for_a_language_it_does_not_speak() -> None:
    code, _, err = run("compare", "botulinum-toxin", "ha-filler", "--lang", "fr")

    assert code != 0
    assert "lang: 'fr' is not a language toxfill speaks" in err


def test_compare_takes_more_than_two_options() -> None:
    code, out, _ = run("compare", "ha-filler", "caha-filler", "plla-filler", "-f", "json")

    assert code == 0
    assert [o["option"] for o in json.loads(out)["options"]] == [
        "ha-filler",
        "caha-filler",
        "plla-filler",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(
            ["compare", "botulinum-toxin", "ha-filer"],
            "options: unknown option 'ha-filer'; did you mean ha-filler",
            id="misspelt_option",
        ),
        pytest.param(
            ["compare", "botox", "ha-filler"],
            "'botox' is a product, not an option; its option is 'botulinum-toxin'",
            id="product_for_option",
        ),
        pytest.param(["compare", "ha-filler"], "name at least two options", id="one_option"),
        pytest.param(["show", "filler"], "unknown option 'filler'", id="show_unknown"),
    ],
)
def test_bad_input_exits_2_with_one_clear_line(args: list[str], message: str) -> None:
    code, out, err = run(*args)

    assert code == 2
    assert message in " ".join(err.split())
    assert "Traceback" not in out + err


def test_an_unknown_format_exits_2_naming_the_choices() -> None:
    code, _, err = run("compare", "botulinum-toxin", "ha-filler", "--format", "pdf")

    assert code == 2
    assert "table" in err
    assert "markdown" in err


def test_vocab_lists_every_kind_with_labels() -> None:
    code, out, _ = run("vocab", "--format", "json")

    document = json.loads(out)
    assert code == 0
    assert set(document) == {
        "schema",
        "options",
        "products",
        "concerns",
        "health",
        "preferences",
        "symptoms",
        "areas",
        "zones",
        "statuses",
        "urgencies",
    }
    assert {"id": "self-care", "label": "Self-care"}.items() <= document["urgencies"][0].items()


def test_vocab_lists_one_kind() -> None:
    code, out, _ = run("vocab", "concerns")

    assert code == 0
    assert "glabellar-lines" in out
    assert "chronic-migraine" in out
    assert "bruising" not in out


def test_vocab_rejects_an_unknown_kind() -> None:
    code, _, err = run("vocab", "colours")

    assert code == 2
    assert "concerns" in err


def test_show_prints_an_option_with_its_uses_and_cautions() -> None:
    code, out, _ = run("show", "botulinum-toxin")

    assert code == 0
    assert "Uses" in out
    assert "Contraindications and warnings" in out


def test_show_writes_json_and_markdown() -> None:
    code, out, _ = run("show", "ha-filler", "--format", "json")
    assert code == 0
    assert json.loads(out)["schema"] == "toxfill.option/1"

    code, out, _ = run("show", "ha-filler", "--format", "markdown")
    assert code == 0
    assert out.startswith("# ")


def test_sources_lists_every_source() -> None:
    code, out, _ = run("sources", "--format", "json")

    assert code == 0
    ids = [s["id"] for s in json.loads(out)["sources"]]
    assert "S-FDA-VO2015" in ids
    assert len(ids) == len(set(ids))


def test_core_commands_do_not_import_django() -> None:
    probe = (
        "import sys; from typer.testing import CliRunner; from toxfill.cli import app; "
        "r = CliRunner().invoke(app, ['compare', 'botulinum-toxin', 'ha-filler']); "
        "assert r.exit_code == 0, r.output; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('django', 'ninja')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
