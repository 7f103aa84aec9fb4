"""Entries as people read them: the plain payload of each domain event.

An entry's `data` is the event's own payload: every field the command recorded,
without the bookkeeping the library adds (id, version, timestamp, topics) and
without `reported_by` and `hash`, which the entry carries beside it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

BOOKKEEPING = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "reported_by", "hash"}
)


@dataclass(frozen=True, slots=True)
class Entry:
    """One recorded update, as the history shows it."""

    incident_id: UUID
    entry: int
    type: str
    recorded_at: datetime
    reported_by: str
    data: dict[str, Any]
    hash: str


def entry_of(event: Any) -> Entry:
    """Read an entry from a stored domain event of the Incident aggregate."""
    return Entry(
        incident_id=event.originator_id,
        entry=event.originator_version,
        type=type(event).__name__,
        recorded_at=event.timestamp,
        reported_by=event.reported_by,
        data=payload(event),
        hash=event.hash,
    )


def payload(event: Any) -> dict[str, Any]:
    """The event's own fields as plain JSON values (times as ISO 8601 strings)."""
    return payload_of(vars(event))


def payload_of(fields: dict[str, Any]) -> dict[str, Any]:
    """The payload among an event's fields (or among the fields an event is about to get)."""
    return {name: plain(value) for name, value in fields.items() if name not in BOOKKEEPING}


def plain(value: Any) -> Any:
    """Times to ISO 8601, containers walked; everything else is already JSON."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value
