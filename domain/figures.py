"""The figure value object and the parser for the way sources word their counts.

"at least 40", "over 100", "dozens", "40-60": each wording is kept verbatim and
normalised to a qualifier, the number the source named, and the inclusive interval
it implies (DESIGN section 4). The table below is the contract; tests cover it row
by row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from domain.errors import FigureMismatch, InvalidValue, UnreadableFigure

MAX_COUNT = 10**9


class Qualifier(StrEnum):
    """How the number a source named relates to the true count."""

    EXACT = "exact"
    AT_LEAST = "at_least"
    MORE_THAN = "more_than"
    AT_MOST = "at_most"
    FEWER_THAN = "fewer_than"
    APPROXIMATELY = "approximately"
    BETWEEN = "between"
    VAGUE = "vague"


# Prefix wordings, longest first so that "no fewer than" wins over "fewer than".
_PREFIXES: tuple[tuple[str, Qualifier], ...] = tuple(
    sorted(
        {
            "at least": Qualifier.AT_LEAST,
            "no fewer than": Qualifier.AT_LEAST,
            "more than": Qualifier.MORE_THAN,
            "over": Qualifier.MORE_THAN,
            "above": Qualifier.MORE_THAN,
            "up to": Qualifier.AT_MOST,
            "at most": Qualifier.AT_MOST,
            "as many as": Qualifier.AT_MOST,
            "no more than": Qualifier.AT_MOST,
            "fewer than": Qualifier.FEWER_THAN,
            "less than": Qualifier.FEWER_THAN,
            "under": Qualifier.FEWER_THAN,
            "about": Qualifier.APPROXIMATELY,
            "around": Qualifier.APPROXIMATELY,
            "approximately": Qualifier.APPROXIMATELY,
            "nearly": Qualifier.APPROXIMATELY,
            "some": Qualifier.APPROXIMATELY,
            "roughly": Qualifier.APPROXIMATELY,
        }.items(),
        key=lambda item: -len(item[0]),
    )
)

# The interval each vague word stands for.
VAGUE_WORDS: dict[str, tuple[int, int]] = {
    "several": (3, 9),
    "a dozen": (12, 12),
    "dozens": (24, 99),
    "scores": (40, 199),
    "hundreds": (200, 999),
}

# The words generated for a structured figure that arrives without wording.
_WORDING: dict[Qualifier, str] = {
    Qualifier.AT_LEAST: "at least",
    Qualifier.MORE_THAN: "more than",
    Qualifier.AT_MOST: "at most",
    Qualifier.FEWER_THAN: "fewer than",
    Qualifier.APPROXIMATELY: "about",
}

_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+)"
# A trailing noun ("people", "civilians killed", "of them"): words without digits.
_TAIL = r"(?:\s+(?P<tail>[^\d\s][^\d]*))?"
# Words that would change the count if ignored: "40 thousand", "40 or so", "40 or fewer".
_NOT_A_NOUN = frozenset(
    [
        "thousand",
        "thousands",
        "million",
        "millions",
        "billion",
        "billions",
        "hundred",
        "hundreds",
        "dozen",
        "dozens",
        "score",
        "scores",
        "lakh",
        "crore",
        "k",
        "m",
        "bn",
        "or",
        "and",
        "to",
        "plus",
        "more",
        "fewer",
        "less",
        "so",
        "than",
    ]
)
_PREFIXED = re.compile(
    r"(?P<prefix>" + "|".join(re.escape(p) for p, _ in _PREFIXES) + r")\s+" + _NUMBER + _TAIL
)
_PLAIN = re.compile(_NUMBER + r"(?P<suffix>\s*\+|\s+or\s+more)?" + _TAIL)
_DASHES = "-\u2013\u2014"  # hyphen, en dash, em dash: "40-60", "40\u201360"
_RANGE = re.compile(
    rf"(?:between\s+{_NUMBER}\s+and\s+{_NUMBER}|{_NUMBER}\s*(?:[{_DASHES}]|to)\s*{_NUMBER})" + _TAIL
)
_VAGUE = re.compile(r"(?P<word>" + "|".join(re.escape(w) for w in VAGUE_WORDS) + r")" + _TAIL)


@dataclass(frozen=True, slots=True)
class Figure:
    """A count as a source worded it, normalised; frozen and valid once made."""

    text: str
    qualifier: Qualifier
    value: int | None
    low: int | None
    high: int | None

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

    @classmethod
    def parse(cls, text: str) -> Figure:
        """Read a source's wording; raise UnreadableFigure naming the text when it can't."""
        qualifier, value, low, high = _read(text)
        return cls(text=text, qualifier=qualifier, value=value, low=low, high=high)

    @classmethod
    def from_structure(
        cls,
        qualifier: Qualifier,
        value: int | None = None,
        low: int | None = None,
        high: int | None = None,
    ) -> Figure:
        """Make a figure from structured fields, generating the wording."""
        if qualifier is Qualifier.BETWEEN:
            if low is None or high is None or value is not None:
                raise FigureMismatch("a 'between' figure takes low and high, and no value")
            return cls(f"{low}-{high}", qualifier, None, low, high)
        if qualifier is Qualifier.VAGUE:
            for word, interval in VAGUE_WORDS.items():
                if (low, high) == interval and value is None:
                    return cls(word, qualifier, None, low, high)
            words = ", ".join(f"{w} = {lo}-{hi}" for w, (lo, hi) in VAGUE_WORDS.items())
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
        text = f"{_WORDING[qualifier]} {value}" if qualifier in _WORDING else str(value)
        return cls(text, qualifier, value, *implied)

    @classmethod
    def make(
        cls,
        text: str | None = None,
        qualifier: Qualifier | None = None,
        value: int | None = None,
        low: int | None = None,
        high: int | None = None,
    ) -> Figure:
        """Make a figure from wording, structure, or both (which must then agree)."""
        structured = {"qualifier": qualifier, "value": value, "low": low, "high": high}
        if text is None:
            if qualifier is None:
                raise FigureMismatch("a figure needs its wording (text) or a qualifier")
            return cls.from_structure(qualifier, value, low, high)
        figure = cls.parse(text)
        for name, given in structured.items():
            read = getattr(figure, name)
            if given is not None and given != read:
                raise FigureMismatch(
                    f"the wording {text!r} reads as {name} {_shown(read)}, not {_shown(given)}"
                )
        return figure

    def as_dict(self) -> dict[str, Any]:
        """The figure as plain values, as events and views carry it."""
        return {
            "text": self.text,
            "qualifier": str(self.qualifier),
            "value": self.value,
            "low": self.low,
            "high": self.high,
        }


def _shown(value: object) -> str:
    return "null" if value is None else str(value)


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
        case Qualifier.FEWER_THAN:
            if value == 0:
                raise InvalidValue("value", "'fewer than 0' is not a count")
            return None, value - 1
        case Qualifier.APPROXIMATELY:
            return None, None
    raise FigureMismatch(f"a '{qualifier}' figure has no single value")


def _number(digits: str) -> int:
    return int(digits.replace(",", ""))


def _read(text: str) -> tuple[Qualifier, int | None, int | None, int | None]:
    words = " ".join(text.lower().split())
    try:
        if match := _matched(_VAGUE, words):
            low, high = VAGUE_WORDS[match["word"]]
            return Qualifier.VAGUE, None, low, high
        if match := _matched(_RANGE, words):
            low, high = (_number(n) for n in match.groups()[:4] if n is not None)
            return Qualifier.BETWEEN, None, low, high
        if match := _matched(_PREFIXED, words):
            qualifier = dict(_PREFIXES)[match["prefix"]]
            value = _number(match[2])
            return (qualifier, value, *implied_interval(qualifier, value))
        if match := _matched(_PLAIN, words):
            value = _number(match[1])
            qualifier = Qualifier.AT_LEAST if match["suffix"] else Qualifier.EXACT
            return (qualifier, value, *implied_interval(qualifier, value))
    except InvalidValue:  # "fewer than 0"
        pass
    raise UnreadableFigure(text)


def _matched(pattern: re.Pattern[str], words: str) -> re.Match[str] | None:
    """Match the whole wording; a tail that would change the count makes it unreadable."""
    match = pattern.fullmatch(words)
    if match and match["tail"] and _NOT_A_NOUN & set(re.findall(r"[a-z]+", match["tail"])):
        return None
    return match
