"""A part's own sentences in another language: from its table, filled in, never English by
accident."""

from __future__ import annotations

import pytest

from toxfill.phrasebook import Phrasebook

SAY = Phrasebook("toxfill/example/words.py", {"es": {"{n} visits": "{n} visitas"}}).say


def test_english_is_the_sentence_itself_filled_in() -> None:
    assert SAY("en", "{n} visits", n=3) == "3 visits"


def test_another_language_comes_from_its_table() -> None:
    assert SAY("es", "{n} visits", n=3) == "3 visitas"


@pytest.mark.parametrize(("language", "english"), [("es", "{n} days"), ("fr", "{n} visits")])
def test_a_sentence_not_in_the_table_is_an_error_naming_the_table(
    language: str, english: str
) -> None:
    with pytest.raises(LookupError, match=r"no \w+ words for .* in toxfill/example/words.py"):
        SAY(language, english, n=3)
