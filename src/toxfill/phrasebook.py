"""The sentences a part of toxfill writes itself, in each language it speaks. Each part keeps
its own table beside its code (English sentence -> its translation); a sentence missing from
the table is an error naming the table, never English on a page in another language."""

from __future__ import annotations

from collections.abc import Mapping


class Phrasebook:
    """`say` puts an English sentence into a language, from the tables kept in `home`."""

    def __init__(self, home: str, translations: Mapping[str, Mapping[str, str]]) -> None:
        self.home, self.translations = home, translations

    def say(self, language: str, english: str, /, **values: object) -> str:
        """`english` in `language`, its {placeholders} filled in with `values`."""
        if language == "en":
            text = english
        else:
            try:
                text = self.translations[language][english]
            except KeyError:
                raise LookupError(f"no {language} words for {english!r} in {self.home}") from None
        return text.format(**values) if values else text
