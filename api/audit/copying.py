"""A copy of the log, checked as it is made: entries read from export lines or from
another server's leaves, each made into its event again, each incident's chain
followed, the leaves kept in order, and each leaf's hash made for the Merkle tree.

An export line carries its entry's hash: the copy recomputes it from the entry's
canonical encoding and the hash of the entry before, and refuses the line if they
differ (its content or its hash was changed), or if the line is not the next leaf
(a line before it is missing, or the lines are out of order), or not the next
entry of its incident. A leaf carries no hash: its data is the canonical encoding
itself, so the chain hash is made from it, and the event built from it must
encode to the very same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain import merkle
from domain.chain import GENESIS, chain_hash
from domain.restoring import UnfitEntry, as_utc, event_of, in_written_order
from projections.tree import leaf_data

LINE_FIELDS = frozenset(
    {"position", "index", "incident_id", "entry", "type", "recorded_at", "reported_by", "data",
     "hash"}
)  # fmt: skip
_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
LEAF_FIELDS = frozenset({"incident_id", "entry", "type", "recorded_at", "reported_by", "data"})


class Refused(Exception):
    """A line or a leaf the copy cannot take: where it is, and why."""

    def __init__(self, where: str, why: str) -> None:
        super().__init__(f"{where}: {why}")
        self.where = where
        self.why = why


@dataclass(frozen=True, slots=True)
class Head:
    """The latest entry of an incident's chain in the copy."""

    entry: int
    hash: str
    recorded_at: datetime


@dataclass(frozen=True, slots=True)
class Copied:
    """An entry made into its event, with its position in the original log and its leaf
    hash in the Merkle tree."""

    event: Any
    position: int
    leaf: bytes


def _no_heads(_: UUID) -> Head | None:
    return None


