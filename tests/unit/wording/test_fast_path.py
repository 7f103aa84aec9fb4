"""The fast path for "at least 40" and "145" answers as the full reader does."""

from __future__ import annotations

import pytest

from domain.errors import InvalidEntry
from domain.wording import FAST_QUALIFIERS, _read, read

NUMBERS = ["0", "1", "40", "145", "1000000000", "1000000001"]


def _full(text: str, language: str | None) -> object:
    try:
        return _read(text, language, None)
    except InvalidEntry as refusal:
        return type(refusal)


def _fast(text: str, language: str | None) -> object:
    try:
        return read(text, language)
    except InvalidEntry as refusal:
        return type(refusal)


@pytest.mark.parametrize("phrase", sorted(FAST_QUALIFIERS))
@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("language", [None, "en"])
def test_an_english_qualifier_and_digits_read_as_the_full_reader_reads_them(
    phrase: str, number: str, language: str | None
) -> None:
    for text in (f"{phrase} {number}", f"  {phrase.upper()}   {number} "):
        assert _fast(text, language) == _full(text, language), text


@pytest.mark.parametrize("number", NUMBERS)
@pytest.mark.parametrize("language", [None, "en", "ru", "fr", "de", "es", "uk", "ar"])
def test_plain_digits_read_as_the_full_reader_reads_them(number: str, language: str | None) -> None:
    assert _fast(f" {number} ", language) == _full(f" {number} ", language)
