"""SVG charts of a figure category over `as_of`, drawn on the server.

One mark per report; a step line through the figure that was current at each
moment (the rule of `domain.current`);
bounds drawn where the wording gives them: an arrow up for "at least" and "more
than", down for "at most" and "fewer than", a bar from low to high for ranges and
vague words. Retracted reports stay, grey and struck through, off the line.
Colours are from the Okabe-Ito palette, which colour-blind readers tell apart, and
nothing is told by colour alone: retracted marks are hollow and struck.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from html import escape
from typing import Any

from domain import current as rule

WIDTH, HEIGHT = 720, 300
LEFT, RIGHT, TOP, BOTTOM = 72, 24, 20, 44
LINE, MARK, RETRACTED = "#0072B2", "#D55E00", "#8c8c8c"  # Okabe-Ito blue, vermillion; grey
UP = ("at_least", "more_than")
DOWN = ("at_most", "fewer_than", "nearly")
SPAN = ("between", "vague")


@dataclass(frozen=True, slots=True)
class Report:
    """One series item, placed."""

    item: dict[str, Any]
    when: datetime
    number: float

    @property
    def retracted(self) -> bool:
        """Whether the report was retracted (as the record stood)."""
        return bool(self.item["retracted"])


def representative(item: dict[str, Any]) -> float | None:
    """The number a report is drawn at: its value, or the middle of its range."""
    value, low, high = item["value"], item["low"], item["high"]
    if value is not None:
        return float(value)
    if low is not None and high is not None:
        return float(low + high) / 2
    return None if low is None and high is None else float(low if low is not None else high)


def nice_ceiling(top: float) -> float:
    """A round number at or above `top` (1, 2 or 5 times a power of ten)."""
    if top <= 0:
        return 1.0
    power = 10.0 ** math.floor(math.log10(top))
    return next(float(step * power) for step in (1, 2, 5, 10) if step * power >= top)


def chart(category: str, series: list[dict[str, Any]], current: dict[str, Any] | None) -> str:
    """The chart of one category's series, as an accessible SVG element."""
    reports = sorted(
        (
            Report(item, datetime.fromisoformat(item["as_of"]).astimezone(UTC), number)
            for item in series
            if (number := representative(item)) is not None
        ),
        key=lambda r: (r.when, r.item["entry"]),
    )
    if not reports:
        return ""
    # The scales follow the reports that stand; a retracted outlier is drawn at the edge.
    standing = [r for r in reports if not r.retracted] or reports
    start, end = standing[0].when, standing[-1].when
    if end - start < timedelta(hours=1):
        start, end = start - timedelta(hours=12), end + timedelta(hours=12)
    highest = max(max(r.number, r.item["high"] or 0, r.item["low"] or 0) for r in standing)
    step = nice_ceiling(highest * 1.1 / 5)
    ticks = max(1, math.ceil(highest * 1.1 / step))
    ceiling = step * ticks
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(moment: datetime) -> float:
        return LEFT + min(max((moment - start) / (end - start), 0.0), 1.0) * plot_w

    def y(number: float) -> float:
        return TOP + plot_h - min(number, ceiling) / ceiling * plot_h

    ident = f"chart-{escape(category)}"
    title = f"{category.capitalize()} over time"
    shown = current["text"] if current else "none"
    desc = (
        f"{len(reports)} report{'s' if len(reports) != 1 else ''} from {_day(reports[0].when)} "
        f"to {_day(reports[-1].when)}; "
        f"the current figure is {shown}. Each mark is a report; the line is the figure that "
        "was current at each moment; arrows and bars show the bounds the wording gives; "
        "retracted reports are grey and struck through."
    )
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" data-category="{escape(category)}">',
        f'<title id="{ident}-title">{escape(title)}</title>',
        f'<desc id="{ident}-desc">{escape(desc)}</desc>',
        *_axes(start, end, step, ticks, x, y),
        _step_line([r for r in reports if not r.retracted], x, y, end),
        *(_mark(r, x, y) for r in reports),
        "</svg>",
    ]
    return "\n".join(part for part in parts if part)


def _axes(start: datetime, end: datetime, step: float, ticks: int, x: Any, y: Any) -> list[str]:
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    parts = [
        '<g class="axes" stroke="#444" fill="#222" font-size="11">',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>',
        f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"/>',
    ]
    for tick in range(ticks + 1):
        number = step * tick
        at = y(number)
        parts.append(
            f'<line x1="{LEFT - 4}" y1="{at:.1f}" x2="{right}" y2="{at:.1f}" '
            f'stroke="#ddd" stroke-width="{1 if tick else 0}"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{at + 4:.1f}" text-anchor="end" stroke="none">'
            f"{number:,.0f}</text>"
        )
    for moment, label in time_ticks(start, end):
        at = x(moment)
        parts.append(f'<line x1="{at:.1f}" y1="{bottom}" x2="{at:.1f}" y2="{bottom + 4}"/>')
        parts.append(
            f'<text x="{at:.1f}" y="{bottom + 18}" text-anchor="middle" stroke="none">'
            f"{escape(label)}</text>"
        )
    parts.append(
        f'<text x="{right}" y="{HEIGHT - 6}" text-anchor="end" stroke="none">as of (UTC)</text>'
    )
    parts.append("</g>")
    return parts


