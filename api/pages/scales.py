"""The charts' scales: time since the incident began on a logarithmic axis, counts from zero.

Why logarithmic time: reports come fast in the first hours and slowly after, and an
incident's record may run for a year or more (an inquiry's figure, a trial's). On a
linear axis one late report squeezes the first day into a pixel column. Measured
from the incident's start, each tenfold of elapsed time (1 hour, 10 hours, 4 days,
6 weeks, a year) takes the same width, so the first hours keep their room at any span
and the whole span still fits. The ticks say the elapsed time and the calendar time,
so nobody has to read the scale itself.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from api.pages.times import zone_name

HOUR = timedelta(hours=1)
# Where the scale turns from about linear to logarithmic: the first hour is drawn about
# as wide as the doubling from one hour to two.
KNEE = HOUR
SHORTEST = HOUR  # a chart spans at least this long
CHARACTER = 6.4  # about how wide a character of the axis labels is, in chart units

# Elapsed times worth a tick, with their labels.
_TICKS: tuple[tuple[timedelta, str], ...] = (
    (HOUR, "1 h"),
    (2 * HOUR, "2 h"),
    (3 * HOUR, "3 h"),
    (6 * HOUR, "6 h"),
    (12 * HOUR, "12 h"),
    (timedelta(days=1), "1 day"),
    (timedelta(days=2), "2 days"),
    (timedelta(days=3), "3 days"),
    (timedelta(weeks=1), "1 week"),
    (timedelta(weeks=2), "2 weeks"),
    (timedelta(days=30), "1 month"),
    (timedelta(days=91), "3 months"),
    (timedelta(days=182), "6 months"),
    (timedelta(days=365), "1 year"),
    (timedelta(days=730), "2 years"),
    (timedelta(days=1826), "5 years"),
    (timedelta(days=3652), "10 years"),
)


@dataclass(frozen=True, slots=True)
class Tick:
    """A labelled moment on the time axis: the elapsed time, and the calendar time."""

    at: datetime
    elapsed: str
    calendar: str
    anchor: str = "middle"  # how the labels stand on it: start, middle or end

    @property
    def width(self) -> float:
        """About how wide its labels are, in chart units (11-unit type)."""
        return CHARACTER * max(len(self.elapsed), len(self.calendar))

    def span(self, where: float) -> tuple[float, float]:
        """Where its labels begin and end, when the tick stands at `where`."""
        if self.anchor == "start":
            return where, where + self.width
        if self.anchor == "end":
            return where - self.width, where
        return where - self.width / 2, where + self.width / 2


@dataclass(frozen=True, slots=True)
class TimeScale:
    """Time since `origin` (the incident's start, or an earlier first report) up to
    `end`, as a fraction of the axis; labels in the incident's own offset."""

    origin: datetime
    end: datetime
    zone: tzinfo | None = None

    @classmethod
    def of(cls, occurred_at: datetime, moments: Iterable[datetime]) -> TimeScale:
        """The scale for an incident's reports: from its start (or the first report, when
        one refers to an earlier moment) to its last report."""
        when = list(moments)
        origin = min([occurred_at, *when])
        end = max([origin + SHORTEST, *when])
        return cls(origin, end, occurred_at.tzinfo)

    def fraction(self, moment: datetime) -> float:
        """Where a moment falls on the axis, from 0 (the origin) to 1 (the end)."""
        elapsed = max((moment - self.origin) / KNEE, 0.0)
        return min(math.log1p(elapsed) / math.log1p((self.end - self.origin) / KNEE), 1.0)

    def ticks(self, width: float, gap: float = 10.0) -> list[Tick]:
        """The start, the end, and the round elapsed times between them whose labels keep
        `gap` apart on an axis `width` long."""
        zone = self.zone or self.origin.tzinfo
        start = self.origin.astimezone(zone)
        first = Tick(self.origin, "start", f"{start:%d %b %H:%M}", "start")
        last_local = self.end.astimezone(zone)
        last: Tick | None = Tick(
            self.end, _elapsed(self.end - self.origin), f"{last_local:%d %b %Y}", "end"
        )
        ticks, right = [first], first.span(0)[1]
        limit = last.span(width)[0] if last else width
        if limit - right < gap:
            last, limit = None, width  # too short a span for an end label of its own
        for elapsed, label in _TICKS:
            at = self.origin + elapsed
            if at >= self.end:
                break
            local = at.astimezone(zone)
            shape = "%H:%M" if elapsed < timedelta(days=1) else "%d %b"
            if elapsed >= timedelta(days=182) or local.year != start.year:
                shape = "%b %Y"
            tick = Tick(at, label, f"{local:{shape}}")
            begins, ends = tick.span(self.fraction(at) * width)
            if begins - right >= gap and limit - ends >= gap:
                ticks.append(tick)
                right = ends
        return [*ticks, last] if last else ticks

    def caption(self) -> str:
        """What the axis measures, in a line."""
        zone = self.zone or self.origin.tzinfo
        start = self.origin.astimezone(zone)
        return (
            f"time since {start:%d %b %Y %H:%M} {zone_name(zone, start)}, on a logarithmic "
            "scale: each tenfold of elapsed time takes the same width"
        )


def _elapsed(span: timedelta) -> str:
    """A span as people say it, to the unit that suits it."""
    hours = span / HOUR
    if hours < 48:
        return f"{hours:.0f} h"
    days = span / timedelta(days=1)
    if days < 90:
        return f"{days:.0f} days"
    if days < 730:
        return f"{days / 30.44:.0f} months"
    return f"{days / 365.25:.1f} years"


def nice_ceiling(top: float) -> float:
    """A round number at or above `top` (1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(top))
    return next(float(step * power) for step in (1, 2, 5, 10) if step * power >= top)


@dataclass(frozen=True, slots=True)
class CountScale:
    """Counts from zero up to a round ceiling, in `ticks` equal steps."""

    step: float
    ticks: int

    @classmethod
    def of(cls, highest: float) -> CountScale:
        """A scale with room above `highest` (every value drawn, retracted ones too)."""
        step = nice_ceiling(highest * 1.1 / 5)
        return cls(step, max(1, math.ceil(highest * 1.1 / step)))

    @property
    def ceiling(self) -> float:
        """The top of the scale."""
        return self.step * self.ticks

    def fraction(self, count: float) -> float:
        """Where a count falls, from 0 (zero) to 1 (the ceiling)."""
        return count / self.ceiling
