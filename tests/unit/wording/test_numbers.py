# ruff: noqa: RUF001  # wordings in their own scripts: look-alike letters are meant
"""What the two number-word libraries were checked to read, and what we add to them.

domain/wording/__init__.py explains the choice: text2num for English, French,
Spanish and German; number-parser for Russian and Ukrainian. These tests keep the
evidence: if a library changes, they say which reading moved.
"""

from __future__ import annotations

import pytest
from number_parser import parse_number
from text_to_num import text2num

from domain.wording import TABLES

TEXT2NUM: list[tuple[str, str, int]] = [
    ("en", "twenty-two", 22),
    ("en", "one hundred and five", 105),
    ("en", "forty thousand", 40_000),
    ("en", "twelve hundred", 1_200),
    ("fr", "quatre-vingt-dix", 90),
    ("fr", "vingt et un", 21),
    ("fr", "soixante-dix-sept", 77),
    ("fr", "cent cinq", 105),
    ("fr", "mille deux cents", 1_200),
    ("es", "veintidós", 22),
    ("es", "ciento cinco", 105),
    ("es", "treinta y dos", 32),
    ("es", "cuarenta mil", 40_000),
    ("de", "zweiundzwanzig", 22),
    ("de", "hundertfünf", 105),
    ("de", "vierzigtausend", 40_000),
    ("de", "null", 0),
]

NUMBER_PARSER: list[tuple[str, str, int]] = [
    ("ru", "сорок", 40),
    ("ru", "сто тридцать три", 133),
    ("ru", "сорока", 40),
    ("ru", "ста сорока трех", 143),
    ("ru", "двух", 2),
    ("ru", "две тысячи", 2_000),
    ("uk", "сорок", 40),
    ("uk", "двадцять два", 22),
    ("uk", "двоє", 2),
    ("uk", "троє", 3),
    ("uk", "сорок тисяч", 40_000),
]

# What the libraries lack, which domain/wording/numbers.py and the tables add.
LACKING: list[tuple[str, str]] = [
    ("ru", "двое"),  # Russian collective numerals
    ("ru", "пятеро"),
    ("uk", "двадцяти"),  # Ukrainian oblique cases of the tens and hundreds
    ("uk", "ста"),
    ("uk", "шестеро"),  # Ukrainian collectives past four
]


@pytest.mark.parametrize(("language", "words", "number"), TEXT2NUM)
def test_text2num_reads_the_number_words_of_english_french_spanish_and_german(
    language: str, words: str, number: int
) -> None:
    assert text2num(words, language) == number


@pytest.mark.parametrize("words", ["a hundred", "eine Million"])
def test_text2num_wants_one_for_an_article_which_the_reader_adds(words: str) -> None:
    language = "en" if words.startswith("a ") else "de"
    with pytest.raises(ValueError):
        text2num(words, language)


@pytest.mark.parametrize("language", ["ru", "uk"])
def test_text2num_has_no_russian_or_ukrainian(language: str) -> None:
    with pytest.raises(ValueError):
        text2num("сорок", language)


@pytest.mark.parametrize(("language", "words", "number"), NUMBER_PARSER)
def test_number_parser_reads_russian_and_ukrainian_with_their_case_forms(
    language: str, words: str, number: int
) -> None:
    assert parse_number(words, language) == number


@pytest.mark.parametrize("language", ["fr", "de"])
def test_number_parser_has_no_french_or_german(language: str) -> None:
    with pytest.raises(ValueError):
        parse_number("quarante", language)


@pytest.mark.parametrize(("language", "words"), LACKING)
def test_number_parser_lacks_the_forms_the_reader_adds(language: str, words: str) -> None:
    assert parse_number(words, language) is None


@pytest.mark.parametrize(
    ("language", "words", "number"),
    [
        ("ru", ("двое",), 2),
        ("ru", ("пятеро",), 5),
        ("uk", ("двадцяти",), 20),
        ("uk", ("ста",), 100),
        ("uk", ("шестеро",), 6),
        ("uk", ("п'ять",), 5),
        ("uk", ("п’ять",), 5),
        ("en", ("a", "hundred"), 100),
        ("de", ("eine", "million"), 1_000_000),
    ],
)
def test_the_reader_adds_what_the_libraries_lack(
    language: str, words: tuple[str, ...], number: int
) -> None:
    number_words = TABLES[language].number_words
    folded = tuple(w.replace("\u2019", "'") for w in words)

    assert number_words.value(folded) == number
