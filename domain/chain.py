"""The hash chain: every entry's hash covers its content and the hash of the entry before.

An entry's hash is the hex SHA-256 of the previous entry's hash, a newline, and
the entry's canonical encoding: compact JSON with sorted keys (UTF-8, no ASCII
escaping) of its incident id, number, type, recorded time, reporter and payload.
Entry 1 chains to GENESIS. The aggregate stamps each entry's hash into the event
itself, so the chain is part of the log: altering a stored event (or deleting
one) breaks the chain at that entry, which `ChainVerifier` names. Rewriting an
entry and every hash after it is what signed checkpoints catch: `heads_hash`
covers every incident's chain head at a position of the log.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.entries import BOOKKEEPING, entry_of

GENESIS = "0" * 64


# The canonical encoding's JSON: compact, keys sorted, UTF-8 as it is. Times, at any
# depth, are written as `plain` writes them (isoformat), so an event's own fields can be
# encoded as they are, in one pass, without a walk to make them plain first.
_CANONICAL = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=datetime.isoformat
)


def canonical(
    *,
    incident_id: UUID,
    entry: int,
    type: str,
    recorded_at: datetime,
    reported_by: str,
    data: dict[str, Any],
) -> bytes:
    """The canonical encoding of an entry, as its hash covers it; `data` holds its
    payload's JSON values (times as ISO 8601 strings, as `payload_of` makes them, or as
    datetimes, which are written the same way)."""
    return _CANONICAL.encode(
        {
            "incident_id": str(incident_id),
            "entry": entry,
            "type": type,
            "recorded_at": recorded_at.isoformat(),
            "reported_by": reported_by,
            "data": data,
        }
    ).encode()


def encode_fields(
    kind: str, incident_id: UUID, entry: int, recorded_at: datetime, fields: dict[str, Any]
) -> bytes:
    """`canonical`, from an event's fields as they are (times as datetimes, the
    bookkeeping among them): the payload is not walked to make it plain first. The
    chain's hash of each new entry and the tree's leaf of every entry are made this way;
    tests hold it to `encode_event` on every kind of entry."""
    return canonical(
        incident_id=incident_id,
        entry=entry,
        type=kind,
        recorded_at=recorded_at,
        reported_by=fields["reported_by"],
        data={name: value for name, value in fields.items() if name not in BOOKKEEPING},
    )


def chain_hash(previous: str, encoded: bytes) -> str:
    """The hash of an entry, given the hash of the one before and its canonical encoding."""
    return hashlib.sha256(previous.encode() + b"\n" + encoded).hexdigest()


def entry_hash(
    previous: str,
    kind: str,
    incident_id: UUID,
    entry: int,
    recorded_at: datetime,
    fields: dict[str, Any],
) -> str:
    """The hash of an entry about to be recorded, from the fields its event will have."""
    return chain_hash(previous, encode_fields(kind, incident_id, entry, recorded_at, fields))


@dataclass(frozen=True, slots=True)
class Verification:
    """The result of recomputing an incident's chain from its stored events."""

    incident_id: UUID
    ok: bool
    entries: int
    head: str | None
    first_bad_entry: int | None
    problem: str | None = None


@dataclass
class _Chain:
    previous: str = GENESIS
    entries: int = 0
    first_bad_entry: int | None = None
    problem: str | None = None


class ChainVerifier:
    """Recomputes the chains of many incidents from their stored events, in log order.

    Feed it every stored event (decoded, or the error its decoding raised); it keeps
    one running hash per incident, and remembers the first entry of each incident
    that is missing, cannot be decoded, or whose stored hash does not match the hash
    recomputed from its content and the chain before it.
    """

    def __init__(self) -> None:
        self._chains: dict[UUID, _Chain] = {}

    def add(self, incident_id: UUID, number: int, event: Any) -> None:
        """Take the next stored event of an incident (or the error decoding it raised)."""
        chain = self._chains.setdefault(incident_id, _Chain())
        if chain.first_bad_entry is not None:
            return
        chain.entries += 1
        if number != chain.entries:
            chain.first_bad_entry, chain.problem = chain.entries, "is missing"
        elif isinstance(event, Exception):
            chain.first_bad_entry, chain.problem = number, "cannot be decoded"
        else:
            expected = chain_hash(chain.previous, encode_event(event))
            if getattr(event, "hash", None) != expected:
                chain.first_bad_entry, chain.problem = number, "was altered"
            else:
                chain.previous = expected

    def result(self, incident_id: UUID, expected: int | None = None) -> Verification:
        """What the chain of one incident came to; `expected` is how many entries it is
        known to have had (so that a deleted last entry is missed too)."""
        chain = self._chains.get(incident_id, _Chain())
        if chain.first_bad_entry is None and expected is not None and chain.entries < expected:
            chain.first_bad_entry = chain.entries + 1
            chain.problem = f"is missing (the record had {expected} entries)"
        ok = chain.first_bad_entry is None and chain.entries > 0
        return Verification(
            incident_id=incident_id,
            ok=ok,
            entries=chain.entries,
            head=chain.previous if ok else None,
            first_bad_entry=chain.first_bad_entry,
            problem=f"entry {chain.first_bad_entry} {chain.problem}" if chain.problem else None,
        )

    def results(self, expected: dict[UUID, int] | None = None) -> list[Verification]:
        """Every incident's result (those seen, and those `expected`), by incident id."""
        known = expected or {}
        return [
            self.result(incident_id, known.get(incident_id))
            for incident_id in sorted(set(self._chains) | set(known), key=str)
        ]


def heads_hash(heads: Iterable[tuple[UUID | str, str]]) -> str:
    """One hash over every incident's chain head: SHA-256 of `id:head` lines sorted by id."""
    lines = sorted(f"{incident_id}:{head}\n" for incident_id, head in heads)
    return hashlib.sha256("".join(lines).encode()).hexdigest()


def encode_event(event: Any) -> bytes:
    """The canonical encoding of a stored Incident event."""
    entry = entry_of(event)
    return canonical(
        incident_id=entry.incident_id,
        entry=entry.entry,
        type=entry.type,
        recorded_at=entry.recorded_at,
        reported_by=entry.reported_by,
        data=entry.data,
    )
