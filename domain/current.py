"""The current figure of a series: the one rule that says which report stands.

Figures of one category supersede each other by *precedence*: the later `as_of`
wins, and of two with the same `as_of`, the later entry. The current figure is
the standing (not retracted) figure of greatest precedence; each source's latest
figure (its *head*) follows the same order among that source's figures.

Every place that picks a current figure calls this module: the read models (in
memory during a rebuild, and in SQL, whose ORDER BY is generated here by
`order_by`), and the charts' step line. `RULE` names this version of the rule;
the read models that apply it put it in their schema version, so a database
whose views an older rule made is rebuilt when the rule changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

RULE = "current-figure/1: the standing figure of the latest as_of; ties go to the later entry"
# The fields a figure's precedence compares, most significant first (greater wins).
PRECEDENCE = ("as_of", "entry")

F = TypeVar("F")
Precedence = tuple[Any, int]


def precedence(as_of: Any, entry: int) -> Precedence:
    """A figure's place in its series: compare two with `<`; the greater supersedes.

    `as_of` is anything that orders as time does (a datetime, or a fixed-width UTC
    key as the read models store it).
    """
    return (as_of, entry)


def supersedes(figure: Precedence, other: Precedence | None) -> bool:
    """Whether a figure takes the place of `other` (None: there is none)."""
    return other is None or figure > other


def current(figures: Iterable[F], key: Callable[[F], Precedence]) -> F | None:
    """The current figure among standing figures: the one of greatest precedence."""
    return max(figures, key=key, default=None)


def current_over_time(figures: Iterable[F], key: Callable[[F], Precedence]) -> Iterator[F]:
    """The current figure as each standing figure arrives in `as_of` order: for figures
    sorted by precedence, the figure itself each time (a later report supersedes),
    which is what a chart's step line follows."""
    standing: F | None = None
    for figure in sorted(figures, key=key):
        if standing is None or supersedes(key(figure), key(standing)):
            standing = figure
        yield standing


def order_by(columns: Mapping[str, str], *, prefix: str = "") -> str:
    """The SQL ORDER BY terms that put the current figure first, given the column that
    holds each field of PRECEDENCE (`{"as_of": "as_of_key", "entry": "entry"}`)."""
    return ", ".join(f"{prefix}{columns[name]} DESC" for name in PRECEDENCE)
