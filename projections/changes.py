"""What changed in an incident's view between two versions, for auditors.

A pure comparison of two views (the earlier one may be None: before the incident
existed). Figures are reported where a category's current figure changed;
attributions and statements where they were added; retractions and revised
details as they happened between the two versions.
"""

from __future__ import annotations

from typing import Any

from domain.details import DETAIL_FIELDS


def changes(before: dict[str, Any] | None, after: dict[str, Any]) -> dict[str, Any]:
    """The differences from `before` (None: nothing yet) to `after`."""
    earlier = before or {
        "version": 0,
        "figures": {},
        "attributions": [],
        "statements": [],
        "retracted_entries": [],
    }
    figures = {}
    for category in sorted(set(earlier["figures"]) | set(after["figures"])):
        old, new = earlier["figures"].get(category), after["figures"].get(category)
        if _shown(old) != _shown(new):
            figures[category] = {"before": old, "after": new}
    revised = {
        name: {"before": earlier.get(name), "after": after[name]}
        for name in DETAIL_FIELDS
        if before is not None and earlier.get(name) != after[name]
    }
    return {
        "from": earlier["version"],
        "to": after["version"],
        "figures": figures,
        "attributions_added": _added(earlier["attributions"], after["attributions"]),
        "statements_added": _added(earlier["statements"], after["statements"]),
        "retracted": sorted(set(after["retracted_entries"]) - set(earlier["retracted_entries"])),
        "revised": revised,
    }


def _shown(figure: dict[str, Any] | None) -> tuple[Any, ...]:
    """What makes a category's figure another: its entry, the source followed, and the
    current entries of its scoped series."""
    if figure is None:
        return ()
    scoped = figure.get("scoped") or {}
    return (
        figure.get("entry"),
        figure.get("followed_source"),
        tuple(sorted((scope, s["entry"], s["followed_source"]) for scope, s in scoped.items())),
    )


def _added(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[dict[str, Any]]:
    seen = {item["entry"] for item in old}
    return [item for item in new if item["entry"] not in seen]