class Copier:
    """Checks entries in log order and makes them into events, for a copy that holds
    `size` leaves so far, the last at `last_position` of the original; `heads` finds
    an incident's latest entry in it."""

    def __init__(
        self,
        size: int = 0,
        last_position: int = 0,
        heads: Callable[[UUID], Head | None] = _no_heads,
    ) -> None:
        self.size = size
        self.last_position = last_position
        self._heads: dict[UUID, Head] = {}
        self._lookup = heads
        self._ids: dict[str, UUID] = {}

    def line(self, number: int, text: str) -> Copied:
        """The event of an export line (1-based `number`), checked against its hash."""
        where = f"line {number}"
        item = _object(where, text)
        if "error" in item:
            why = f"the export could not read this entry ({item['error']})"
            raise Refused(where, why)
        missing = LINE_FIELDS - item.keys()
        if missing:
            raise Refused(where, f"an export line has {', '.join(sorted(missing))}")
        if item["index"] != self.size:
            raise Refused(
                where,
                f"is leaf {item['index']}, where leaf {self.size} comes next: a line before it"
                " is missing, or the lines are out of order",
            )
        position = self._position(where, item["position"])
        incident_id, entry = self._identity(where, item)
        given = item["hash"]
        event = _event(where, item, incident_id, entry, given)
        # The entry's canonical encoding, made from the line: the event's own (`leaf_data`)
        # to the byte, since the event holds the line's values (its times written back
        # exactly as the line writes them), and quicker to make.
        data = _CANONICAL.encode(
            {
                "incident_id": item["incident_id"],
                "entry": entry,
                "type": item["type"],
                "recorded_at": event.timestamp.isoformat(),
                "reported_by": item["reported_by"],
                "data": item["data"],
            }
        ).encode()
        return Copied(event, position, self._follow(where, event, data, given))

    def leaf(self, index: int, position: object, text: str) -> Copied:
        """The event of a leaf of another server's log (its data is the canonical encoding);
        the chain hash is made from it."""
        where = f"leaf {index}"
        if index != self.size:
            raise Refused(where, f"came where leaf {self.size} was expected")
        original = self._position(where, position)
        item = _object(where, text)
        if item.keys() != LEAF_FIELDS:
            raise Refused(where, "is not an entry's canonical encoding")
        incident_id, entry = self._identity(where, item)
        if isinstance(item["data"], dict) and isinstance(item["type"], str):
            item["data"] = in_written_order(item["type"], item["data"])
        data = text.encode()
        head = self._head(incident_id)
        made = chain_hash(head.hash if head else GENESIS, data)
        event = _event(where, item, incident_id, entry, made)
        if leaf_data(event) != data:
            raise Refused(where, "is not an entry's canonical encoding")
        return Copied(event, original, self._follow(where, event, data, made))

    def _identity(self, where: str, item: dict[str, Any]) -> tuple[UUID, int]:
        """The entry's incident (its id as the record writes it) and number."""
        written = item["incident_id"]
        incident_id = self._ids.get(written) if isinstance(written, str) else None
        if incident_id is None:
            try:
                incident_id = UUID(written)
            except (TypeError, ValueError, AttributeError):
                raise Refused(where, f"incident_id {written!r} is not an id") from None
            if str(incident_id) != written:
                raise Refused(where, f"incident_id {written!r} is not a dashed id")
            self._ids[written] = incident_id
        entry = item["entry"]
        if not isinstance(entry, int) or isinstance(entry, bool) or entry < 1:
            raise Refused(where, f"entry {entry!r} is not an entry number")
        return incident_id, entry

    def _position(self, where: str, position: object) -> int:
        if not isinstance(position, int) or position <= self.last_position:
            raise Refused(
                where,
                f"position {position} does not come after position {self.last_position}"
                " of the entry before: the log is out of order",
            )
        self.last_position = position
        return position

    def _head(self, incident_id: UUID) -> Head | None:
        head = self._heads.get(incident_id)
        if head is None and incident_id not in self._heads:
            head = self._lookup(incident_id)
        return head

    def _follow(self, where: str, event: Any, data: bytes, given: object) -> bytes:
        """Hold the entry to its incident's chain, and make it the next leaf: its hash."""
        incident_id, entry = event.originator_id, event.originator_version
        head = self._head(incident_id)
        expected = head.entry + 1 if head else 1
        if entry != expected:
            raise Refused(
                where,
                f"is entry {entry} of incident {incident_id}, whose next entry is {expected}:"
                " an entry is missing, or the entries are out of order",
            )
        if head is not None and event.timestamp <= head.recorded_at:
            raise Refused(
                where,
                f"entry {entry} of incident {incident_id} was not recorded after entry"
                f" {head.entry} ({event.timestamp.isoformat()})",
            )
        made = chain_hash(head.hash if head else GENESIS, data)
        if given != made:
            raise Refused(
                where,
                f"entry {entry} of incident {incident_id} does not hash to the hash it carries"
                " (from its content and the hash of the entry before): its content or its hash"
                " was changed",
            )
        self._heads[incident_id] = Head(entry, made, event.timestamp)
        self.size += 1
        return merkle.leaf_hash(data)


def _object(where: str, text: str) -> dict[str, Any]:
    try:
        item = json.loads(text)
    except ValueError:
        raise Refused(where, "is not JSON") from None
    if not isinstance(item, dict):
        raise Refused(where, "is not a JSON object")
    return item


def _event(where: str, item: dict[str, Any], incident_id: UUID, entry: int, hash: object) -> Any:
    data = item["data"]
    if not isinstance(data, dict) or not isinstance(item["type"], str):
        raise Refused(where, "an entry's type is text and its data an object")
    try:
        return event_of(
            incident_id,
            entry,
            item["type"],
            as_utc(item["recorded_at"]),
            item["reported_by"],
            data,
            hash if isinstance(hash, str) else "",
        )
    except UnfitEntry as error:
        raise Refused(where, str(error)) from None
