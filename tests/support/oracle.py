"""An independent reading of DESIGN.md sections 3-5: the view and series at any version,
folded straight from the history entries. Tests compare the service's read models
with it, entry by entry. It shares no code with the projections.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

DETAIL_FIELDS = ("title", "summary", "location", "occurred_at", "tags")


def instant(text: str) -> datetime:
    """A time as an instant, whatever its offset or spelling."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def retractions(entries: list[dict[str, Any]], version: int) -> dict[int, dict[str, Any]]:
    """Retracted entry number -> the retraction entry, among entries up to `version`."""
    return {
        e["data"]["entry"]: e
        for e in entries
        if e["entry"] <= version and e["type"] == "EntryRetracted"
    }


def expected_view(entries: list[dict[str, Any]], version: int) -> dict[str, Any]:
    """The parts of the incident view that depend on the entries up to `version`."""
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
    figures: dict[str, dict[str, Any]] = {}
    for e in live:
        if e["type"] != "FigureReported":
            continue
        category = figures.setdefault(e["data"]["category"], {})
        source = " ".join(e["data"]["source"]["name"].casefold().split())
        best = category.get(source)
        if best is None or _figure_order(e) >= _figure_order(best):
            category[source] = e
    current = {}
    for category, by_source in figures.items():
        heads = sorted(by_source.values(), key=_figure_order, reverse=True)
        current[category] = {
            "entry": heads[0]["entry"],
            "text": heads[0]["data"]["text"],
            "by_source": sorted(h["entry"] for h in heads),
        }
    return {
        "version": version,
        **details,
        "occurred_at": instant(details["occurred_at"]),
        "figures": current,
        "attributions": [e["entry"] for e in live if e["type"] == "ResponsibilityAsserted"],
        "statements": [e["entry"] for e in live if e["type"] == "StatementRecorded"],
        "retracted_entries": sorted(retracted),
    }


def _figure_order(entry: dict[str, Any]) -> tuple[datetime, int]:
    return instant(entry["data"]["as_of"]), entry["entry"]


def expected_series(entries: list[dict[str, Any]], version: int) -> list[dict[str, Any]]:
    """The figure series at `version`: entry, retracted, retracted_at, by as_of then entry."""
    retracted = retractions(entries, version)
    figures = [e for e in entries if e["entry"] <= version and e["type"] == "FigureReported"]
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
                "entry": figure["entry"],
                "text": figure["text"],
                "by_source": sorted(f["entry"] for f in figure["by_source"]),
            }
            for category, figure in view["figures"].items()
        },
        "attributions": [a["entry"] for a in view["attributions"]],
        "statements": [s["entry"] for s in view["statements"]],
        "retracted_entries": view["retracted_entries"],
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
