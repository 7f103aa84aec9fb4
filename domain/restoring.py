"""Entries made into events again: the inverse of `domain.entries.entry_of`.

A copy of the log (a restore from an export, a mirror of another server) must
hold the very events the original holds: events of the same aggregate, with the
same topics and versions, each with its time, reporter and hash, and its payload
field for field, so that each encodes, hashes and projects as the original's.
`event_of` builds such an event from an entry as the history shows it, the way
the library's mapper builds one from its stored state: without the constructor,
so a field that an older entry lacks stays absent (its hash covers its absence).
"""

from __future__ import annotations

import typing
from dataclasses import fields
from datetime import UTC, datetime, timedelta
from functools import cache
from types import UnionType
from typing import Any
from uuid import UUID

from eventsourcing.domain import Aggregate
from eventsourcing.utils import get_topic

from domain.incident import Incident
from domain.values import Location, Source

# The fields the library and the chain keep beside the payload.
_BOOKKEEPING = frozenset(
    {"originator_id", "originator_version", "timestamp", "originator_topic", "reported_by",
     "hash", "originator_id_type"}
)  # fmt: skip
EVENT_CLASSES: dict[str, type[Incident.Event]] = {
    cls.__name__: cls
    for cls in vars(Incident).values()
    if isinstance(cls, type)
    and issubclass(cls, Incident.Event)
    and cls not in (Incident.Event, Incident.Created)
}
INCIDENT_TOPIC = get_topic(Incident)
# The payload's value objects, written with `as_dict()` in their fields' order.
_NESTED = {
    "source": tuple(field.name for field in fields(Source)),
    "location": tuple(field.name for field in fields(Location)),
}


class UnfitEntry(ValueError):
    """An entry that cannot be an event of the Incident aggregate as the record stores it."""


class _Fields:
    """What an event class's payload may hold: its fields in the order its events hold
    them, and which of them are times."""

    def __init__(self, cls: type[Incident.Event]) -> None:
        hints = typing.get_type_hints(cls)
        self.order = tuple(name for name in hints if name not in _BOOKKEEPING)
        self.names = frozenset(self.order)
        self.times = tuple(name for name in self.order if datetime in _union(hints[name]))


@cache
def _fields_of(cls: type[Incident.Event]) -> _Fields:
    return _Fields(cls)


def _union(hint: Any) -> tuple[Any, ...]:
    if isinstance(hint, UnionType) or typing.get_origin(hint) is typing.Union:
        return typing.get_args(hint)
    return (hint,)


def event_of(
    incident_id: UUID,
    entry: int,
    kind: str,
    recorded_at: datetime,
    reported_by: str,
    data: dict[str, Any],
    hash: str,
) -> Incident.Event:
    """The stored event of an entry: its class by its type, its bookkeeping, and its payload
    with times made times again. Raises UnfitEntry for an entry no event could be."""
    cls = EVENT_CLASSES.get(kind)
    if cls is None or get_topic(cls) != kind:
        raise UnfitEntry(f"{kind!r} is not a kind of entry")
    opens = issubclass(cls, Aggregate.Created)
    if opens and entry != 1:
        raise UnfitEntry(f"entry {entry} is an {kind}: only entry 1 opens an incident")
    if entry == 1 and not opens:
        raise UnfitEntry(f"entry 1 is a {kind}: entry 1 opens the incident")
    if recorded_at.tzinfo is not UTC:
        if recorded_at.utcoffset() != timedelta(0):
            raise UnfitEntry(f"recorded_at {recorded_at.isoformat()} is not in UTC")
        recorded_at = recorded_at.replace(tzinfo=UTC)
    if not isinstance(reported_by, str) or not isinstance(hash, str):
        raise UnfitEntry("reported_by and hash must be text")
    fields = _fields_of(cls)
    unknown = data.keys() - fields.names
    if unknown:
        raise UnfitEntry(f"a {kind} has no field {', '.join(map(repr, sorted(unknown)))}")
    state: dict[str, Any] = {"timestamp": recorded_at}
    if opens:
        state["originator_topic"] = INCIDENT_TOPIC
    state["reported_by"] = reported_by
    state["hash"] = hash
    state.update(data)
    for name in fields.times:
        value = data.get(name)
        if value is not None:
            state[name] = _time(name, value)
    state["originator_id"] = incident_id
    state["originator_version"] = entry
    event = object.__new__(cls)
    object.__setattr__(event, "__dict__", state)
    return event


def in_written_order(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """A payload whose keys come sorted (a canonical encoding's) in the order the record
    writes them: the event's fields in its class's order, and a source's or a location's
    in their value object's, so that the copy stores what the original stores."""
    cls = EVENT_CLASSES.get(kind)
    if cls is None:
        return data
    order = _fields_of(cls).order
    ordered = {name: data[name] for name in order if name in data}
    for name, value in ordered.items():
        nested = _NESTED.get(name)
        if nested is not None and isinstance(value, dict):
            ordered[name] = {key: value[key] for key in nested if key in value} | value
    ordered.update((name, value) for name, value in data.items() if name not in ordered)
    return ordered


def _time(name: str, text: object) -> datetime:
    """A time of the payload, which the record writes as Python's isoformat with an offset."""
    try:
        moment = datetime.fromisoformat(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise UnfitEntry(f"{name} {text!r} is not a time") from None
    if moment.tzinfo is None or moment.isoformat() != text:
        raise UnfitEntry(f"{name} {text!r} is not a time as the record writes it")
    return moment


def as_utc(text: object) -> datetime:
    """A recorded_at as export lines and leaves write it (`Z` or `+00:00`)."""
    if not isinstance(text, str):
        raise UnfitEntry(f"recorded_at {text!r} is not a time")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UnfitEntry(f"recorded_at {text!r} is not a time") from None
    if moment.utcoffset() != timedelta(0):
        raise UnfitEntry(f"recorded_at {text!r} is not in UTC")
    return moment.replace(tzinfo=UTC)
