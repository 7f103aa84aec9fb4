"""Revisions of an incident's details, and what retracting them restores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from domain.errors import InvalidValue, NothingToRevise
from domain.values import Location
from tests.support.incidents import opened, report, retract, revise

# Revisions ---------------------------------------------------------------------------


def test_a_revision_that_names_no_field_is_refused() -> None:
    incident = opened()

    with pytest.raises(NothingToRevise):
        revise(incident, {})

    assert incident.version == 1


@pytest.mark.parametrize(
    "changes",
    [
        {"title": "Explosion at the central market"},
        {"title": "  Explosion at the central market  "},
        {"summary": "A blast at the market at midday."},
        {"location": Location("Kyiv", 50.45, 30.52, "ua")},
        {"tags": ["explosion", "Explosion"]},
        {"title": "Explosion at the central market", "tags": ["explosion"]},
    ],
    ids=["title", "padded title", "summary", "location", "tags", "title and tags"],
)
def test_a_revision_that_changes_nothing_is_refused(changes: dict[str, Any]) -> None:
    incident = opened()

    with pytest.raises(NothingToRevise):
        revise(incident, changes)

    assert incident.version == 1


def test_a_revision_of_the_time_to_the_same_moment_changes_nothing() -> None:
    incident = opened()
    moment = incident.details["occurred_at"]

    with pytest.raises(NothingToRevise):
        revise(incident, {"occurred_at": moment})

    assert incident.version == 1


def test_a_revision_of_a_field_that_is_not_a_detail_is_refused() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, {"headline": "Blast"})

    assert incident.version == 1


@pytest.mark.parametrize("changes", [{"title": None}, {"title": ""}, {"title": "   "}])
def test_clearing_the_title_is_refused(changes: dict[str, Any]) -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, changes)

    assert incident.version == 1


@pytest.mark.parametrize("field", ["location", "occurred_at", "tags"])
def test_clearing_a_detail_other_than_the_summary_is_refused(field: str) -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, {field: None})

    assert incident.version == 1


def test_a_revision_with_summary_none_clears_the_summary() -> None:
    incident = opened()

    revise(incident, {"summary": None})

    assert incident.details["summary"] is None
    assert incident.version == 2
    (event,) = incident.collect_events()[1:]
    assert event.cleared == ["summary"]


def test_a_revision_changes_only_the_details_it_names() -> None:
    incident = opened()
    before = dict(incident.details)
    moment = datetime.now(UTC) - timedelta(hours=3)

    revise(
        incident,
        {
            "title": "Blast at the market",
            "location": Location("Kyiv, Podil", 50.46, 30.51, "ua"),
            "occurred_at": moment,
            "tags": ["blast", "Blast", "market"],
        },
    )

    assert incident.details == {
        "title": "Blast at the market",
        "summary": before["summary"],
        "location": {"name": "Kyiv, Podil", "lat": 50.46, "lon": 30.51, "country_code": "UA"},
        "occurred_at": moment,
        "tags": ["blast", "market"],
    }


def test_a_revision_needs_a_reason() -> None:
    incident = opened()

    with pytest.raises(InvalidValue):
        revise(incident, {"title": "Blast at the market"}, reason="")

    assert incident.version == 1


def test_retracting_a_revision_restores_the_details_from_the_opening_and_remaining_revisions() -> (
    None
):
    incident = opened()
    opening = dict(incident.details)
    revise(incident, {"title": "Blast at the market"})  # entry 2
    revise(incident, {"summary": "Two blasts, minutes apart."})  # entry 3
    revise(incident, {"tags": ["blast"]})  # entry 4

    retract(incident, 2)

    assert incident.details == opening | {
        "summary": "Two blasts, minutes apart.",
        "tags": ["blast"],
    }


def test_retracting_the_later_of_two_title_revisions_restores_the_earlier_one() -> None:
    incident = opened()
    revise(incident, {"title": "Blast at the market"})  # entry 2
    revise(incident, {"title": "Two blasts at the market"})  # entry 3

    retract(incident, 3)
    assert incident.details["title"] == "Blast at the market"

    retract(incident, 2)
    assert incident.details["title"] == "Explosion at the central market"


def test_retracting_a_revision_that_cleared_the_summary_restores_it() -> None:
    incident = opened()
    revise(incident, {"summary": None})  # entry 2

    retract(incident, 2)

    assert incident.details["summary"] == "A blast at the market at midday."


def test_retracting_an_entry_that_is_not_a_revision_leaves_the_details_alone() -> None:
    incident = opened()
    revise(incident, {"title": "Blast at the market"})  # entry 2
    report(incident)  # entry 3
    details = dict(incident.details)

    retract(incident, 3)

    assert incident.details == details


def test_after_a_revision_is_retracted_its_value_can_be_revised_to_again() -> None:
    incident = opened()
    revise(incident, {"title": "Blast at the market"})  # entry 2
    retract(incident, 2)  # entry 3

    revise(incident, {"title": "Blast at the market"})

    assert incident.details["title"] == "Blast at the market"
    assert incident.version == 4
