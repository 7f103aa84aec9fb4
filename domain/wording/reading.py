"""What reading a wording yields: how the number relates to the count, and the interval.

The qualifiers and the interval each one implies are DESIGN section 4's readings
table; the figure value object (domain/figures.py) and every language's reader
share them from here.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from domain.errors import FigureMismatch, InvalidValue, UnreadableFigure


class Qualifier(StrEnum):
    """How the number a source named relates to the true count."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"
    NEARLY = "nearly"
    APPROXIMATELY = "approximately"
    BETWEEN = "between"
    VAGUE = "vague"


@dataclass(frozen=True, slots=True)
class Reading:
    """A wording read: its qualifier, the number named, the inclusive interval implied.

    The numbers are not checked against the count's bounds here: a reading of
    "2 billion" is still a reading, so that languages can be compared on it; the
    figure made from it refuses it.
    """

    qualifier: Qualifier
    value: int | None
    low: int | None
    high: int | None

    @classmethod
    def of(cls, qualifier: Qualifier, value: int) -> Reading:
        """The reading of a single qualified number, with the interval it implies."""
        return cls(qualifier, value, *implied_interval(qualifier, value))

    def __str__(self) -> str:
        return (
            f"{self.qualifier} (value {_shown(self.value)}, "
            f"low {_shown(self.low)}, high {_shown(self.high)})"
        )


class NotACount(UnreadableFigure):
    """The wording names a number in this language, but not a whole one ("2,5").

    Never leaves domain/wording: a language that reads a wording as a fraction is
    not the source's language, so it takes no part when the languages are compared.
    """


def implied_interval(qualifier: Qualifier, value: int) -> tuple[int | None, int | None]:
    """The inclusive interval a qualified number implies; None is unbounded or unknown."""
    match qualifier:
        case Qualifier.EXACT:
            return value, value
        case Qualifier.AT_LEAST:
            return value, None
        case Qualifier.MORE_THAN:
            return value + 1, None
        case Qualifier.AT_MOST:
            return None, value
        case Qualifier.FEWER_THAN | Qualifier.NEARLY:
            if value == 0:
                raise InvalidValue("value", f"'{qualifier} 0' is not a count")
            return None, value - 1
        case Qualifier.APPROXIMATELY:
            return None, None
    raise FigureMismatch(f"a '{qualifier}' figure has no single value")


def _shown(value: int | None) -> str:
    return "null" if value is None else str(value)
