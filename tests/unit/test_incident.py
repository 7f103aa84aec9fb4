"""The Incident aggregate used directly: entries, their names, times and retractions."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import reduce
from itertools import pairwise

import pytest
from eventsourcing.utils import get_topic

from domain.errors import InvalidRetraction, InvalidValue
from domain.incident import Incident
from tests.support.incidents import attribute, opened, report, retract, revise, state

# Entries and their names ----------------------------------------------------------------


def test_opening_an_incident_makes_entry_one_named_incident_opened() -> None:
    incident = opened()

    events = incident.collect_events()
    assert incident.version == 1
    assert [type(event).__name__ for event in events] == ["IncidentOpened"]
    assert events[0].originator_version == 1
    assert events[0].originator_id == incident.id


COMMANDS: list[tuple[str, Callable[[Incident], None]]] = [
    ("DetailsRevised", lambda incident: revise(incident, {"title": "Blast at the market"})),
    ("FigureReported", report),
    ("ResponsibilityAsserted", attribute),
    ("StatementRecorded", state),
    ("EntryRetracted", lambda incident: retract(incident, 2)),
]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[name for name, _ in COMMANDS])
def test_each_command_makes_the_next_entry_with_its_event_name(
    name: str, command: Callable[[Incident], None]
) -> None:
    incident = opened()
    report(incident)
    incident.collect_events()

    command(incident)

    events = incident.collect_events()
    assert incident.version == 3
    assert [type(event).__name__ for event in events] == [name]
    assert events[0].originator_version == 3


def every_kind_of_entry() -> Incident:
    """An incident with one entry of each kind, in the order of DESIGN section 3."""
    incident = opened(reported_by="alice")
    revise(incident, {"title": "Blast at the market"}, reported_by="erin")
    report(incident, reported_by="bob")
    attribute(incident, reported_by="carol")
    state(incident, reported_by="dan")
    retract(incident, 3, reported_by="frank")
    return incident


def test_event_topics_are_the_stable_public_names() -> None:
    events = every_kind_of_entry().collect_events()

    assert [get_topic(type(event)) for event in events] == [
        "IncidentOpened",
        "DetailsRevised",
        "FigureReported",
        "ResponsibilityAsserted",
        "StatementRecorded",
        "EntryRetracted",
    ]
    assert [get_topic(type(event)) for event in events] == [
        type(event).__name__ for event in events
    ]


def test_the_aggregate_topic_is_incident() -> None:
    incident = opened()

    assert get_topic(Incident) == "Incident"
    assert incident.collect_events()[0].originator_topic == "Incident"


def test_entries_are_numbered_by_the_version_they_make() -> None:
    incident = every_kind_of_entry()

    events = incident.collect_events()
    assert [event.originator_version for event in events] == [1, 2, 3, 4, 5, 6]
    assert incident.version == 6


def test_every_entry_carries_who_reported_it() -> None:
    events = every_kind_of_entry().collect_events()

    assert [event.reported_by for event in events] == [
        "alice",
        "erin",
        "bob",
        "carol",
        "dan",
        "frank",
    ]


def test_entry_timestamps_strictly_increase_even_in_a_tight_loop() -> None:
    incident = opened()
    for _ in range(200):
        report(incident)

    stamps = [event.timestamp for event in incident.collect_events()]
    assert len(stamps) == 201
    assert all(earlier < later for earlier, later in pairwise(stamps))


def test_an_entry_is_stamped_after_the_one_before_even_when_the_clock_is_behind_it() -> None:
    # The entry before was recorded by a process whose clock ran an hour ahead of ours.
    ahead = datetime.now(UTC) + timedelta(hours=1)
    stored = [dataclasses.replace(event, timestamp=ahead) for event in opened().collect_events()]
    incident = reduce(lambda agg, event: event.mutate(agg), stored, None)
    assert isinstance(incident, Incident)

    report(incident)
    report(incident)

    stamps = [event.timestamp for event in incident.collect_events()]
    assert ahead < stamps[0] < stamps[1]


def test_entry_timestamps_are_utc() -> None:
    incident = opened()
    report(incident)

    for event in incident.collect_events():
        assert event.timestamp.utcoffset() == timedelta(0)


def test_replaying_the_entries_rebuilds_the_same_state() -> None:
    incident = opened()
    revise(incident, {"title": "Blast at the market", "summary": None})
    report(incident)
    revise(incident, {"tags": ["blast", "market"]})
    retract(incident, 2)

    replayed = reduce(lambda agg, event: event.mutate(agg), incident.collect_events(), None)

    assert isinstance(replayed, Incident)
    assert replayed.version == incident.version
    assert replayed.details == incident.details
    assert replayed.retracted == incident.retracted


# Retractions --------------------------------------------------------------------------


def incident_with_a_retraction() -> Incident:
    """Entries: 1 opening, 2 figure (retracted), 3 retraction of 2, 4 figure."""
    incident = opened()
    report(incident)
    retract(incident, 2)
    report(incident)
    incident.collect_events()
    return incident


@pytest.mark.parametrize(
    "entry",
    [1, 3, 2, 0, 5, 99, -1],
    ids=[
        "the opening",
        "a retraction",
        "an already retracted entry",
        "entry 0",
        "the next entry number",
        "far beyond the version",
        "a negative number",
    ],
)
def test_retracting_an_entry_that_cannot_be_retracted_is_refused_and_writes_nothing(
    entry: int,
) -> None:
    incident = incident_with_a_retraction()

    with pytest.raises(InvalidRetraction):
        retract(incident, entry)

    assert incident.version == 4
    assert incident.collect_events() == []


def test_retracting_the_opening_is_refused() -> None:
    incident = opened()
    report(incident)

    with pytest.raises(InvalidRetraction):
        retract(incident, 1)

    assert incident.version == 2


def test_retracting_an_entry_records_which_entry_and_why() -> None:
    incident = incident_with_a_retraction()

    retract(incident, 4, reason="duplicate of entry 2")

    (event,) = incident.collect_events()
    assert (event.entry, event.reason) == (4, "duplicate of entry 2")
    assert incident.version == 5
    with pytest.raises(InvalidRetraction):
        retract(incident, 4)


def test_a_retraction_needs_a_reason() -> None:
    incident = incident_with_a_retraction()

    with pytest.raises(InvalidValue):
        retract(incident, 4, reason="  ")

    assert incident.version == 4
