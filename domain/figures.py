"""The figure value object: a count as a source worded it, and what the wording means.

"at least 40", "nearly 60", "dozens", "погибли 22 человека": the wording is always
kept exactly as sent and read (domain/wording) to a qualifier, the number the source
named, and the inclusive interval it implies (DESIGN section 4). Structured fields
may come with the wording or instead of it:

- wording alone: it must be readable;
- fields alone: the wording is generated from them (`read_from` "fields");
- both, the wording readable: they must agree (`read_from` "text");
- both, the wording unreadable, or an increase ("three more") with the new total in
  the fields: the fields are taken and the wording kept as sent (`read_from`
  "fields"); the record never puts words in a source's mouth.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.errors import (
    AmbiguousFigure,
    FigureIsAnIncrease,
    FigureMismatch,
    InvalidValue,
    UnreadableFigure,
)
from domain.values import Category, words_of
from domain.wording import LANGUAGES, check_language, read, read_each
from domain.wording.reading import Qualifier, Reading, implied_interval

__all__ = [
    "LANGUAGES",
    "MAX_COUNT",
    "VAGUE_WORDS",
    "Figure",
    "Qualifier",
    "ReadFrom",
    "implied_interval",
]

MAX_COUNT = 10**9


class ReadFrom(StrEnum):
    """Where a figure's reading came from: its wording, or the structured fields."""

    TEXT = "text"
    FIELDS = "fields"