# Tick spacings to choose from: hours, then days.
_SPACINGS = [timedelta(hours=h) for h in (1, 2, 3, 6, 12)] + [
    timedelta(days=d) for d in (1, 2, 7, 14, 28, 91, 182, 365)
]


def time_ticks(start: datetime, end: datetime, most: int = 6) -> list[tuple[datetime, str]]:
    """Round moments between start and end (whole hours or UTC midnights), labelled."""
    spacing = next((s for s in _SPACINGS if (end - start) / s <= most), _SPACINGS[-1])
    hours = int(spacing.total_seconds() // 3600)
    origin = start.replace(minute=0, second=0, microsecond=0)
    origin = (
        origin.replace(hour=0) if hours >= 24 else origin.replace(hour=origin.hour // hours * hours)
    )
    shape = "%d %b %H:%M" if hours < 24 else "%d %b" if hours < 24 * 91 else "%b %Y"
    ticks, moment = [], origin
    while moment <= end:
        if moment >= start:
            ticks.append((moment, moment.strftime(shape)))
        moment += spacing
    return ticks


def _step_line(reports: list[Report], x: Any, y: Any, end: datetime) -> str:
    """The line through the figure that was current at each moment (`domain.current`)."""
    if not reports:
        return ""
    key = _precedence
    moments = sorted(reports, key=key)
    standing = list(rule.current_over_time(reports, key=key))
    path = [f"M{x(moments[0].when):.1f},{y(standing[0].number):.1f}"]
    for report, current in zip(moments[1:], standing[1:], strict=True):
        path.append(f"H{x(report.when):.1f}V{y(current.number):.1f}")
    path.append(f"H{x(end):.1f}")
    return (
        f'<path class="current" d="{"".join(path)}" fill="none" stroke="{LINE}" stroke-width="2"/>'
    )


def _precedence(report: Report) -> rule.Precedence:
    return rule.precedence(report.when, report.item["entry"])


def _mark(report: Report, x: Any, y: Any) -> str:
    item = report.item
    cx, cy = x(report.when), y(report.number)
    colour = RETRACTED if report.retracted else MARK
    shapes = []
    if item["qualifier"] in UP:
        shapes.append(_arrow(cx, y(item["low"]), -1, colour))
    elif item["qualifier"] in DOWN:
        shapes.append(_arrow(cx, y(item["high"]), 1, colour))
    elif item["qualifier"] in SPAN:
        top, low = y(item["high"]), y(item["low"])
        shapes.append(
            f'<path class="bound" d="M{cx - 4:.1f},{top:.1f}H{cx + 4:.1f}M{cx:.1f},{top:.1f}'
            f'V{low:.1f}M{cx - 4:.1f},{low:.1f}H{cx + 4:.1f}" stroke="{colour}" '
            'stroke-width="2" fill="none"/>'
        )
    fill = "white" if report.retracted else colour
    shapes.append(
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="5" fill="{fill}" stroke="{colour}" '
        'stroke-width="2"/>'
    )
    if report.retracted:
        shapes.append(
            f'<line class="strike" x1="{cx - 8:.1f}" y1="{cy + 8:.1f}" '
            f'x2="{cx + 8:.1f}" y2="{cy - 8:.1f}" stroke="{colour}" stroke-width="2"/>'
        )
    label = (
        f'entry {item["entry"]}: "{item["text"]}" from {item["source"]["name"]}, '
        f"as of {item['as_of']}" + (" (retracted)" if report.retracted else "")
    )
    classes = "report retracted" if report.retracted else "report"
    return (
        f'<g class="{classes}" data-entry="{item["entry"]}"><title>{escape(label)}</title>'
        + "".join(shapes)
        + "</g>"
    )


def _arrow(cx: float, from_y: float, direction: int, colour: str) -> str:
    tip = from_y + direction * 26
    return (
        f'<path class="bound" d="M{cx:.1f},{from_y:.1f}V{tip:.1f}M{cx - 4:.1f},'
        f'{tip - direction * 6:.1f}L{cx:.1f},{tip:.1f}L{cx + 4:.1f},{tip - direction * 6:.1f}" '
        f'stroke="{colour}" stroke-width="2" fill="none"/>'
    )


def _day(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%d %b %Y}"
