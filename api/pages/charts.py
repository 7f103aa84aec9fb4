"""SVG charts of one figure series over `as_of`, drawn on the server.

One mark per report, in its source's colour and shape (`api.pages.marks`); a step
line through the figure that was current at each moment, by the one rule of
`domain.current` (following the source an editor chose, if any); bounds where the
wording gives them. Retracted reports stay at their real value, hollow and struck
through, off the line, and the count scale reaches them: nothing is clamped. Time
runs from the incident's start on a logarithmic axis (`api.pages.scales`), so the
first hours and a report a year later both have room.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from markupsafe import escape

from api.pages.marks import Palette, mark
from api.pages.scales import CountScale, TimeScale
from api.pages.times import moment, parse
from domain import current as rule
from domain.names import name_key

WIDTH, HEIGHT = 720, 320
LEFT, RIGHT, TOP, BOTTOM = 64, 28, 34, 62
LINE = "#000000"  # Okabe-Ito black: the step line
CLEAR = 10  # marks closer than this (both ways) are set side by side


@dataclass(frozen=True, slots=True)
class Report:
    """One series item, placed in time and count."""

    item: dict[str, Any]
    when: datetime
    number: float

    @property
    def retracted(self) -> bool:
        """Whether the report was retracted (as the record stood)."""
        return bool(self.item["retracted"])

    @property
    def source(self) -> str:
        """The report's source, as a key: spellings of one name are one source."""
        return name_key(self.item["source"]["name"])


def representative(item: dict[str, Any]) -> float | None:
    """The number a report is drawn at: its value, or the middle of its range."""
    value, low, high = item["value"], item["low"], item["high"]
    if value is not None:
        return float(value)
    if low is not None and high is not None:
        return float(low + high) / 2
    return None if low is None and high is None else float(low if low is not None else high)


def reports_of(series: list[dict[str, Any]]) -> list[Report]:
    """The series' items that can be drawn (a count or a bound), by as_of then entry."""
    return sorted(
        (
            Report(item, parse(item["as_of"]).astimezone(UTC), number)
            for item in series
            if (number := representative(item)) is not None
        ),
        key=lambda r: (r.when, r.item["entry"]),
    )


def chart(
    category: str,
    series: list[dict[str, Any]],
    current: dict[str, Any] | None,
    *,
    scale: TimeScale | None = None,
    palette: Palette | None = None,
    followed: str | None = None,
    scope: str | None = None,
) -> str:
    """The chart of one series (a category, and a scope or none), as an accessible SVG
    element. `scale` and `palette` are shared by the charts of a page; `followed` is
    the source an editor chose for the series."""
    reports = reports_of(series)
    if not reports:
        return ""
    scale = scale or TimeScale.of(reports[0].when, (r.when for r in reports))
    palette = palette or Palette.of(series)
    counts = CountScale.of(
        max(max(r.number, r.item["high"] or 0, r.item["low"] or 0) for r in reports)
    )
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM

    def x(moment: datetime) -> float:
        return LEFT + scale.fraction(moment) * plot_w

    def y(number: float) -> float:
        return TOP + plot_h - counts.fraction(number) * plot_h

    named = category.capitalize() + (f" ({isolated(scope)})" if scope else "")
    ident = f"chart-{escape(category)}" + (f"-{_digest(scope)}" if scope else "")
    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{ident}-title {ident}-desc" data-category="{escape(category)}"'
        + (f' data-scope="{escape(scope)}"' if scope else "")
        + ">",
        f'<title id="{ident}-title">{escape(named)} over time</title>',
        f'<desc id="{ident}-desc">{escape(_description(reports, current, followed))}</desc>',
        *_axes(scale, counts, x, y),
        _step_line([r for r in reports if not r.retracted], x, y, scale.end, followed),
        *_marks(reports, palette, x, y),
        "</svg>",
    ]
    return "\n".join(part for part in parts if part)


def _description(
    reports: list[Report], current: dict[str, Any] | None, followed: str | None
) -> str:
    count = len(reports)
    shown = isolated(current["text"]) if current and current.get("text") else "none"
    sources = len({r.source for r in reports})
    return (
        f"{count} report{'s' if count != 1 else ''} from {sources} "
        f"source{'s' if sources != 1 else ''}, {_day(reports[0].when)} to "
        f"{_day(reports[-1].when)}; the current figure is {shown}"
        + (f", following {isolated(followed)}" if followed else "")
        + ". Each mark is a report, in its source's colour and shape; the black line is the "
        "figure that was current at each moment; arrows and bars show the bounds the wording "
        "gives; retracted reports are hollow and struck through, at their real value. Time "
        "runs on a logarithmic scale from the incident's start."
    )


