"""The current figure of a series: the one rule that says which report stands.

A series is the figures of one category and one scope. Figures supersede each
other by *precedence*: the later `as_of` wins, and of two with the same `as_of`,
the later entry. Each source's latest standing (not retracted) figure is its
*head*. The current figure is the head of greatest precedence, unless an editor
chose a source to follow (`HeadlineSourceChosen`) and that source has a head:
then it is that source's head.

When sources disagree, the series says so: of the heads whose `as_of` lies within
six hours of the current figure's, two whose intervals do not overlap (a bound
left open counts as 0 below and unbounded above; heads with no bound at all, such
as "about 60", take no part) make the series carry the hull of the bounded heads'
intervals and the names of their sources.

Every place that picks a current figure calls this module: the read models (in
memory during a rebuild, and in SQL, whose ORDER BY is generated here by
`order_by`), and the charts' step line. `RULE` names this version of the rule;
the read models that apply it put it in their schema version, so a database
whose views an older rule made is rebuilt when the rule changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, TypeVar

RULE = (
    "current-figure/2: the followed source's head if it has one, else the head of the latest"
    " as_of, ties to the later entry; disagreement among heads within 6 hours"
)
# The fields a figure's precedence compares, most significant first (greater wins).
PRECEDENCE = ("as_of", "entry")
DISAGREEMENT_WINDOW = timedelta(hours=6)

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
    """The latest among standing figures: the one of greatest precedence."""
    return max(figures, key=key, default=None)


def current_figure(
    heads: Iterable[F],
    key: Callable[[F], Precedence],
    source: Callable[[F], str],
    followed: str | None = None,
) -> F | None:
    """The current figure of a series, from its sources' heads: the followed source's
    head when there is one (`followed` and `source` give source keys), else the
    latest head."""
    standing = list(heads)
    if followed is not None:
        chosen = current((head for head in standing if source(head) == followed), key)
        if chosen is not None:
            return chosen
    return current(standing, key)


def current_over_time(figures: Iterable[F], key: Callable[[F], Precedence]) -> Iterator[F]:
    """The current figure as each standing figure arrives in `as_of` order: for figures
    sorted by precedence, the figure itself each time (a later report supersedes),
    which is what a chart's step line follows."""
    standing: F | None = None
    for figure in sorted(figures, key=key):
        if standing is None or supersedes(key(figure), key(standing)):
            standing = figure
        yield standing


def current_over_time_following(
    figures: Iterable[F],
    key: Callable[[F], Precedence],
    source: Callable[[F], str],
    followed: str | None = None,
) -> Iterator[F]:
    """The current figure as each standing figure arrives in precedence order, in a
    series that follows the source `followed` (a source key, as `current_figure` takes):
    after each arrival, `current_figure` of every source's head so far. Before the
    followed source's first figure the series shows the latest of any source; from then
    on, the followed source's latest. Without `followed`, `current_over_time`."""
    heads: dict[str, F] = {}
    for figure in sorted(figures, key=key):
        held = heads.get(source(figure))
        if held is None or supersedes(key(figure), key(held)):
            heads[source(figure)] = figure
        chosen = current_figure(heads.values(), key, source, followed)
        assert chosen is not None  # a head was just set
        yield chosen


@dataclass(frozen=True, slots=True)
class Bounds:
    """What the disagreement rule reads of a head: when it holds, and its interval."""

    as_of: datetime
    low: int | None
    high: int | None
    source: str  # the name shown

    @property
    def bounded(self) -> bool:
        """Whether the head bounds the count at all ("about 60" does not)."""
        return self.low is not None or self.high is not None


@dataclass(frozen=True, slots=True)
class Disagreement:
    """Sources whose figures cannot all be true: the hull of their intervals."""

    low: int
    high: int | None  # None: unbounded
    sources: tuple[str, ...]


def disagreement(heads: Sequence[Bounds], current_as_of: datetime) -> Disagreement | None:
    """Whether the heads near the current figure disagree, and how widely."""
    near = [
        head
        for head in heads
        if head.bounded and abs(head.as_of - current_as_of) <= DISAGREEMENT_WINDOW
    ]
    if len(near) < 2:
        return None
    lows = [head.low or 0 for head in near]
    highs = [head.high for head in near]
    lowest_top = min((high for high in highs if high is not None), default=None)
    if lowest_top is None or max(lows) <= lowest_top:
        return None  # every interval reaches past the highest floor: they overlap
    return Disagreement(
        low=min(lows),
        high=None
        if any(high is None for high in highs)
        else max(h for h in highs if h is not None),
        sources=tuple(dict.fromkeys(head.source for head in near)),
    )


def order_by(columns: Mapping[str, str], *, prefix: str = "") -> str:
    """The SQL ORDER BY terms that put the current figure first, given the column that
    holds each field of PRECEDENCE (`{"as_of": "as_of_key", "entry": "entry"}`)."""
    return ", ".join(f"{prefix}{columns[name]} DESC" for name in PRECEDENCE)
