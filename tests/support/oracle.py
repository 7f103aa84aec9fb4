"""An independent reading of DESIGN.md sections 2-5: the view and series at any version
(and as reported at any moment), folded straight from the history entries. Tests
compare the service's read models with it, entry by entry. It shares no code with
the projections or the domain's rules.
"""

from __future__ import annotations

import unicodedata
from datetime import datetime, timedelta
from typing import Any

DETAIL_FIELDS = ("title", "summary", "location", "occurred_at", "tags")
WINDOW = timedelta(hours=6)


def instant(text: str) -> datetime:
    """A time as an instant, whatever its offset or spelling."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def same(name: str | None) -> str:
    """DESIGN §4 "Source names": the key two spellings of one name share."""
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    return " ".join(text.casefold().split())


def retractions(entries: list[dict[str, Any]], version: int) -> dict[int, dict[str, Any]]:
    """Retracted entry number -> the retraction entry, among entries up to `version`."""
    return {
        e["data"]["entry"]: e
        for e in entries
        if e["entry"] <= version and e["type"] == "EntryRetracted"
    }


def expected_view(
    entries: list[dict[str, Any]], version: int, as_of: datetime | None = None
) -> dict[str, Any]:
    """The parts of the incident view that depend on the entries up to `version`, as
    reported by `as_of` if given."""
    upto = [e for e in entries if e["entry"] <= version]
    retracted = retractions(entries, version)
    details: dict[str, Any] = {}
    for e in upto:
        data = e["data"]
        if e["type"] == "IncidentOpened":
            details = {name: data[name] for name in DETAIL_FIELDS}
        elif e["type"] == "DetailsRevised" and e["entry"] not in retracted:
            for name in DETAIL_FIELDS:
                if data[name] is not None or name in data["cleared"]:
                    details[name] = data[name]
    live = [e for e in upto if e["entry"] not in retracted]

    def reported(e: dict[str, Any], field: str) -> bool:
        return as_of is None or instant(e["data"][field]) <= as_of

    withdrawals = [e["entry"] for e in live if e["type"] == "IncidentWithdrawn"]
    return {
        "version": version,
        **details,
        "occurred_at": instant(details["occurred_at"]),
        "figures": _figures(upto, live, as_of),
        "attributions": [
            e["entry"]
            for e in live
            if e["type"] == "ResponsibilityAsserted" and reported(e, "stated_at")
        ],
        "statements": [
            e["entry"]
            for e in live
            if e["type"] == "StatementRecorded" and reported(e, "stated_at")
        ],
        "retracted_entries": sorted(retracted),
        "withdrawn": withdrawals[-1] if withdrawals else None,
    }


def _figures(
    upto: list[dict[str, Any]], live: list[dict[str, Any]], as_of: datetime | None
) -> dict[str, Any]:
    """Each category's headline series and scoped series, as DESIGN §4 says."""
    heads: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for e in live:
        if e["type"] != "FigureReported":
            continue
        if as_of is not None and instant(e["data"]["as_of"]) > as_of:
            continue
        series = (e["data"]["category"], same(e["data"].get("scope")))
        source = same(e["data"]["source"]["name"])
        best = heads.setdefault(series, {}).get(source)
        if best is None or _figure_order(e) > _figure_order(best):
            heads[series][source] = e
    followed: dict[tuple[str, str], dict[str, Any]] = {}
    for e in live:
        if e["type"] == "HeadlineSourceChosen":
            followed[e["data"]["category"], same(e["data"].get("scope"))] = e
    spelling: dict[tuple[str, str], str] = {}  # the first spelling of each scope
    for e in upto:
        if e["type"] == "FigureReported" and e["data"].get("scope"):
            spelling.setdefault(
                (e["data"]["category"], same(e["data"]["scope"])), e["data"]["scope"]
            )
    shown: dict[str, Any] = {}
    for (category, scope), by_source in sorted(heads.items()):
        choice = followed.get((category, scope))
        view = _series(list(by_source.values()), choice)
        place = shown.setdefault(category, {"entry": None, "scoped": {}})
        if scope == "":
            place.update(view)
        else:
            place["scoped"][spelling[category, scope]] = view
    return shown