def _axes(scale: TimeScale, counts: CountScale, x: Any, y: Any) -> list[str]:
    bottom, right = HEIGHT - BOTTOM, WIDTH - RIGHT
    parts = [
        '<g class="axes" stroke="#444" fill="#222" font-size="11">',
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{bottom}"/>',
        f'<line x1="{LEFT}" y1="{bottom}" x2="{right}" y2="{bottom}"/>',
    ]
    for step in range(counts.ticks + 1):
        number = counts.step * step
        at = y(number)
        parts.append(
            f'<line x1="{LEFT - 4}" y1="{at:.1f}" x2="{right}" y2="{at:.1f}" '
            f'stroke="#ddd" stroke-width="{1 if step else 0}"/>'
        )
        parts.append(
            f'<text x="{LEFT - 8}" y="{at + 4:.1f}" text-anchor="end" stroke="none">'
            f"{number:,.0f}</text>"
        )
    for tick in scale.ticks(WIDTH - LEFT - RIGHT):
        at = x(tick.at)
        parts.append(
            f'<line class="time-tick" x1="{at:.1f}" y1="{TOP}" x2="{at:.1f}" y2="{bottom + 4}" '
            f'stroke="#eee"/>'
        )
        for line, (text, weight) in enumerate(((tick.elapsed, 600), (tick.calendar, 400))):
            parts.append(
                f'<text x="{at:.1f}" y="{bottom + 16 + 13 * line}" text-anchor="{tick.anchor}" '
                f'stroke="none" font-weight="{weight}">{escape(text)}</text>'
            )
    parts.append(
        f'<text class="caption" x="{LEFT}" y="{HEIGHT - 8}" stroke="none" fill="#555">'
        f"{escape(scale.caption())}</text>"
    )
    parts.append("</g>")
    return parts


def _step_line(reports: list[Report], x: Any, y: Any, end: datetime, followed: str | None) -> str:
    """The line through the figure that was current at each moment (`domain.current`)."""
    if not reports:
        return ""
    key: Callable[[Report], rule.Precedence] = _precedence
    moments = sorted(reports, key=key)
    follows = None if followed is None else name_key(followed)
    standing = list(rule.current_over_time_following(reports, key, lambda r: r.source, follows))
    path = [f"M{x(moments[0].when):.1f},{y(standing[0].number):.1f}"]
    for report, current in zip(moments[1:], standing[1:], strict=True):
        path.append(f"H{x(report.when):.1f}V{y(current.number):.1f}")
    path.append(f"H{x(end):.1f}")
    return (
        f'<path class="current" d="{"".join(path)}" fill="none" stroke="{LINE}" '
        'stroke-width="2" stroke-linejoin="round"/>'
    )


def _precedence(report: Report) -> rule.Precedence:
    return rule.precedence(report.when, report.item["entry"])


def _marks(reports: list[Report], palette: Palette, x: Any, y: Any) -> list[str]:
    """Every report's mark; marks that would cover one another are set side by side."""
    placed: list[tuple[float, float]] = []
    drawn = []
    for report in reports:
        cx, cy = x(report.when), y(report.number)
        while any(abs(cx - px) < CLEAR and abs(cy - py) < CLEAR for px, py in placed):
            cx += CLEAR
        placed.append((cx, cy))
        style = palette.style(report.item["source"]["name"])
        drawn.append(mark(report.item, report.number, style, cx, y, _label(report)))
    return drawn


def _label(report: Report) -> str:
    item = report.item
    label = (
        f'entry {item["entry"]}: "{isolated(item["text"])}" from '
        f"{isolated(item['source']['name'])}, as of {moment(item['as_of'])}"
    )
    if item.get("scope"):
        label += f"; counts {isolated(item['scope'])}"
    if item.get("note"):
        label += f"; note: {isolated(item['note'])}"
    return label + (" (retracted)" if report.retracted else "")


def isolated(text: str) -> str:
    """A source's words inside an English sentence, set apart for the bidirectional
    algorithm (FIRST STRONG ISOLATE ... POP DIRECTIONAL ISOLATE, as `<bdi>` does in HTML):
    Arabic wording keeps its own direction and leaves the sentence's alone."""
    return f"\u2068{text}\u2069"


def _day(moment: datetime) -> str:
    return f"{moment.astimezone(UTC):%d %b %Y}"


def _digest(scope: str) -> str:
    """A short id for a scope, the same for every spelling of it."""
    return hashlib.sha256(name_key(scope).encode()).hexdigest()[:8]
