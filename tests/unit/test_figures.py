"""The figure parser and value object: the wording table of DESIGN section 4, row by row."""

from __future__ import annotations

import dataclasses

import pytest

from domain.errors import FigureMismatch, InvalidEntry, InvalidValue, UnreadableFigure
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
    ("nearly 60", "approximately", 60, None, None),
    ("some 60", "approximately", 60, None, None),
    ("roughly 60", "approximately", 60, None, None),
    ("40-60", "between", None, 40, 60),
    ("40 to 60", "between", None, 40, 60),
    ("between 40 and 60", "between", None, 40, 60),
    ("several", "vague", None, 3, 9),
    ("a dozen", "vague", None, 12, 12),
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
        "forty",
        "",
        "   ",
        "40 thousand",
        "40 or so",
        "40 or fewer",
        "hundreds of thousands",
        "several hundred",
        "1,20",
        "40 killed, 60 injured",
        "fewer than 0",
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


# From structure ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "value", "text", "low", "high"),
    [
        (Qualifier.EXACT, 40, "40", 40, 40),
        (Qualifier.AT_LEAST, 40, "at least 40", 40, None),
        (Qualifier.MORE_THAN, 100, "more than 100", 101, None),
        (Qualifier.AT_MOST, 60, "at most 60", None, 60),
        (Qualifier.FEWER_THAN, 60, "fewer than 60", None, 59),
        (Qualifier.APPROXIMATELY, 60, "about 60", None, None),
    ],
)
def test_a_structured_figure_gets_generated_wording_and_its_implied_interval(
    qualifier: Qualifier, value: int, text: str, low: int | None, high: int | None
) -> None:
    figure = Figure.from_structure(qualifier, value)

    assert figure == Figure(text, qualifier, value, low, high)


def test_a_structured_between_figure_takes_low_and_high() -> None:
    assert Figure.from_structure(Qualifier.BETWEEN, low=40, high=60) == Figure(
        "40-60", Qualifier.BETWEEN, None, 40, 60
    )


@pytest.mark.parametrize(
    ("word", "low", "high"),
    [
        ("several", 3, 9),
        ("a dozen", 12, 12),
        ("dozens", 24, 99),
        ("scores", 40, 199),
        ("hundreds", 200, 999),
    ],
)
def test_a_structured_vague_figure_is_worded_by_its_interval(
    word: str, low: int, high: int
) -> None:
    assert Figure.from_structure(Qualifier.VAGUE, low=low, high=high) == Figure(
        word, Qualifier.VAGUE, None, low, high
    )


@pytest.mark.parametrize(
    ("qualifier", "value", "low", "high"),
    [
        (Qualifier.EXACT, 40, None, None),
        (Qualifier.AT_LEAST, 40, None, None),
        (Qualifier.MORE_THAN, 100, None, None),
        (Qualifier.AT_MOST, 60, None, None),
        (Qualifier.FEWER_THAN, 60, None, None),
        (Qualifier.APPROXIMATELY, 60, None, None),
        (Qualifier.BETWEEN, None, 40, 60),
        (Qualifier.VAGUE, None, 24, 99),
    ],
    ids=str,
)
def test_generated_wording_reads_back_as_the_same_figure(
    qualifier: Qualifier, value: int | None, low: int | None, high: int | None
) -> None:
    figure = Figure.from_structure(qualifier, value, low, high)

    assert Figure.parse(figure.text) == figure


@pytest.mark.parametrize(
    ("qualifier", "value", "low", "high"),
    [
        (Qualifier.EXACT, 40, 40, 40),
        (Qualifier.AT_LEAST, 40, 40, None),
        (Qualifier.MORE_THAN, 100, 101, None),
        (Qualifier.AT_MOST, 60, None, 60),
        (Qualifier.FEWER_THAN, 60, None, 59),
    ],
)
def test_structured_low_and_high_that_match_the_implied_interval_are_accepted(
    qualifier: Qualifier, value: int, low: int | None, high: int | None
) -> None:
    figure = Figure.from_structure(qualifier, value, low, high)

    assert (figure.low, figure.high) == (low, high)


@pytest.mark.parametrize(
    ("qualifier", "value", "low", "high"),
    [
        (Qualifier.EXACT, 40, 41, None),
        (Qualifier.EXACT, 40, None, 39),
        (Qualifier.AT_LEAST, 40, None, 50),
        (Qualifier.AT_LEAST, 40, 39, None),
        (Qualifier.MORE_THAN, 100, 100, None),
        (Qualifier.AT_MOST, 60, 0, None),
        (Qualifier.FEWER_THAN, 60, None, 60),
        (Qualifier.APPROXIMATELY, 60, 50, 70),
    ],
)
def test_structured_low_and_high_that_disagree_with_the_implied_interval_are_refused(
    qualifier: Qualifier, value: int, low: int | None, high: int | None
) -> None:
    with pytest.raises(FigureMismatch):
        Figure.from_structure(qualifier, value, low, high)


def test_a_structured_disagreement_is_worded_in_plain_values() -> None:
    with pytest.raises(FigureMismatch) as raised:
        Figure.from_structure(Qualifier.AT_LEAST, 40, high=50)

    message = str(raised.value)
    assert "at_least" in message
    assert "Qualifier" not in message
    assert "None" not in message  # an unbounded end is JSON's null, as Figure.make shows it