def _series(heads: list[dict[str, Any]], choice: dict[str, Any] | None) -> dict[str, Any]:
    name = None if choice is None else choice["data"]["source_name"]
    mine = [
        h for h in heads if name is not None and same(h["data"]["source"]["name"]) == same(name)
    ]
    current = max(mine or heads, key=_figure_order)
    return {
        "entry": current["entry"],
        "text": current["data"]["text"],
        "by_source": sorted(h["entry"] for h in heads),
        "followed_source": None if name is None else same(name),  # spelt as tested elsewhere
        "disagreement": _disagreement(heads, instant(current["data"]["as_of"])),
    }


def _disagreement(heads: list[dict[str, Any]], around: datetime) -> dict[str, Any] | None:
    near = [
        h
        for h in heads
        if abs(instant(h["data"]["as_of"]) - around) <= WINDOW
        and (h["data"]["low"] is not None or h["data"]["high"] is not None)
    ]
    intervals = [(h["data"]["low"] or 0, h["data"]["high"]) for h in near]
    apart = any(
        high is not None and other_low > high for _, high in intervals for other_low, _ in intervals
    )
    if not apart:
        return None
    highs = [high for _, high in intervals]
    return {
        "low": min(low for low, _ in intervals),
        "high": None if None in highs else max(h for h in highs if h is not None),
        "sources": sorted({same(h["data"]["source"]["name"]) for h in near}),
    }


def _figure_order(entry: dict[str, Any]) -> tuple[datetime, int]:
    return instant(entry["data"]["as_of"]), entry["entry"]


def expected_series(
    entries: list[dict[str, Any]], version: int, as_of: datetime | None = None
) -> list[dict[str, Any]]:
    """The figure series at `version` (reported by `as_of`): entry, retracted,
    retracted_at, by as_of then entry."""
    retracted = retractions(entries, version)
    figures = [
        e
        for e in entries
        if e["entry"] <= version
        and e["type"] == "FigureReported"
        and (as_of is None or instant(e["data"]["as_of"]) <= as_of)
    ]
    return [
        {
            "entry": e["entry"],
            "retracted": e["entry"] in retracted,
            "retracted_at": instant(retracted[e["entry"]]["recorded_at"])
            if e["entry"] in retracted
            else None,
        }
        for e in sorted(figures, key=_figure_order)
    ]


def observed_view(view: dict[str, Any]) -> dict[str, Any]:
    """The same parts of a view the service returned, in the oracle's shape."""
    return {
        "version": view["version"],
        **{name: view[name] for name in DETAIL_FIELDS},
        "occurred_at": instant(view["occurred_at"]),
        "figures": {
            category: {
                **({} if figure["entry"] is None else _observed_series(figure)),
                "entry": figure["entry"],
                "scoped": {
                    scope: _observed_series(series) for scope, series in figure["scoped"].items()
                },
            }
            for category, figure in view["figures"].items()
        },
        "attributions": [a["entry"] for a in view["attributions"]],
        "statements": [s["entry"] for s in view["statements"]],
        "retracted_entries": view["retracted_entries"],
        "withdrawn": None if view["withdrawn"] is None else view["withdrawn"]["entry"],
    }


def _observed_series(series: dict[str, Any]) -> dict[str, Any]:
    disagreement = series["disagreement"]
    return {
        "entry": series["entry"],
        "text": series["text"],
        "by_source": sorted(f["entry"] for f in series["by_source"]),
        "followed_source": None
        if series["followed_source"] is None
        else same(series["followed_source"]),
        "disagreement": None
        if disagreement is None
        else {**disagreement, "sources": sorted(same(s) for s in disagreement["sources"])},
    }


def observed_series(series: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The same parts of a series the service returned."""
    return [
        {
            "entry": item["entry"],
            "retracted": item["retracted"],
            "retracted_at": instant(item["retracted_at"]) if item["retracted_at"] else None,
        }
        for item in series
    ]
