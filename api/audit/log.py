"""The log as auditors read it: its entries as the feed shows them, and every chain
recomputed from the stored events."""

from __future__ import annotations

from dataclasses import asdict
from typing import Any

from domain.application import IncidentRecord
from domain.chain import ChainVerifier, Verification
from domain.entries import Entry
from projections.views import IncidentViews


def feed_item(position: int, entry: Entry, index: int) -> dict[str, Any]:
    """An entry of the global log, as the feed, its stream and the export show it, with its
    leaf index in the log's Merkle tree."""
    return {"position": position, **asdict(entry), "index": index}


def verify_log(
    record: IncidentRecord, views: IncidentViews, until: int | None = None
) -> list[Verification]:
    """Recompute every incident's chain from the stored events (up to position `until`).

    The whole log is also held against the read models, which remember how many
    entries each incident had: a deleted last entry leaves a valid chain behind.
    """
    # Read before the log, so that entries written meanwhile are never taken as missing.
    expected = views.versions() if until is None else None
    verifier = ChainVerifier()
    for scanned in record.scan(until):
        verifier.add(scanned.incident_id, scanned.entry, scanned.event)
    return verifier.results(expected)
