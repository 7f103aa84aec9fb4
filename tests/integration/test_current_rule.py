"""The current-figure rule is written once, in `domain.current`: the SQL read models
(their ORDER BY generated from it), the rebuild's in-memory state and the listing
all pick the figure that the domain's own function picks, on random series."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

import pytest

from api.bootstrap import Parts
from domain import current as rule
from domain import names
from projections.list_pages import ListQuery
from tests.support.timelines import apply_timeline, random_timeline


def expected_current(
    series: list[dict[str, Any]], followed: dict[str, str | None] | None = None
) -> dict[str, int]:
    """Each category's current figure of the unscoped series, as `domain.current` picks it
    from the sources' heads in the series (following `followed[category]`, if any)."""
    heads: dict[str, dict[str, dict[str, Any]]] = {}
    for item in series:
        if item["retracted"] or item["scope"] is not None:
            continue
        by_source = heads.setdefault(item["category"], {})
        source = names.name_key(item["source"]["name"])
        if source not in by_source or _order(item) > _order(by_source[source]):
            by_source[source] = item
    picked = {
        category: rule.current_figure(
            list(by_source.values()),
            _order,
            lambda item: names.name_key(item["source"]["name"]),
            names.name_key(chosen) if (chosen := (followed or {}).get(category)) else None,
        )
        for category, by_source in heads.items()
    }
    return {category: item["entry"] for category, item in picked.items() if item is not None}


def _order(item: dict[str, Any]) -> rule.Precedence:
    return rule.precedence(_instant(item["as_of"]), item["entry"])


def _instant(text: str) -> datetime:
    return datetime.fromisoformat(text)


def shown(parts: Parts, incident: UUID, version: int | None = None) -> dict[str, int]:
    """Each category's current figure as the view shows it."""
    view = parts.views.view(incident, version=version)
    return {
        category: figure["entry"]
        for category, figure in view["figures"].items()
        if figure["entry"] is not None
    }


def followed(parts: Parts, incident: UUID, version: int | None = None) -> dict[str, str | None]:
    """Each category's followed source, as the view names it."""
    view = parts.views.view(incident, version=version)
    return {category: figure["followed_source"] for category, figure in view["figures"].items()}


def listed(parts: Parts, incident: UUID) -> dict[str, int]:
    """Each category's headline figure as the incident list shows it."""
    items, _ = parts.views.incidents(ListQuery(limit=1000))
    (item,) = [i for i in items if i["id"] == str(incident)]
    return {category: figure["entry"] for category, figure in item["figures"].items()}


@pytest.mark.parametrize("seed", range(6))
def test_the_views_pick_the_figure_the_domain_rule_picks_at_every_version(
    parts: Parts, seed: int
) -> None:
    incident = apply_timeline(parts, random_timeline(seed, length=40))
    parts.catch_up()
    current = parts.views.version(incident)

    for version in range(1, current + 1):
        series = parts.views.series(incident, version=version)
        chosen = followed(parts, incident, version)
        assert shown(parts, incident, version) == expected_current(series, chosen), version
    chosen = followed(parts, incident)
    assert listed(parts, incident) == expected_current(parts.views.series(incident), chosen)


@pytest.mark.parametrize("seed", range(3))
def test_a_rebuild_picks_the_same_figures_as_the_domain_rule(parts: Parts, seed: int) -> None:
    incident = apply_timeline(parts, random_timeline(100 + seed, length=60))
    parts.projector.rebuild()

    expected = expected_current(parts.views.series(incident), followed(parts, incident))
    assert shown(parts, incident) == expected
    assert listed(parts, incident) == expected


def test_the_sql_order_is_generated_from_the_rule() -> None:
    assert rule.order_by({"as_of": "as_of_key", "entry": "entry"}, prefix="f.") == (
        "f.as_of_key DESC, f.entry DESC"
    )
