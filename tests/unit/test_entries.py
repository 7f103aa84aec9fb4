"""Entries as the history shows them: the plain payload of each event of an Incident."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.commands import (
    AssertResponsibility,
    OpenIncident,
    RecordStatement,
    ReportFigure,
    RetractEntry,
    ReviseDetails,
)
from domain.entries import entry_of, payload, plain
from domain.figures import Figure
from domain.incident import Incident
from domain.values import Category, Location, Source, SourceKind, Stance

BOOKKEEPING = {
    "originator_id",
    "originator_version",
    "timestamp",
    "originator_topic",
    "reported_by",
    "hash",
}
PUBLISHED = datetime(2024, 3, 22, 20, 15, tzinfo=UTC)
TASS = Source("TASS", url="https://tass.com/", published_at=PUBLISHED, kind=SourceKind.STATE_MEDIA)
TASS_DATA = {
    "name": "TASS",
    "url": "https://tass.com/",
    "published_at": "2024-03-22T20:15:00+00:00",
    "kind": "state_media",
}


def recorded() -> tuple[Incident, list[Any]]:
    """An incident with one entry of each kind, and its events in order."""
    now = datetime.now(UTC)
    occurred_at = now - timedelta(hours=2)
    incident = Incident.open(
        OpenIncident(
            title="Concert hall attack",
            occurred_at=occurred_at,
            location=Location("Krasnogorsk", 55.82, 37.39, "ru"),
            tags=["attack"],
            source=TASS,
            reported_by="alice",
        ),
        now,
    )
    incident.carry_out(
        ReviseDetails(
            occurred_at=occurred_at - timedelta(minutes=30),
            reason="the first reports were late",
            reported_by="erin",
        ),
        now,
    )
    incident.carry_out(
        ReportFigure(
            category=Category.KILLED,
            figure=Figure.parse("at least 40 people"),
            as_of=now - timedelta(hours=1),
            note="early count",
            source=TASS,
            reported_by="bob",
        ),
        now,
    )
    incident.carry_out(
        AssertResponsibility(
            party="IS-K",
            stance=Stance.CLAIMS,
            asserted_by="IS-K",
            channel="Telegram",
            stated_at=now - timedelta(minutes=50),
            source=TASS,
            reported_by="carol",
        ),
        now,
    )
    incident.carry_out(
        RecordStatement(
            speaker="The governor",
            statement="Stay away from the area.",
            stated_at=now - timedelta(minutes=40),
            topic="warning",
            source=TASS,
            reported_by="dan",
        ),
        now,
    )
    incident.carry_out(RetractEntry(entry=3, reason="duplicate", reported_by="frank"), now)
    return incident, incident.collect_events()


def figure_event() -> Any:
    """The FigureReported event of the recorded incident."""
    return recorded()[1][2]


def test_the_payload_leaves_out_the_bookkeeping_fields() -> None:
    _, events = recorded()

    for event in events:
        assert not BOOKKEEPING & set(payload(event)), type(event).__name__


def test_the_payload_keeps_every_field_the_command_recorded() -> None:
    _, events = recorded()

    for event in events:
        assert set(payload(event)) == set(vars(event)) - BOOKKEEPING, type(event).__name__


def test_the_payload_of_a_figure_holds_the_figure_its_time_note_and_source() -> None:
    event = figure_event()

    assert payload(event) == {
        "category": "killed",
        "text": "at least 40 people",
        "qualifier": "at_least",
        "value": 40,
        "low": 40,
        "high": None,
        "as_of": event.as_of.isoformat(),
        "note": "early count",
        "source": TASS_DATA,
        "read_from": "text",
        "language": None,
        "scope": None,
    }


def test_times_in_the_payload_become_iso_8601_strings() -> None:
    _, events = recorded()
    opening, revision, figure, attribution, statement, _ = events

    assert payload(opening)["occurred_at"] == opening.occurred_at.isoformat()
    assert payload(revision)["occurred_at"] == revision.occurred_at.isoformat()
    assert payload(figure)["as_of"] == figure.as_of.isoformat()
    assert payload(attribution)["stated_at"] == attribution.stated_at.isoformat()
    assert payload(statement)["stated_at"] == statement.stated_at.isoformat()
    assert datetime.fromisoformat(payload(figure)["as_of"]) == figure.as_of


def test_every_payload_is_plain_json() -> None:
    _, events = recorded()

    for event in events:
        data = payload(event)
        assert json.loads(json.dumps(data)) == data, type(event).__name__


def test_the_payload_of_the_opening_holds_the_details_and_source() -> None:
    opening = recorded()[1][0]

    assert payload(opening) == {
        "title": "Concert hall attack",
        "occurred_at": opening.occurred_at.isoformat(),
        "location": {"name": "Krasnogorsk", "lat": 55.82, "lon": 37.39, "country_code": "RU"},
        "summary": None,
        "tags": ["attack"],
        "source": TASS_DATA,
    }


def test_the_payload_of_a_retraction_names_the_entry_and_reason() -> None:
    retraction = recorded()[1][5]

    assert payload(retraction) == {"entry": 3, "reason": "duplicate", "source": None}


def test_an_entry_is_numbered_typed_and_stamped_by_its_event() -> None:
    incident, events = recorded()

    entries = [entry_of(event) for event in events]

    assert [entry.entry for entry in entries] == [1, 2, 3, 4, 5, 6]
    assert [entry.type for entry in entries] == [
        "IncidentOpened",
        "DetailsRevised",
        "FigureReported",
        "ResponsibilityAsserted",
        "StatementRecorded",
        "EntryRetracted",
    ]
    assert [entry.reported_by for entry in entries] == [
        "alice",
        "erin",
        "bob",
        "carol",
        "dan",
        "frank",
    ]
    assert all(entry.incident_id == incident.id for entry in entries)
    assert [entry.recorded_at for entry in entries] == [event.timestamp for event in events]


def test_an_entry_carries_its_event_payload_as_data() -> None:
    event = figure_event()

    assert entry_of(event).data == payload(event)


def test_plain_walks_containers_and_turns_times_into_strings() -> None:
    moment = datetime(2024, 3, 22, 20, 15, 30, 123456, tzinfo=UTC)

    assert plain({"at": [moment, (moment, 1)], "n": None, "s": "x"}) == {
        "at": ["2024-03-22T20:15:30.123456+00:00", ["2024-03-22T20:15:30.123456+00:00", 1]],
        "n": None,
        "s": "x",
    }
