"""The tree's leaf data is the chain's canonical encoding, byte for byte, for every kind
of entry: the read model's one-pass encoder is held to `domain.chain.encode_event` on
random timelines, stored and read back through the library's in-memory store."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from domain.application import IncidentRecord
from domain.chain import encode_event
from projections.tree import leaf_data
from tests.support.timelines import apply_step, apply_timeline, random_timeline

STATEMENT = {
    "speaker": "وزارة الداخلية",
    "statement": "« Bilan provisoire » — 3 958 morts\nsecond line \u00a0\u202f ✓",
    "stated_at": "2024-03-23T12:00:00+03:00",
    "topic": "reaction",
    "source": {"name": "AFP", "url": 'https://afp.com/x?a=1&b="2"', "kind": "news_agency"},
}


def recorded(seed: int) -> list[Any]:
    """The stored events of a random timeline, a statement in many scripts and a
    withdrawal, read back from the in-memory store."""
    record = IncidentRecord()
    parts = SimpleNamespace(record=record)
    incident = apply_timeline(parts, random_timeline(seed, length=60))
    apply_step(parts, incident, ("statements", STATEMENT, 201))
    apply_step(parts, incident, ("withdrawal", {"reason": "a duplicate"}, 201))
    return [scanned.event for scanned in record.scan()]


@pytest.mark.parametrize("seed", range(12))
def test_the_leaf_data_of_every_entry_is_its_canonical_encoding(seed: int) -> None:
    for event in recorded(seed):
        assert leaf_data(event) == encode_event(event)


def test_the_timelines_hold_every_kind_of_entry() -> None:
    kinds = {type(event).__name__ for seed in range(12) for event in recorded(seed)}

    assert kinds == {
        "IncidentOpened", "DetailsRevised", "FigureReported", "ResponsibilityAsserted",
        "StatementRecorded", "EntryRetracted", "HeadlineSourceChosen", "IncidentWithdrawn",
    }  # fmt: skip