# The wording generated for a vague figure sent as fields, by its interval: the
# English vague words of DESIGN section 4, one per interval.
VAGUE_WORDS: dict[str, tuple[int, int | None]] = {
    "a couple of": (2, 3),
    "a few": (2, 9),
    "several": (3, 9),
    "a number of": (2, None),
    "dozens": (24, 99),
    "tens of": (20, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
    "thousands": (2_000, 9_999),
    "tens of thousands": (20_000, 99_999),
    "hundreds of thousands": (200_000, 999_999),
}

# The words generated for a structured figure that arrives without wording.
_WORDING: dict[Qualifier, str] = {
    Qualifier.AT_LEAST: "at least",
    Qualifier.MORE_THAN: "more than",
    Qualifier.AT_MOST: "at most",
    Qualifier.FEWER_THAN: "fewer than",
    Qualifier.NEARLY: "nearly",
    Qualifier.APPROXIMATELY: "about",
}
_FIELDS = ("qualifier", "value", "low", "high")


@dataclass(frozen=True, slots=True)
class Figure:
    """A count as a source worded it, normalised; frozen and valid once made."""

    text: str
    qualifier: Qualifier
    value: int | None
    low: int | None
    high: int | None
    read_from: ReadFrom = ReadFrom.TEXT
    language: str | None = None

    def __post_init__(self) -> None:
        for name in ("value", "low", "high"):
            number = getattr(self, name)
            if number is not None and (
                not isinstance(number, int)
                or isinstance(number, bool)
                or not 0 <= number <= MAX_COUNT
            ):
                raise InvalidValue(name, f"a count must be a whole number from 0 to {MAX_COUNT}")
        if self.low is not None and self.high is not None and self.low > self.high:
            raise InvalidValue("low", f"low ({self.low}) is above high ({self.high})")
        if not self.text.strip():
            raise InvalidValue("text", "the wording of a figure cannot be empty")
        if self.read_from not in words_of(ReadFrom):
            raise InvalidValue("read_from", "a figure is read from its 'text' or its 'fields'")
        # Stored events carry plain strings; the figure holds the enum.
        object.__setattr__(self, "read_from", ReadFrom(self.read_from))
        check_language(self.language)

    @classmethod
    def parse(
        cls, text: str, *, language: str | None = None, category: str | None = None
    ) -> Figure:
        """Read a source's wording alone; raise the domain error that says why it can't be."""
        check_language(language)
        reading = read(text, language, _category(category))
        return cls._of(text, reading, ReadFrom.TEXT, language)

    @classmethod
    def from_structure(
        cls,
        qualifier: Qualifier,
        value: int | None = None,
        low: int | None = None,
        high: int | None = None,
        *,
        language: str | None = None,
    ) -> Figure:
        """Make a figure from structured fields, generating the wording."""
        reading = _structured(qualifier, value, low, high)
        return cls._of(_generated(reading), reading, ReadFrom.FIELDS, language)

    @classmethod
    def make(
        cls,
        text: str | None = None,
        qualifier: Qualifier | None = None,
        value: int | None = None,
        low: int | None = None,
        high: int | None = None,
        *,
        language: str | None = None,
        category: str | None = None,
    ) -> Figure:
        """Make a figure from wording, structured fields, or both (DESIGN section 4)."""
        check_language(language)
        category = _category(category)
        fields = {"qualifier": qualifier, "value": value, "low": low, "high": high}
        if text is None:
            if qualifier is None:
                raise FigureMismatch("a figure needs its wording (text) or a qualifier")
            return cls.from_structure(qualifier, value, low, high, language=language)
        if all(given is None for given in fields.values()):
            return cls.parse(text, language=language, category=category)
        try:
            reading = read(text, language, category)
        except AmbiguousFigure as ambiguous:
            reading = _the_one_agreeing(text, category, fields, ambiguous)
        except (UnreadableFigure, FigureIsAnIncrease):
            if qualifier is None:
                raise
            return cls._of(
                text, _structured(qualifier, value, low, high), ReadFrom.FIELDS, language
            )
        _check_agreement(text, reading, fields)
        return cls._of(text, reading, ReadFrom.TEXT, language)

    def as_dict(self) -> dict[str, Any]:
        """The figure as plain values, as events and views carry it."""
        return {
            "text": self.text,
            "qualifier": str(self.qualifier),
            "value": self.value,
            "low": self.low,
            "high": self.high,
            "read_from": str(self.read_from),
            "language": self.language,
        }

    @classmethod
    def _of(cls, text: str, reading: Reading, read_from: ReadFrom, language: str | None) -> Figure:
        return cls(
            text, reading.qualifier, reading.value, reading.low, reading.high, read_from, language
        )


def _category(category: str | None) -> str | None:
    if category is not None and category not in words_of(Category):
        raise InvalidValue("category", f"{category!r} is not a category")
    return None if category is None else str(category)


def _structured(
    qualifier: Qualifier, value: int | None, low: int | None, high: int | None
) -> Reading:
    """The reading structured fields give, checked for agreement among themselves."""
    if qualifier is Qualifier.BETWEEN:
        if low is None or high is None or value is not None:
            raise FigureMismatch("a 'between' figure takes low and high, and no value")
        return Reading(qualifier, None, low, high)
    if qualifier is Qualifier.VAGUE:
        if value is None and (low, high) in VAGUE_WORDS.values():
            return Reading(qualifier, None, low, high)
        words = ", ".join(f"{w} = {lo}-{_shown(hi)}" for w, (lo, hi) in VAGUE_WORDS.items())
        raise FigureMismatch(
            f"a 'vague' figure needs its wording, or the low and high of one word ({words})"
        )
    if value is None:
        raise FigureMismatch(f"a '{qualifier}' figure needs a value")
    implied = implied_interval(qualifier, value)
    if (low is not None and low != implied[0]) or (high is not None and high != implied[1]):
        raise FigureMismatch(
            f"'{qualifier} {value}' implies low {_shown(implied[0])} and high "
            f"{_shown(implied[1])}, not low {_shown(low)} and high {_shown(high)}"
        )
    return Reading(qualifier, value, *implied)


def _generated(reading: Reading) -> str:
    """English wording for a figure sent as fields alone; it reads back as the same."""
    if reading.qualifier is Qualifier.BETWEEN:
        return f"{reading.low}-{reading.high}"
    if reading.qualifier is Qualifier.VAGUE:
        return next(
            w for w, interval in VAGUE_WORDS.items() if interval == (reading.low, reading.high)
        )
    prefix = _WORDING.get(reading.qualifier)
    return f"{prefix} {reading.value}" if prefix else str(reading.value)


def _check_agreement(text: str, reading: Reading, fields: dict[str, Any]) -> None:
    for name, given in fields.items():
        read_as = getattr(reading, name)
        if given is not None and given != read_as:
            raise FigureMismatch(
                f"the wording {text!r} reads as {name} {_shown(read_as)}, not {_shown(given)};"
                " send fields that agree with it, or no fields"
            )


def _the_one_agreeing(
    text: str, category: str | None, fields: dict[str, Any], ambiguous: AmbiguousFigure
) -> Reading:
    """Of the languages' differing readings, the one the fields agree with, if only one."""
    agreeing: set[Reading] = set()
    for reading in read_each(text, category).values():
        try:
            _check_agreement(text, reading, fields)
        except FigureMismatch:
            continue
        agreeing.add(reading)
    if len(agreeing) == 1:
        return agreeing.pop()
    raise ambiguous


def _shown(value: object) -> str:
    return "null" if value is None else str(value)
