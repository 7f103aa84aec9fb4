"""Export lines and leaves become the very events they were made from, and a line or a
leaf that does not hold is refused by its number (no I/O: the in-memory store)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import pytest

from api.audit.copying import Copier, Refused
from domain import merkle
from domain.application import IncidentRecord
from domain.chain import encode_event
from domain.restoring import UnfitEntry, event_of, in_written_order
from tests.support.copies import TAMPERINGS, export_lines, leaves
from tests.support.timelines import apply_step, apply_timeline, random_timeline

NOW = datetime.now(UTC)


def recorded(seed: int) -> IncidentRecord:
    """Two incidents with random timelines, interleaved, one withdrawn, on the in-memory
    store."""
    record = IncidentRecord(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    parts = SimpleNamespace(record=record)
    first = apply_timeline(parts, random_timeline(seed, length=30))
    second = apply_timeline(parts, random_timeline(seed + 100, length=10))
    apply_step(parts, first, ("statements", _statement(), 201))
    apply_step(parts, second, ("withdrawal", {"reason": "a duplicate"}, 201))
    return record


def _statement() -> dict[str, Any]:
    return {
        "speaker": "وزارة الداخلية",
        "statement": "« Bilan provisoire » — 3 958 morts\nsecond line \u00a0 ✓",
        "stated_at": "2024-03-23T12:00:00.250000+03:00",
        "source": {"name": "AFP", "url": "https://afp.com/x?a=1", "kind": "news_agency"},
    }


def stored(record: IncidentRecord) -> list[Any]:
    """Every stored event of the log, in order."""
    return list(record.recorder.select_notifications(start=1, limit=10_000))


@pytest.mark.parametrize("seed", range(6))
def test_every_export_line_becomes_the_event_it_was_stored_as(seed: int) -> None:
    record = recorded(seed)
    copier = Copier()

    copies = [copier.line(n, line) for n, line in enumerate(export_lines(record), start=1)]

    for copy, original in zip(copies, stored(record), strict=True):
        assert record.mapper.to_stored_event(copy.event).state == original.state
        assert type(copy.event).__name__ == original.topic
        assert copy.position == original.id
        assert copy.leaf == merkle.leaf_hash(encode_event(copy.event))


@pytest.mark.parametrize("seed", range(6))
def test_every_leaf_becomes_the_event_it_was_stored_as_with_its_chain_hash(seed: int) -> None:
    record = recorded(seed)
    copier = Copier()

    copies = [copier.leaf(leaf["index"], leaf["position"], leaf["data"]) for leaf in leaves(record)]

    for copy, original in zip(copies, stored(record), strict=True):
        assert record.mapper.to_stored_event(copy.event).state == original.state


@pytest.mark.parametrize("tampering", sorted(TAMPERINGS))
@pytest.mark.parametrize("at", [0, 7, 23])
def test_a_tampered_export_is_refused_at_the_first_line_that_does_not_hold(
    tampering: str, at: int
) -> None:
    lines = TAMPERINGS[tampering](export_lines(recorded(5)), at)
    copier = Copier()

    with pytest.raises(Refused) as refused:
        for number, line in enumerate(lines, start=1):
            copier.line(number, line)

    assert refused.value.where == f"line {at + 1}"


def test_a_changed_payload_is_named_as_a_line_that_does_not_hash_to_its_hash() -> None:
    lines = TAMPERINGS["a changed payload"](export_lines(recorded(1)), 3)

    copier = Copier()

    with pytest.raises(Refused, match=r"line 4: entry 4 of incident .* does not hash to the hash"):
        for number, line in enumerate(lines, start=1):
            copier.line(number, line)


def test_a_leaf_that_is_not_a_canonical_encoding_is_refused() -> None:
    leaf = leaves(recorded(2))[0]
    spaced = json.dumps(json.loads(leaf["data"]), sort_keys=True)  # spaces after separators

    with pytest.raises(Refused, match="leaf 0: is not an entry's canonical encoding"):
        Copier().leaf(0, leaf["position"], spaced)


def test_a_sorted_payload_comes_back_in_the_order_the_record_writes_it() -> None:
    written = {
        "category": "killed",
        "text": "at least 40",
        "as_of": "2024-03-22T20:00:00+03:00",
        "source": {"name": "TASS", "url": None, "published_at": None, "kind": "state_media"},
        "scope": None,
    }
    sorted_payload = json.loads(json.dumps(written, sort_keys=True))

    restored = in_written_order("FigureReported", sorted_payload)

    assert list(restored) == list(written)
    assert list(restored["source"]) == list(written["source"])


@pytest.mark.parametrize(
    ("kind", "entry", "data", "why"),
    [
        ("Deleted", 2, {}, "'Deleted' is not a kind of entry"),
        ("FigureReported", 1, {}, "entry 1 is a FigureReported"),
        ("IncidentOpened", 3, {}, "only entry 1 opens an incident"),
        ("StatementRecorded", 2, {"mood": "grim"}, "a StatementRecorded has no field 'mood'"),
        ("StatementRecorded", 2, {"stated_at": "2024-03-22T20:00:00Z"}, "not a time as the"),
    ],
)
def test_an_entry_no_event_could_be_is_unfit(
    kind: str, entry: int, data: dict[str, Any], why: str
) -> None:
    with pytest.raises(UnfitEntry, match=why):
        event_of(uuid4(), entry, kind, NOW, "tester", data, "0" * 64)
