"""The hash chain: each entry's hash covers its content and the entry before it."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from domain.chain import GENESIS, ChainVerifier, canonical, chain_hash, encode_event, heads_hash
from domain.commands import (
    AssertResponsibility,
    OpenIncident,
    RecordStatement,
    ReportFigure,
    RetractEntry,
    ReviseDetails,
)
from domain.figures import Figure
from domain.incident import Incident
from domain.values import Category, Location, Source, Stance

NOW = datetime.now(UTC)
TASS = Source("TASS")


def recorded() -> tuple[Incident, list[Any]]:
    """An incident with one entry of every kind, and its events."""
    incident = Incident.open(
        OpenIncident(
            title="Crocus City Hall attack",
            occurred_at=NOW - timedelta(days=1),
            location=Location("Krasnogorsk"),
            tags=["terrorism"],
            source=TASS,
            reported_by="wire",
        ),
        NOW,
    )
    incident.carry_out(
        ReportFigure(
            category=Category.KILLED,
            figure=Figure.parse("at least 40"),
            as_of=NOW,
            source=TASS,
            reported_by="wire",
        ),
        NOW,
    )
    incident.carry_out(
        AssertResponsibility(
            party="IS",
            stance=Stance.CLAIMS,
            asserted_by="IS",
            channel="Telegram",
            stated_at=NOW,
            source=TASS,
            reported_by="wire",
        ),
        NOW,
    )
    incident.carry_out(
        RecordStatement(speaker="x", statement="y", stated_at=NOW, source=TASS, reported_by="wire"),
        NOW,
    )
    incident.carry_out(ReviseDetails(summary="Gunmen.", reason="r", reported_by="ed"), NOW)
    incident.carry_out(RetractEntry(entry=2, reason="r", reported_by="ed"), NOW)
    return incident, list(incident.collect_events())


def verify(events: list[Any]) -> Any:
    verifier = ChainVerifier()
    for event in events:
        verifier.add(event.originator_id, event.originator_version, event)
    return verifier.result(events[0].originator_id)


def test_every_entry_carries_the_hash_of_its_content_chained_to_the_one_before() -> None:
    incident, events = recorded()
    previous = GENESIS
    for event in events:
        assert event.hash == chain_hash(previous, encode_event(event))
        previous = event.hash
    assert incident.head == previous


def test_an_untouched_record_verifies() -> None:
    incident, events = recorded()
    result = verify(events)
    assert result.ok and result.entries == 6 and result.head == incident.head
    assert result.first_bad_entry is None


def test_replaying_the_events_restores_the_head() -> None:
    incident, events = recorded()
    replayed: Any = None
    for event in events:
        replayed = event.mutate(replayed)
    assert replayed.head == incident.head


def test_an_altered_entry_is_named() -> None:
    _, events = recorded()
    events[1] = dataclasses.replace(events[1], text="at least 400")
    result = verify(events)
    assert not result.ok
    assert result.first_bad_entry == 2  # the figure
    assert "altered" in (result.problem or "")


def test_an_altered_hash_is_named() -> None:
    _, events = recorded()
    events[4] = dataclasses.replace(events[4], hash="f" * 64)
    assert verify(events).first_bad_entry == 5


def test_a_missing_or_undecodable_entry_is_named() -> None:
    _, events = recorded()
    missing = verify([*events[:3], *events[4:]])
    assert missing.first_bad_entry == 4 and "missing" in (missing.problem or "")
    broken: list[Any] = [*events[:2], ValueError("bad bytes"), *events[3:]]
    verifier = ChainVerifier()
    for n, event in enumerate(broken, start=1):
        verifier.add(events[0].originator_id, n, event)
    result = verifier.result(events[0].originator_id)
    assert result.first_bad_entry == 3 and "decoded" in (result.problem or "")


def test_the_canonical_encoding_does_not_depend_on_key_order_or_offsets_spelling() -> None:
    _, events = recorded()
    event = events[0]
    fields = {
        "incident_id": event.originator_id,
        "entry": 1,
        "type": "IncidentOpened",
        "recorded_at": event.timestamp,
        "reported_by": "wire",
    }
    one = canonical(**fields, data={"a": 1, "b": [1, 2]})
    other = canonical(**fields, data={"b": [1, 2], "a": 1})
    assert one == other
    assert b'"entry":1' in one


def test_the_heads_hash_covers_every_incident_whatever_their_order() -> None:
    heads = [("b", "2" * 64), ("a", "1" * 64)]
    assert heads_hash(heads) == heads_hash(list(reversed(heads)))
    assert heads_hash(heads) != heads_hash(heads[:1])
    assert heads_hash([("a", "1" * 64), ("b", "3" * 64)]) != heads_hash(heads)
