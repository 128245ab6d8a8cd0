"""Reads the security checklists in docs/security/ and finds what each item's evidence names.

An item's evidence is a list of references:

- a pytest node, ``tests/path/test_x.py::test_name`` or ``...::Class::test_name`` (a
  ``[parameters]`` suffix is allowed): the file must exist and hold that test function,
  found by parsing the file (no collection, no import);
- a bench drill, ``{bench: bench/x.py, results: "heading"}``: the script must exist and
  ``bench/RESULTS.md`` must have that heading;
- a document, ``{doc: README.md, heading: "heading"}``: the file must have that heading.

The checker returns every problem it finds as a sentence, so one typo names itself.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
CHECKLISTS = ROOT / "docs" / "security"
STATUSES = ("evidence", "not-applicable", "gap")
HEADING = re.compile(r"^#{1,6} +(.+?) *$", re.MULTILINE)


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    status: str
    evidence: tuple[object, ...] = ()
    reason: str = ""
    missing: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)


def load(name: str) -> tuple[dict[str, Any], list[Item]]:
    """The checklist's header (every key but ``items``) and its items, as written."""
    document = yaml.safe_load((CHECKLISTS / name).read_text(encoding="utf-8"))
    header = {key: value for key, value in document.items() if key != "items"}
    items = []
    for raw in document["items"]:
        known = {"id", "title", "status", "evidence", "reason", "missing"}
        items.append(
            Item(
                id=str(raw.get("id", "")),
                title=str(raw.get("title", "")),
                status=str(raw.get("status", "")),
                evidence=tuple(raw.get("evidence") or ()),
                reason=str(raw.get("reason", "")),
                missing=str(raw.get("missing", "")),
                extra={key: value for key, value in raw.items() if key not in known},
            )
        )
    return header, items


def shape_problems(items: Iterable[Item]) -> list[str]:
    """What is wrong with the items' form, before any reference is looked up."""
    problems = []
    seen: set[str] = set()
    for item in items:
        name = item.id or "an item without an id"
        if not item.id:
            problems.append("an item has no id")
        elif item.id in seen:
            problems.append(f"{name}: listed twice")
        seen.add(item.id)
        if not item.title.strip():
            problems.append(f"{name}: no title")
        if item.status not in STATUSES:
            problems.append(f"{name}: status {item.status!r} is not one of {', '.join(STATUSES)}")
        elif item.status == "evidence" and not any(_proves(ref) for ref in item.evidence):
            problems.append(f"{name}: evidence names no test and no bench drill")
        elif item.status == "not-applicable" and not item.reason.strip():
            problems.append(f"{name}: not applicable without a reason")
        elif item.status == "gap" and not item.missing.strip():
            problems.append(f"{name}: a gap that does not say what is missing")
        if item.status != "evidence" and item.evidence:
            problems.append(f"{name}: evidence on an item whose status is {item.status}")
    return problems


def _proves(reference: object) -> bool:
    """A test or a drill proves; a document only says."""
    return isinstance(reference, str) or (isinstance(reference, Mapping) and "bench" in reference)


def reference_problems(items: Iterable[Item], root: Path = ROOT) -> list[str]:
    """Every evidence reference that names a file, test, drill or heading that is not there."""
    problems = []
    for item in items:
        for reference in item.evidence:
            problem = reference_problem(reference, root)
            if problem:
                problems.append(f"{item.id}: {problem}")
    return problems


def reference_problem(reference: object, root: Path = ROOT) -> str | None:
    """Why one reference does not resolve, or None when it does."""
    if isinstance(reference, str):
        return _node_problem(reference, root)
    if isinstance(reference, Mapping) and set(reference) == {"bench", "results"}:
        script = root / str(reference["bench"])
        if not str(reference["bench"]).startswith("bench/") or not script.is_file():
            return f"no bench script {reference['bench']}"
        if str(reference["results"]) not in _headings(root / "bench" / "RESULTS.md"):
            return f"bench/RESULTS.md has no heading {reference['results']!r}"
        return None
    if isinstance(reference, Mapping) and set(reference) == {"doc", "heading"}:
        document = root / str(reference["doc"])
        if not document.is_file():
            return f"no document {reference['doc']}"
        if str(reference["heading"]) not in _headings(document):
            return f"{reference['doc']} has no heading {reference['heading']!r}"
        return None
    return f"{reference!r} is neither path::test nor {{bench, results}} nor {{doc, heading}}"


def _node_problem(node: str, root: Path) -> str | None:
    path, _, rest = node.partition("::")
    names = re.sub(r"\[.*\]$", "", rest).split("::") if rest else []
    if not path.startswith("tests/") or not path.endswith(".py") or not names:
        return f"{node!r} is not a pytest node (tests/...py::test_name)"
    source = root / path
    if not source.is_file():
        return f"no test file {path}"
    *classes, function = names
    scope: list[ast.stmt] = _parsed(source).body
    for class_name in classes:
        found = [n for n in scope if isinstance(n, ast.ClassDef) and n.name == class_name]
        if not found:
            return f"{path} has no class {class_name}"
        scope = found[0].body
    functions = (ast.FunctionDef, ast.AsyncFunctionDef)
    if not function.startswith("test") or not any(
        isinstance(n, functions) and n.name == function for n in scope
    ):
        where = f"{path}::{'::'.join(classes)}" if classes else path
        return f"{where} has no test {function}"
    return None


@cache
def _parsed(source: Path) -> ast.Module:
    return ast.parse(source.read_text(encoding="utf-8"), filename=str(source))


def _headings(document: Path) -> set[str]:
    if not document.is_file():
        return set()
    return set(HEADING.findall(document.read_text(encoding="utf-8")))
