"""How a chart draws one report: its source's colour and shape, its bounds, its state.

Sources are told apart by colour and shape together, never colour alone: the colours
are the Okabe-Ito palette (which colour-blind readers tell apart), and each source
also has a shape of its own. A retracted report stays at its real value, hollow and
struck through. The same styles draw the legend's swatches.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup, escape

from domain.names import name_key

# Okabe-Ito, without black (the step line's colour) and with yellow, the faintest on
# white, last; every filled mark also has a dark outline.
COLOURS = ("#E69F00", "#56B4E9", "#009E73", "#D55E00", "#0072B2", "#CC79A7", "#F0E442")
OUTLINE = "#1d1d1d"
# Shapes centred on 0,0, about 14 units across.
SHAPES: dict[str, str] = {
    "circle": "M-6,0A6,6 0 1,0 6,0A6,6 0 1,0 -6,0Z",
    "square": "M-5.5,-5.5H5.5V5.5H-5.5Z",
    "diamond": "M0,-7.5L7.5,0L0,7.5L-7.5,0Z",
    "triangle": "M0,-7L7,5.5H-7Z",
    "inverted triangle": "M0,7L7,-5.5H-7Z",
    "hexagon": "M-7,0L-3.5,-6H3.5L7,0L3.5,6H-3.5Z",
    "pentagon": "M0,-7L6.7,-2.2L4.1,5.7H-4.1L-6.7,-2.2Z",
}
SHAPE_NAMES = tuple(SHAPES)
UP = ("at_least", "more_than")
DOWN = ("at_most", "fewer_than", "nearly")
ARROW = 26  # how far a bound's arrow reaches, in chart units


@dataclass(frozen=True, slots=True)
class Style:
    """How one source's reports look."""

    colour: str
    shape: str

    def path(self, x: float, y: float, *, hollow: bool = False) -> str:
        """The source's shape at (x, y): filled and outlined, or hollow when retracted."""
        fill, stroke, width = ("#ffffff", self.colour, 2.5) if hollow else (self.colour, OUTLINE, 1)
        return (
            f'<path class="shape" data-shape="{self.shape}" d="{SHAPES[self.shape]}" '
            f'transform="translate({x:.1f} {y:.1f})" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{width}"/>'
        )

    def swatch(self, *, hollow: bool = False) -> Markup:
        """The source's mark alone, for the legend."""
        struck = (
            f'<line x1="-8" y1="8" x2="8" y2="-8" stroke="{OUTLINE}" stroke-width="1.5"/>'
            if hollow
            else ""
        )
        return Markup(
            '<svg class="swatch" viewBox="-9 -9 18 18" width="18" height="18" '
            f'aria-hidden="true" focusable="false">{self.path(0, 0, hollow=hollow)}{struck}</svg>'
        )


class Palette:
    """A style for each source of an incident, in the order the sources first reported:
    the same source looks the same in every chart of the page."""

    def __init__(self, names: Iterable[str]) -> None:
        self.names: dict[str, str] = {}  # source key -> the first spelling seen
        for name in names:
            self.names.setdefault(name_key(name), name)
        self._order = {key: index for index, key in enumerate(self.names)}

    @classmethod
    def of(cls, series: Iterable[dict[str, Any]]) -> Palette:
        """The palette of a series' sources, by entry."""
        ordered = sorted(series, key=lambda item: item["entry"])
        return cls(item["source"]["name"] for item in ordered)

    def style(self, name: str) -> Style:
        """The style of a source: seven colours, and seven shapes turned one further each
        time the colours come round, so 49 sources look different."""
        index = self._order.get(name_key(name), len(self._order))
        turn = index // len(COLOURS)
        return Style(COLOURS[index % len(COLOURS)], SHAPE_NAMES[(index + turn) % len(SHAPES)])

    def legend(self, series: Iterable[dict[str, Any]]) -> list[tuple[str, Style]]:
        """The sources of a chart, each once, in the palette's order, with their styles."""
        present = {name_key(item["source"]["name"]) for item in series}
        return [(name, self.style(name)) for key, name in self.names.items() if key in present]


def mark(
    item: dict[str, Any],
    number: float,
    style: Style,
    x: float,
    y: Callable[[float], float],
    label: str,
) -> str:
    """One report as a group: bounds where the wording gives them, its shape, a strike
    when retracted, and a `<title>` a browser shows on hover."""
    retracted = bool(item["retracted"])
    colour = "#8c8c8c" if retracted else style.colour
    parts = [_bounds(item, x, y, colour)]
    parts.append(style.path(x, y(number), hollow=retracted))
    if retracted:
        cy = y(number)
        parts.append(
            f'<line class="strike" x1="{x - 9:.1f}" y1="{cy + 9:.1f}" x2="{x + 9:.1f}" '
            f'y2="{cy - 9:.1f}" stroke="{OUTLINE}" stroke-width="2"/>'
        )
    classes = "report retracted" if retracted else "report"
    return (
        f'<g class="{classes}" data-entry="{item["entry"]}" '
        f'data-source="{escape(item["source"]["name"])}"><title>{escape(label)}</title>'
        + "".join(part for part in parts if part)
        + "</g>"
    )


def _bounds(item: dict[str, Any], x: float, y: Callable[[float], float], colour: str) -> str:
    """An arrow up from a floor, down from a ceiling, or a bar from low to high."""
    low, high, qualifier = item["low"], item["high"], item["qualifier"]
    if qualifier in UP or (low is not None and high is None and qualifier != "approximately"):
        return "" if low is None else _arrow(x, y(low), -1, colour)
    if qualifier in DOWN or (high is not None and low is None):
        return "" if high is None else _arrow(x, y(high), 1, colour)
    if low is not None and high is not None and low != high:
        top, bottom = y(high), y(low)
        return (
            f'<path class="bound" d="M{x - 5:.1f},{top:.1f}H{x + 5:.1f}M{x:.1f},{top:.1f}'
            f'V{bottom:.1f}M{x - 5:.1f},{bottom:.1f}H{x + 5:.1f}" stroke="{colour}" '
            'stroke-width="2" fill="none"/>'
        )
    return ""


def _arrow(x: float, from_y: float, direction: int, colour: str) -> str:
    tip = from_y + direction * ARROW
    return (
        f'<path class="bound" d="M{x:.1f},{from_y:.1f}V{tip:.1f}M{x - 4:.1f},'
        f'{tip - direction * 6:.1f}L{x:.1f},{tip:.1f}L{x + 4:.1f},{tip - direction * 6:.1f}" '
        f'stroke="{colour}" stroke-width="2" fill="none"/>'
    )
