"""What the incident page shows, built from the view and the series the read models give.

The figure cards (each category's current figure, its headline source, the sources
that disagree, the scoped series beside it, notes), a chart per series, the
responsibility grouped by party, and the timeline. Categories come in the
contract's order (`domain.values.Category`); the sentences are the table of entry
kinds' (`api.entry_kinds`), with user text isolated (`api.pages.sentences`).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from markupsafe import Markup

from api.pages.charts import chart
from api.pages.marks import Palette, Style
from api.pages.scales import TimeScale
from api.pages.sentences import sentence
from api.pages.times import parse
from domain.entries import Entry
from domain.names import name_key
from domain.values import Category, Stance

STANCES = [Stance.CLAIMS, Stance.CONFIRMS, Stance.ALLEGES, Stance.DENIES, Stance.REJECTS]


@dataclass(frozen=True, slots=True)
class SeriesShown:
    """One series (a category, and a scope or none) with its chart and legend."""

    category: str
    scope: str | None
    items: list[dict[str, Any]]
    chart: Markup
    legend: list[tuple[str, Style]]
    followed: str | None

    @property
    def anchor(self) -> str:
        """The id of the series' heading."""
        return f"series-{self.category}" + (
            "-" + "-".join(name_key(self.scope).split()) if self.scope else ""
        )


@dataclass(frozen=True, slots=True)
class Card:
    """A category's figures as its card shows them."""

    category: str
    headline: dict[str, Any] | None  # None when only scoped series have figures
    scoped: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def cards(figures: dict[str, dict[str, Any]]) -> list[Card]:
    """Each category's card, in the contract's order."""
    shown = []
    for category in Category:
        figure = figures.get(category.value)
        if figure is None:
            continue
        headline = figure if figure.get("text") is not None else None
        shown.append(Card(category.value, headline, list((figure.get("scoped") or {}).items())))
    return shown


def series_shown(
    view: dict[str, Any], series: list[dict[str, Any]], occurred_at: datetime
) -> list[SeriesShown]:
    """Every series with a chart, categories in the contract's order, each category's
    headline series first and its scoped series after, in the order they began. The
    charts share one time scale and one palette, so a source looks the same in each."""
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    spelt: dict[tuple[str, str], str | None] = {}
    for item in sorted(series, key=lambda item: item["entry"]):
        key = (item["category"], name_key(item.get("scope") or ""))
        grouped[key].append(item)
        spelt.setdefault(key, item.get("scope") or None)
    if not grouped:
        return []
    scale = TimeScale.of(occurred_at, (parse(item["as_of"]) for item in series))
    palette = Palette.of(series)
    shown = []
    for category in Category:
        keys = sorted(
            (key for key in grouped if key[0] == category.value),
            key=lambda key: (key[1] != "", grouped[key][0]["entry"]),
        )
        for key in keys:
            items = sorted(grouped[key], key=lambda item: (item["as_of"], item["entry"]))
            figure = _series_figure(view["figures"].get(category.value), key[1])
            followed = None if figure is None else figure.get("followed_source")
            scope = spelt[key] if key[1] else None
            drawn = chart(
                category.value, items, figure,
                scale=scale, palette=palette, followed=followed, scope=scope,
            )  # fmt: skip
            shown.append(
                SeriesShown(
                    category.value, scope, items, Markup(drawn), palette.legend(items), followed
                )
            )
    return shown


def _series_figure(figure: dict[str, Any] | None, scope_key: str) -> dict[str, Any] | None:
    """The view's current figure of one series of a category, if it has one."""
    if figure is None:
        return None
    if not scope_key:
        return figure if figure.get("text") is not None else None
    for scope, scoped in (figure.get("scoped") or {}).items():
        if name_key(scope) == scope_key:
            found: dict[str, Any] = scoped
            return found
    return None


def parties(
    attributions: list[dict[str, Any]],
) -> list[tuple[str, list[tuple[str, list[dict[str, Any]]]]]]:
    """Attributions grouped by party, then by stance (claims, confirms, alleges, denies,
    rejects), parties in the order they were first named; each with its sentence."""
    grouped: dict[str, dict[str, list[dict[str, Any]]]] = {}
    spelling: dict[str, str] = {}
    for item in attributions:
        key = name_key(item["party"])
        spelling.setdefault(key, item["party"])
        said = {**item, "sentence": sentence("ResponsibilityAsserted", item)}
        grouped.setdefault(key, defaultdict(list))[item["stance"]].append(said)
    return [
        (spelling[key], [(s.value, stances[s.value]) for s in STANCES if stances.get(s.value)])
        for key, stances in grouped.items()
    ]


def row(entry: Entry, retracted: bool, as_of: datetime | None) -> dict[str, Any]:
    """An entry as the timeline shows it."""
    data = entry.data
    valid = data.get("as_of") or data.get("stated_at") or data.get("occurred_at")
    return {
        "entry": entry.entry,
        "what": sentence(entry.type, data),
        "note": data.get("note"),
        "source": (data.get("source") or {}).get("name"),
        "valid_time": valid,
        "recorded_at": entry.recorded_at.isoformat(),
        "reported_by": entry.reported_by,
        "retracted": retracted,
        "later": as_of is not None
        and entry.type in ("FigureReported", "ResponsibilityAsserted", "StatementRecorded")
        and valid is not None
        and parse(valid) > as_of,
    }


def latest_valid_time(view: dict[str, Any], series: list[dict[str, Any]]) -> str:
    """The latest moment anything in the view refers to: the "as reported at" time that
    shows everything, which the control starts from."""
    times: list[str] = [view["occurred_at"]]
    times += [item["as_of"] for item in series]
    times += [item["stated_at"] for item in (*view["attributions"], *view["statements"])]
    return max(times, key=parse)
