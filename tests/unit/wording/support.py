"""What the per-language tables share: the row shape and how a reading is compared."""

from __future__ import annotations

import pytest

from domain.errors import AmbiguousFigure
from domain.figures import Figure

# (wording, qualifier, value, low, high)
Row = tuple[str, str, int | None, int | None, int | None]
ROW = ("text", "qualifier", "value", "low", "high")


def reading(figure: Figure) -> tuple[str, int | None, int | None, int | None]:
    """The parts of a figure the readings table fixes."""
    return (str(figure.qualifier), figure.value, figure.low, figure.high)


def ids(rows: list[Row]) -> list[str]:
    """Test ids: the wordings themselves."""
    return [row[0] for row in rows]


def assert_reads(text: str, language: str, expected: tuple[object, ...]) -> None:
    """The wording reads as expected in its language, and the text is kept as sent."""
    figure = Figure.parse(text, language=language)

    assert reading(figure) == expected
    assert figure.text == text
    assert figure.language == language


def assert_never_misread_without_language(text: str, expected: tuple[object, ...]) -> None:
    """Without a language the wording reads the same, or is refused as ambiguous."""
    try:
        figure = Figure.parse(text)
    except AmbiguousFigure:
        return
    assert reading(figure) == expected
    assert figure.language is None


def params(rows: list[Row]) -> pytest.MarkDecorator:
    """Parametrise a test over the rows, each named by its wording."""
    return pytest.mark.parametrize(ROW, rows, ids=ids(rows))
