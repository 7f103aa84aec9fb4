"""The figure value object: the wording table of DESIGN section 4 (edition 2), row by row.

Edition 2 changed three rows of edition 1's table: "nearly 60" is now its own
qualifier (`nearly`, high 59), "a dozen" is about 12 rather than vague 12 to 12,
and "forty", "40 thousand", "several hundred" and "hundreds of thousands" are read.
The readings of every language are in tests/unit/wording/.
"""

from __future__ import annotations

import pytest

from domain.errors import InvalidEntry, InvalidValue, UnreadableFigure
from domain.figures import MAX_COUNT, Figure, Qualifier

# DESIGN section 4, one row per wording: (wording, qualifier, value, low, high).
WORDING_TABLE: list[tuple[str, str, int | None, int | None, int | None]] = [
    ("40", "exact", 40, 40, 40),
    ("at least 40", "at_least", 40, 40, None),
    ("no fewer than 40", "at_least", 40, 40, None),
    ("40 or more", "at_least", 40, 40, None),
    ("40+", "at_least", 40, 40, None),
    ("more than 100", "more_than", 100, 101, None),
    ("over 100", "more_than", 100, 101, None),
    ("above 100", "more_than", 100, 101, None),
    ("up to 60", "at_most", 60, None, 60),
    ("at most 60", "at_most", 60, None, 60),
    ("as many as 60", "at_most", 60, None, 60),
    ("no more than 60", "at_most", 60, None, 60),
    ("fewer than 60", "fewer_than", 60, None, 59),
    ("less than 60", "fewer_than", 60, None, 59),
    ("under 60", "fewer_than", 60, None, 59),
    ("about 60", "approximately", 60, None, None),
    ("around 60", "approximately", 60, None, None),
    ("approximately 60", "approximately", 60, None, None),
    ("nearly 60", "nearly", 60, None, 59),
    ("almost 60", "nearly", 60, None, 59),
    ("some 60", "approximately", 60, None, None),
    ("roughly 60", "approximately", 60, None, None),
    ("40-60", "between", None, 40, 60),
    ("40 to 60", "between", None, 40, 60),
    ("between 40 and 60", "between", None, 40, 60),
    ("several", "vague", None, 3, 9),
    ("a dozen", "approximately", 12, None, None),
    ("dozens", "vague", None, 24, 99),
    ("scores", "vague", None, 40, 199),
    ("hundreds", "vague", None, 200, 999),
]
EN_DASH = "\u2013"
EM_DASH = "\u2014"
TABLE_IDS = [row[0] for row in WORDING_TABLE]
ROW = ("text", "qualifier", "value", "low", "high")


def normalised(figure: Figure) -> tuple[str, int | None, int | None, int | None]:
    """The parts of a figure that the wording table fixes."""
    return (str(figure.qualifier), figure.value, figure.low, figure.high)


# The wording table --------------------------------------------------------------


