"""One catalogue file of another language's words (data/<language>/<part>.yaml), checked
against the English base it is laid over: the helpers every translated part shares.

A catalogue names the parts it translates (`translated: [compare]`). For such a part a
missing text, an empty one, a list of another length or an ID the English lacks is refused,
naming the file and the entry; in a part not declared translated, the English is kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from toxfill.errors import KnowledgeError
from toxfill.knowledge.base import KnowledgeBase
from toxfill.knowledge.models import Cited

# What a catalogue may declare translated.
PARTS = frozenset({"triage", "compare", "plan", "decide"})


def read_catalogue(path: Path) -> Any:
    """The YAML of one catalogue file; KnowledgeError naming it when it cannot be read."""
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeError(file_name(path), "-", f"cannot read the catalogue: {exc}") from None


class Catalogue:
    """One catalogue file checked against the English base: `part` is the part it must
    translate whole once it declares it."""

    def __init__(self, kb: KnowledgeBase, language: str, path: Path, raw: Any, part: str) -> None:
        self.kb, self.language, self.file = kb, language, file_name(path)
        if not isinstance(raw, dict):
            raise KnowledgeError(self.file, "-", "the catalogue must be a mapping")
        self.raw = raw
        if raw.get("language") != language:
            self.fail("language", f"says {raw.get('language')!r}, expected {language!r}")
        parts = set(raw.get("translated") or ())
        if not parts <= PARTS:
            self.fail(
                "translated", f"unknown parts {sorted(parts - PARTS)}; known: {sorted(PARTS)}"
            )
        self.complete = part in parts

    def fail(self, entry: str, problem: str) -> None:
        raise KnowledgeError(self.file, entry, problem)

    def section(self, name: str, within: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
        """A mapping from ID to words (`within` a part of the file, else at its top)."""
        found = (self.raw if within is None else within).get(name) or {}
        if not isinstance(found, dict):
            self.fail(name, "must be a mapping from ID to text")
        return found

    def by_id(
        self, name: str, english: Mapping[str, Any], put: Callable[[Any, Any, str], Any]
    ) -> dict[str, Any]:
        """Each English entry with its translation put in; an ID the English lacks is refused."""
        given = self.section(name)
        self.no_extra(name, given, english)
        return {key: put(value, given.get(key), f"{name}.{key}") for key, value in english.items()}

    def no_extra(self, entry: str, given: Mapping[str, Any], english: Mapping[str, Any]) -> None:
        for extra in sorted(set(given) - set(english)):
            self.fail(f"{entry}.{extra}", f"no such ID in the English {entry}")

    def text(self, entry: str, english: str, words: Mapping[str, Any], key: str = "") -> str:
        """The translation of one text; English is kept only in a part not declared translated."""
        key = key or entry.rsplit(".", 1)[-1]
        found = words.get(key) if isinstance(words, Mapping) else None
        if found is None and not self.complete:
            return english
        if not isinstance(found, str) or not found.strip():
            self.fail(entry, "needs its text in this language")
        return " ".join(str(found).split())

    def facts(
        self, thing: Any, facts: tuple[str, ...], words: Mapping[str, Any], entry: str
    ) -> dict[str, Any]:
        """Each cited fact of `thing` named in `facts` with its words put in."""
        if not isinstance(words, Mapping):
            self.fail(entry, "must be a mapping from fact to text")
        update: dict[str, Any] = {}
        for fact in facts:
            claim: Cited | None = getattr(thing, fact)
            if claim is None:
                if fact in words:
                    self.fail(f"{entry}.{fact}", "the English has no such fact here")
                continue
            said = self.text(f"{entry}.{fact}", claim.text, words, fact)
            update[fact] = claim.model_copy(update={"text": said})
        return update

    def worded(self, term: Any, words: Any, entry: str, *fields: str) -> Any:
        """`term` with each of its text `fields` in this language, from the catalogue's
        mapping `words` for it."""
        if words is not None and not isinstance(words, Mapping):
            self.fail(entry, f"must be a mapping with {' and '.join(fields)}")
        return term.model_copy(
            update={
                field: self.text(f"{entry}.{field}", getattr(term, field), words or {}, field)
                for field in fields
            }
        )

    def lines(self, entry: str, english: Sequence[str], found: Any) -> tuple[str, ...]:
        """A list translated line for line: as many lines as the English, none empty."""
        if found is None and (not self.complete or not english):
            return tuple(english)
        if not isinstance(found, list) or len(found) != len(english):
            count = len(found) if isinstance(found, list) else 0
            self.fail(entry, f"has {count} lines; the English has {len(english)}")
        if not all(isinstance(line, str) and line.strip() for line in found):
            self.fail(entry, "has an empty line")
        return tuple(" ".join(line.split()) for line in found)


def file_name(path: Path) -> str:
    parts = path.parts
    return "/".join(parts[parts.index("data") :]) if "data" in parts else str(path)
