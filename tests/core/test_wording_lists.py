"""Lists in words (toxfill.wording.in_words), the one joiner every part uses: English and
Spanish, "and" and "or", with Spanish's "e" before the sound i and "u" before the sound o."""

from __future__ import annotations

import pytest

from toxfill.wording import in_words


@pytest.mark.parametrize(
    ("items", "language", "joiner", "said"),
    [
        ([], "en", "and", ""),
        (["A"], "es", "or", "A"),
        (["A", "B", "C"], "en", "and", "A, B and C"),
        (["A", "B"], "en", "or", "A or B"),
        (["Botox", "Relleno"], "es", "and", "Botox y Relleno"),
        (["Relleno", "Injerto de grasa"], "es", "and", "Relleno e Injerto de grasa"),
        (["Relleno", "hidroxiapatita"], "es", "and", "Relleno e hidroxiapatita"),
        (["Relleno", "hielo"], "es", "and", "Relleno y hielo"),  # "hie" is not the sound i
        (["siete", "ocho"], "es", "or", "siete u ocho"),
        (["siete", "nueve"], "es", "or", "siete o nueve"),
    ],
)
def test_a_list_is_said_as_each_language_writes_it(
    items: list[str], language: str, joiner: str, said: str
) -> None:
    assert in_words(items, language, joiner) == said
