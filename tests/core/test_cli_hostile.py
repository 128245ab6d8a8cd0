"""Hostile input to every command: exit status 0 or 2 with one line naming the field, never a
traceback and never 70 (the status of a bug)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from tests.dates import next_december_first
from typer.testing import CliRunner

from toxfill.cli import app

runner = CliRunner()
HOSTILE = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

hostile_json_values = st.sampled_from(
    [
        "null",
        "true",
        '"1"',
        "1e999",
        "-1e999",
        "NaN",
        "Infinity",
        "9" * 40,
        "9" * 5000,
        '"9999-12-31"',
        '"0001-01-01"',
        '"2026-11-23T10:00:00"',
        '"\\u0000"',
        '"ha-filler\\u0000"',
        '"' + "x" * 3000 + '"',
        "[" + ",".join(['"x"'] * 200) + "]",
        "[[[[[[[[[[]]]]]]]]]]",
        "{}",
        "-1",
        "1.5",
    ]
)
DOCUMENTS = {
    "decide": {
        "age": 42,
        "concerns": ["crows-feet"],
        "recent_treatments": [{"option": "botulinum-toxin", "date": "2026-06-01"}],
        "today": "2026-11-23",
    },
    "plan": {  # the command line plans from the real date: a start within 5 years of it
        "start": next_december_first().isoformat(),
        "horizon_months": 24,
        "treatments": [{"option": "ha-filler", "concern": "nasolabial-folds"}],
    },
    "triage": {"treatment": "ha-filler", "days_since": 1, "symptoms": ["bruising"]},
}


def assert_clear(result: object, fields: set[str]) -> None:
    """Exit 0, or exit 2 with `error: <field>: ...` on one line naming a known field."""
    exit_code = result.exit_code  # type: ignore[attr-defined]
    assert result.exception is None or isinstance(result.exception, SystemExit), (  # type: ignore[attr-defined]
        f"a traceback: {result.exception!r}"  # type: ignore[attr-defined]
    )
    assert exit_code in {0, 2}, result.output  # type: ignore[attr-defined]
    if exit_code == 2:
        stderr = result.stderr  # type: ignore[attr-defined]
        assert "Traceback" not in stderr
        if stderr.startswith("error: "):
            field = stderr.removeprefix("error: ").split(":")[0]
            top = field.replace("[", ".").split(".")[0]
            assert top in fields, stderr


@HOSTILE
@given(
    command=st.sampled_from(sorted(DOCUMENTS)),
    field=st.sampled_from(["age", "concerns", "today", "start", "treatments", "symptoms", "x"]),
    value=hostile_json_values,
)
def test_a_document_with_a_hostile_value_is_answered_or_refused_by_field(
    command: str, field: str, value: str
) -> None:
    document = json.dumps(DOCUMENTS[command])
    text = document[:-1] + f', "{field}": {value}}}'
    if f'"{field}"' in document:
        text = json.dumps({k: v for k, v in DOCUMENTS[command].items() if k != field})
        text = text[:-1] + f', "{field}": {value}}}'

    result = runner.invoke(app, [command, "-", "--format", "json"], input=text)

    assert_clear(result, {*DOCUMENTS[command], field, "file", "age", "today"})


@pytest.mark.parametrize("command", sorted(DOCUMENTS))
@pytest.mark.parametrize(
    ("text", "problem"),
    [
        pytest.param('{"age": 1, "age": 2}', "repeats the key 'age'", id="repeated_key"),
        pytest.param("[" * 5000 + "]" * 5000, "nested more than", id="deep_nesting"),
        pytest.param('{"age": ' + "9" * 5000 + "}", "5000 digits", id="huge_integer"),
        pytest.param(b'{"age": "\xff"}', "not UTF-8", id="not_utf8"),
        pytest.param(b'{"age": 1}\x00', "not valid JSON", id="nul_byte"),
        pytest.param(" " * 70_000 + "{}", "larger than 64 KB", id="too_large"),
        pytest.param('{"today": "2026-11-23T10:00:00"}', "", id="datetime"),
    ],
)
def test_a_broken_document_exits_2_naming_the_file(
    command: str, text: str | bytes, problem: str
) -> None:
    result = runner.invoke(app, [command, "-"], input=text)

    assert result.exit_code == 2
    assert problem in result.stderr
    assert "Traceback" not in result.stderr


@HOSTILE
@given(
    options=st.lists(
        st.one_of(st.text(max_size=70), st.integers(65, 3000).map(lambda n: "x" * n)),
        min_size=1,
        max_size=10,
    )
)
def test_compare_of_hostile_ids_exits_0_or_2(options: list[str]) -> None:
    result = runner.invoke(app, ["compare", "--", *options])

    assert_clear(result, {"options"})


@HOSTILE
@given(value=st.one_of(st.text(max_size=70), st.integers(65, 3000).map(lambda n: "x" * n)))
def test_the_lookup_commands_of_a_hostile_id_exit_0_or_2(value: str) -> None:
    for command in (["show", "--", value], ["aftercare", "--", value], ["doses", "--", value]):
        assert_clear(runner.invoke(app, command), {"option", "product"})


@HOSTILE
@given(
    units=st.sampled_from(["100", "0", "-1", "1e3", "nan", "inf", "9" * 5000, "true", "100.0"]),
    diluent=st.sampled_from(["2.5", "0", "-1", "nan", "inf", "-inf", "1e999", "1" * 400, "x"]),
    product=st.sampled_from(["botox", "Botox", "x" * 3000, "\t", "dysport"]),
)
def test_reconstitute_of_hostile_numbers_exits_0_or_2(
    units: str, diluent: str, product: str
) -> None:
    args = ["reconstitute", "--product", product, "--units", units, "--diluent-ml", diluent]

    assert_clear(runner.invoke(app, args), {"product", "units", "diluent_ml"})


def test_a_file_that_does_not_exist_exits_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["plan", str(tmp_path / "missing.json")])

    assert result.exit_code == 2
    assert "cannot read" in result.stderr


@HOSTILE
@given(
    typed=st.text(alphabet=st.sampled_from("[]/ab-=#:"), min_size=1, max_size=30).map(
        lambda text: f"[{text}]"
    )
)
def test_an_error_line_shows_what_was_typed_brackets_and_all(typed: str) -> None:
    # Rich reads "[red]" or "[/]" as markup and drops it, and ":a:" as an emoji: an error naming
    # "[red]x[/]" as "x", or the path "/tmp/[x]/in.json" as "/tmp//in.json", points at
    # something never typed.
    for args, shown in (
        (["show", "--", typed], f"'{typed}'"),
        (["decide", f"/nowhere/{typed}/in.json"], f"/nowhere/{typed}/in.json"),
    ):
        result = runner.invoke(app, args)
        assert result.exit_code == 2, result.output
        assert shown in result.stderr.replace("\n", ""), (args, result.stderr)
