"""What every toxfill command shares: the Typer app, the consoles, the output formats, and the
rule that toxfill's own errors are one line on stderr and exit status 2."""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from enum import StrEnum
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer
from rich.console import Console
from rich.text import Text

from toxfill.errors import ToxfillError

if TYPE_CHECKING:
    from toxfill.knowledge import KnowledgeBase

app = typer.Typer(
    help="Compare, choose, plan and follow up botulinum toxin and dermal filler treatments. "
    "Every clinical statement cites its source.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
# No Rich markup or emoji codes in plain strings: what toxfill prints often holds what a person
# typed, a path or an ID, whose brackets Rich would read as markup and drop ("/tmp/[x]/in.json"
# shown as "/tmp//in.json") and whose ":a:" it would show as an emoji. Styled words are Text.
out = Console(highlight=False, markup=False, emoji=False)
err = Console(stderr=True, highlight=False, markup=False, emoji=False)

P = ParamSpec("P")
R = TypeVar("R")

INPUT_ERROR = 2


class CompareFormat(StrEnum):
    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"
    HTML = "html"


class DocumentFormat(StrEnum):
    """How a document (an option, a decision, a plan, a triage) is written out."""

    TABLE = "table"
    MARKDOWN = "markdown"
    JSON = "json"


class ListFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


class VocabKind(StrEnum):
    OPTIONS = "options"
    PRODUCTS = "products"
    CONCERNS = "concerns"
    HEALTH = "health"
    PREFERENCES = "preferences"
    SYMPTOMS = "symptoms"
    AREAS = "areas"
    ZONES = "zones"
    STATUSES = "statuses"
    URGENCIES = "urgencies"


def bundled_knowledge(language: str = "en") -> KnowledgeBase:
    """The knowledge base in `language`, imported when a command needs it: `--help` never
    loads it."""
    from toxfill.knowledge import bundled_knowledge as load

    return load(language)


def friendly(command: Callable[P, R]) -> Callable[P, R]:
    """Turn toxfill's own errors into one clear line on stderr and exit status 2."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return command(*args, **kwargs)
        except ToxfillError as exc:
            err.print(Text("error:", style="bold red"), str(exc), soft_wrap=True)
            raise typer.Exit(INPUT_ERROR) from None

    return wrapper


def _print_json(document: dict[str, Any]) -> None:
    sys.stdout.write(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