@pytest.mark.parametrize(
    "qualifier",
    [
        Qualifier.EXACT,
        Qualifier.AT_LEAST,
        Qualifier.MORE_THAN,
        Qualifier.AT_MOST,
        Qualifier.FEWER_THAN,
        Qualifier.APPROXIMATELY,
    ],
)
def test_a_structured_figure_with_a_single_number_needs_its_value(qualifier: Qualifier) -> None:
    with pytest.raises(FigureMismatch):
        Figure.from_structure(qualifier, low=40, high=40)


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [(None, 40, None), (None, None, 60), (None, None, None), (50, 40, 60)],
)
def test_a_structured_between_figure_needs_low_and_high_and_no_value(
    value: int | None, low: int | None, high: int | None
) -> None:
    with pytest.raises(FigureMismatch):
        Figure.from_structure(Qualifier.BETWEEN, value, low, high)


@pytest.mark.parametrize(
    ("value", "low", "high"),
    [(None, None, None), (None, 3, 10), (None, 24, None), (12, 12, 12)],
)
def test_a_structured_vague_figure_needs_the_interval_of_a_vague_word(
    value: int | None, low: int | None, high: int | None
) -> None:
    with pytest.raises(FigureMismatch):
        Figure.from_structure(Qualifier.VAGUE, value, low, high)


def test_a_structured_fewer_than_zero_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Figure.from_structure(Qualifier.FEWER_THAN, 0)


# Make: wording, structure, or both ---------------------------------------------------


def test_making_a_figure_from_wording_alone_parses_it() -> None:
    assert Figure.make("at least 40 people") == Figure.parse("at least 40 people")


def test_making_a_figure_from_structure_alone_generates_the_wording() -> None:
    assert Figure.make(qualifier=Qualifier.MORE_THAN, value=100) == Figure(
        "more than 100", Qualifier.MORE_THAN, 100, 101, None
    )


def test_making_a_figure_from_neither_wording_nor_qualifier_is_refused() -> None:
    with pytest.raises(FigureMismatch):
        Figure.make(value=40)


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "low", "high"),
    [
        ("40", Qualifier.EXACT, 40, 40, 40),
        ("at least 40", Qualifier.AT_LEAST, 40, 40, None),
        ("at least 40", Qualifier.AT_LEAST, 40, None, None),
        ("over 100 people", Qualifier.MORE_THAN, 100, 101, None),
        ("fewer than 60", Qualifier.FEWER_THAN, None, None, 59),
        ("40-60", Qualifier.BETWEEN, None, 40, 60),
        ("dozens", Qualifier.VAGUE, None, 24, 99),
    ],
)
def test_wording_and_structure_that_agree_make_the_figure_with_the_wording_verbatim(
    text: str, qualifier: Qualifier, value: int | None, low: int | None, high: int | None
) -> None:
    figure = Figure.make(text, qualifier, value, low, high)

    assert figure == Figure.parse(text)
    assert figure.text == text


@pytest.mark.parametrize(
    ("text", "qualifier", "value", "low", "high"),
    [
        ("at least 40", Qualifier.EXACT, None, None, None),
        ("40", None, 41, None, None),
        ("at least 40", None, None, None, 50),
        ("over 100", Qualifier.MORE_THAN, 100, 100, None),
        ("40-60", Qualifier.BETWEEN, 50, None, None),
        ("dozens", Qualifier.VAGUE, None, 12, 12),
    ],
)
def test_wording_and_structure_that_disagree_are_refused(
    text: str,
    qualifier: Qualifier | None,
    value: int | None,
    low: int | None,
    high: int | None,
) -> None:
    with pytest.raises(FigureMismatch) as raised:
        Figure.make(text, qualifier, value, low, high)

    assert repr(text) in str(raised.value)


def test_a_disagreement_about_the_qualifier_names_plain_values() -> None:
    with pytest.raises(FigureMismatch) as raised:
        Figure.make("at least 40", Qualifier.EXACT)

    message = str(raised.value)
    assert "exact" in message
    assert "at_least" in message
    assert "Qualifier" not in message
    assert "<" not in message


def test_a_disagreement_about_a_missing_value_shows_it_as_null() -> None:
    with pytest.raises(FigureMismatch) as raised:
        Figure.make("40-60", value=50)

    message = str(raised.value)
    assert "null" in message
    assert "None" not in message


def test_unreadable_wording_is_refused_even_with_structure_beside_it() -> None:
    with pytest.raises(UnreadableFigure):
        Figure.make("forty", Qualifier.EXACT, 40)


# The value object ---------------------------------------------------------------------


def test_a_figure_is_frozen() -> None:
    figure = Figure.parse("40")

    with pytest.raises(dataclasses.FrozenInstanceError):
        figure.value = 41  # type: ignore[misc]


def test_a_figure_as_a_dict_holds_plain_values() -> None:
    shown = Figure.parse("over 100 injured").as_dict()

    assert shown == {
        "text": "over 100 injured",
        "qualifier": "more_than",
        "value": 100,
        "low": 101,
        "high": None,
    }
    assert type(shown["qualifier"]) is str