@pytest.mark.parametrize(ROW, WORDING_TABLE, ids=TABLE_IDS)
def test_each_wording_in_the_table_reads_as_its_qualifier_value_and_interval(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    figure = Figure.parse(text)

    assert normalised(figure) == (qualifier, value, low, high)
    assert figure.text == text


@pytest.mark.parametrize(ROW, WORDING_TABLE, ids=TABLE_IDS)
def test_each_wording_in_the_table_reads_the_same_in_capitals(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    figure = Figure.parse(text.upper())

    assert normalised(figure) == (qualifier, value, low, high)


@pytest.mark.parametrize(ROW, WORDING_TABLE, ids=TABLE_IDS)
def test_a_trailing_noun_after_each_wording_in_the_table_is_ignored(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    figure = Figure.parse(f"{text} people")

    assert normalised(figure) == (qualifier, value, low, high)
    assert figure.text == f"{text} people"


# Numbers, case, spacing and nouns ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "low", "high"),
    [
        ("1,200", "exact", 1200, 1200, 1200),
        ("at least 1,200 people", "at_least", 1200, 1200, None),
        ("1,200,000", "exact", 1_200_000, 1_200_000, 1_200_000),
        ("1,200-1,500", "between", None, 1200, 1500),
    ],
)
def test_numbers_may_carry_thousands_separators(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert normalised(Figure.parse(text)) == (qualifier, value, low, high)


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "low", "high"),
    [
        ("AT LEAST 40", "at_least", 40, 40, None),
        ("Over 100", "more_than", 100, 101, None),
        ("Between 40 AND 60", "between", None, 40, 60),
        ("Dozens", "vague", None, 24, 99),
    ],
)
def test_wording_is_read_case_insensitively(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert normalised(Figure.parse(text)) == (qualifier, value, low, high)


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "low", "high"),
    [
        ("  at   least \t 40  ", "at_least", 40, 40, None),
        ("\tover\n100 ", "more_than", 100, 101, None),
        ("between  40   and 60", "between", None, 40, 60),
        (" 40 - 60 ", "between", None, 40, 60),
        ("40 +", "at_least", 40, 40, None),
    ],
)
def test_extra_whitespace_is_ignored_and_the_wording_kept_verbatim(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    figure = Figure.parse(text)

    assert normalised(figure) == (qualifier, value, low, high)
    assert figure.text == text


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "low", "high"),
    [
        ("at least 40 people", "at_least", 40, 40, None),
        ("over 100 injured", "more_than", 100, 101, None),
        ("dozens of people", "vague", None, 24, 99),
        ("93 civilians killed", "exact", 93, 93, 93),
        ("40+ dead", "at_least", 40, 40, None),
    ],
)
def test_a_trailing_noun_is_ignored(
    text: str, qualifier: str, value: int | None, low: int | None, high: int | None
) -> None:
    assert normalised(Figure.parse(text)) == (qualifier, value, low, high)


@pytest.mark.parametrize("text", [f"40{EN_DASH}60", f"40 {EN_DASH} 60", f"40{EM_DASH}60"])
def test_a_range_may_use_an_en_or_em_dash(text: str) -> None:
    assert normalised(Figure.parse(text)) == ("between", None, 40, 60)


# Unreadable wording -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "40 or so",
        "40 or fewer",
        "1,20",
        "fewer than 0",
        "nearly 0",
        "-5",
        "40.5",
    ],
)
def test_unreadable_wording_is_refused_naming_the_text(text: str) -> None:
    with pytest.raises(UnreadableFigure) as raised:
        Figure.parse(text)

    assert raised.value.text == text
    assert repr(text) in str(raised.value)


# Bounds -------------------------------------------------------------------------------


def test_a_count_of_a_billion_is_accepted() -> None:
    assert Figure.parse("1,000,000,000").value == MAX_COUNT


@pytest.mark.parametrize("text", ["1,000,000,001", "1000000001", "at least 2,000,000,000"])
def test_wording_with_a_count_over_a_billion_is_refused(text: str) -> None:
    with pytest.raises(InvalidValue):
        Figure.parse(text)


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [(MAX_COUNT + 1, None, None), (None, 0, MAX_COUNT + 1)],
)
def test_a_structured_count_over_a_billion_is_refused(
    value: int | None, low: int | None, high: int | None
) -> None:
    qualifier = Qualifier.EXACT if value is not None else Qualifier.BETWEEN
    with pytest.raises(InvalidValue):
        Figure.from_structure(qualifier, value, low, high)


def test_a_negative_count_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Figure.from_structure(Qualifier.EXACT, -1)


def test_a_fractional_count_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Figure.from_structure(Qualifier.EXACT, 40.5)  # type: ignore[arg-type]


@pytest.mark.parametrize("text", ["60-40", "60 to 40", "between 60 and 40"])
def test_a_backwards_range_in_the_wording_is_refused(text: str) -> None:
    with pytest.raises(InvalidEntry):
        Figure.parse(text)


def test_a_backwards_structured_range_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Figure.from_structure(Qualifier.BETWEEN, low=60, high=40)


def test_a_figure_without_wording_cannot_be_made() -> None:
    with pytest.raises(InvalidValue):
        Figure(" ", Qualifier.EXACT, 40, 40, 40)
