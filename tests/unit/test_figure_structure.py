"""Figures made from structured fields, from wording and fields together, and the value
object."""

from __future__ import annotations

import dataclasses

import pytest

from domain.errors import FigureMismatch, InvalidValue, UnreadableFigure
from domain.figures import Figure, Qualifier, ReadFrom


def normalised(figure: Figure) -> tuple[str, int | None, int | None, int | None]:
    """The parts of a figure that the wording table fixes."""
    return (str(figure.qualifier), figure.value, figure.low, figure.high)


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

    assert figure == Figure(text, qualifier, value, low, high, ReadFrom.FIELDS)


def test_a_structured_between_figure_takes_low_and_high() -> None:
    assert Figure.from_structure(Qualifier.BETWEEN, low=40, high=60) == Figure(
        "40-60", Qualifier.BETWEEN, None, 40, 60, ReadFrom.FIELDS
    )


@pytest.mark.parametrize(
    ("word", "low", "high"),
    [
        ("a couple of", 2, 3),
        ("a few", 2, 9),
        ("several", 3, 9),
        ("a number of", 2, None),
        ("dozens", 24, 99),
        ("tens of", 20, 99),
        ("scores", 40, 199),
        ("hundreds", 200, 999),
        ("thousands", 2_000, 9_999),
        ("tens of thousands", 20_000, 99_999),
        ("hundreds of thousands", 200_000, 999_999),
    ],
)
def test_a_structured_vague_figure_is_worded_by_its_interval(
    word: str, low: int, high: int | None
) -> None:
    assert Figure.from_structure(Qualifier.VAGUE, low=low, high=high) == Figure(
        word, Qualifier.VAGUE, None, low, high, ReadFrom.FIELDS
    )


@pytest.mark.parametrize(
    ("qualifier", "value", "low", "high"),
    [
        (Qualifier.EXACT, 40, None, None),
        (Qualifier.AT_LEAST, 40, None, None),
        (Qualifier.MORE_THAN, 100, None, None),
        (Qualifier.AT_MOST, 60, None, None),
        (Qualifier.FEWER_THAN, 60, None, None),
        (Qualifier.NEARLY, 60, None, None),
        (Qualifier.APPROXIMATELY, 60, None, None),
        (Qualifier.BETWEEN, None, 40, 60),
        (Qualifier.VAGUE, None, 2, 3),
        (Qualifier.VAGUE, None, 2, 9),
        (Qualifier.VAGUE, None, 3, 9),
        (Qualifier.VAGUE, None, 2, None),
        (Qualifier.VAGUE, None, 24, 99),
        (Qualifier.VAGUE, None, 20, 99),
        (Qualifier.VAGUE, None, 40, 199),
        (Qualifier.VAGUE, None, 200, 999),
        (Qualifier.VAGUE, None, 2_000, 9_999),
        (Qualifier.VAGUE, None, 20_000, 99_999),
        (Qualifier.VAGUE, None, 200_000, 999_999),
    ],
    ids=str,
)
def test_generated_wording_reads_back_as_the_same_figure(
    qualifier: Qualifier, value: int | None, low: int | None, high: int | None
) -> None:
    figure = Figure.from_structure(qualifier, value, low, high)

    assert normalised(Figure.parse(figure.text)) == normalised(figure)
    assert figure.read_from is ReadFrom.FIELDS


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


@pytest.mark.parametrize("qualifier", [Qualifier.FEWER_THAN, Qualifier.NEARLY])
def test_a_structured_fewer_than_or_nearly_zero_is_refused(qualifier: Qualifier) -> None:
    with pytest.raises(InvalidValue):
        Figure.from_structure(qualifier, 0)


# Make: wording, structure, or both ---------------------------------------------------


def test_making_a_figure_from_wording_alone_parses_it() -> None:
    assert Figure.make("at least 40 people") == Figure.parse("at least 40 people")


def test_making_a_figure_from_structure_alone_generates_the_wording() -> None:
    assert Figure.make(qualifier=Qualifier.MORE_THAN, value=100) == Figure(
        "more than 100", Qualifier.MORE_THAN, 100, 101, None, ReadFrom.FIELDS
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


def test_unreadable_wording_with_structure_beside_it_is_kept_as_sent_and_read_from_the_fields() -> (
    None
):
    figure = Figure.make("40 or so people", Qualifier.APPROXIMATELY, 40)

    assert normalised(figure) == ("approximately", 40, None, None)
    assert figure.text == "40 or so people"
    assert figure.read_from is ReadFrom.FIELDS


def test_unreadable_wording_without_structure_is_refused() -> None:
    with pytest.raises(UnreadableFigure):
        Figure.make("the police spoke of a number of fatalities")


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
        "read_from": "text",
        "language": None,
    }
    assert type(shown["qualifier"]) is str
    assert type(shown["read_from"]) is str


def test_a_figure_rebuilt_from_stored_values_holds_read_from_as_the_enum() -> None:
    stored: object = "fields"  # as a stored payload holds it: a string, not the enum
    figure = Figure("at least 40", Qualifier.AT_LEAST, 40, 40, None, stored, "en")  # type: ignore[arg-type]

    assert figure.read_from is ReadFrom.FIELDS
    assert figure.language == "en"


def test_a_figure_read_from_anything_but_text_or_fields_is_refused() -> None:
    with pytest.raises(InvalidValue):
        Figure("40", Qualifier.EXACT, 40, 40, 40, "guess")  # type: ignore[arg-type]
