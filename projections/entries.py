"""The entry index: which entry each incident had at which recorded time.

It answers "which version was current at known_at?" through an index, in
logarithmic time however long the history grows, gives the view its opened_at
and updated_at, keeps each entry's chain hash for checkpoints, and its leaf index
in the log's Merkle tree (the tree's size before it: `projections.tree`, applied
before this model, says so).
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from projections.base import Handler, Logged, ReadModel, RebuildState
from projections.sql import Db, Writes
from projections.tree import Edge, MerkleTree


class EntryIndex(ReadModel):
    """Every entry's number, type, recorded time, reporter, global position, chain hash
    and leaf index."""

    tables = ("entries",)
    schema: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS entries ("
        " incident_id TEXT NOT NULL,"
        " entry INTEGER NOT NULL,"
        " position BIGINT NOT NULL,"
        " type TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " reported_by TEXT NOT NULL,"
        " hash TEXT NOT NULL,"
        " leaf BIGINT NOT NULL,"
        " PRIMARY KEY (incident_id, entry))",
        "CREATE INDEX IF NOT EXISTS entries_by_time ON entries (incident_id, recorded_at)",
    )

    def __init__(self, tree: MerkleTree) -> None:
        self.tree = tree

    def handler(self, kind: str) -> Handler:
        """Every event is an entry."""
        return self.record

    def state(self, db: Db) -> tuple[Writes, Edge]:
        """The transaction, and the tree as the tree model left it for this entry."""
        return db, self.tree.state(db)

    def memory(self, rebuild: RebuildState) -> tuple[Writes, Edge]:
        """The rebuild's row buffer, and the tree it grows."""
        return rebuild.rows, rebuild.state_of(MerkleTree)

    @staticmethod
    def record(state: tuple[Writes, Edge], logged: Logged) -> None:
        """The entry's row; its leaf is the last one the tree grew (from this entry)."""
        rows, tree = state
        event = logged.event
        rows.insert(
            "entries",
            (
                logged.incident,
                logged.entry,
                logged.position,
                logged.kind,
                logged.recorded,
                event.reported_by,
                event.hash,
                tree.size - 1,
            ),
        )

    @staticmethod
    def version_at(db: Db, incident_id: UUID, known_at: str) -> int | None:
        """The last entry recorded at or before the key `known_at`, or None before the first.

        Entries of one incident are stamped in increasing order, so the latest
        recorded time names the highest entry: one index probe, no scan.
        """
        entry: int | None = db.scalar(
            "SELECT entry FROM entries WHERE incident_id = ? AND recorded_at <= ?"
            " ORDER BY recorded_at DESC LIMIT 1",
            (incident_id.hex, known_at),
        )
        return entry

    @staticmethod
    def position(db: Db, incident_id: UUID, entry: int) -> tuple[int, str] | None:
        """An entry's place in the global log and its recorded time key, if it exists."""
        row = db.one(
            "SELECT position, recorded_at FROM entries WHERE incident_id = ? AND entry = ?",
            (incident_id.hex, entry),
        )
        return None if row is None else (row["position"], row["recorded_at"])

    @staticmethod
    def recorded(db: Db, incident_id: UUID, entry: int) -> str | None:
        """When an entry entered the record (its time key), or None if it does not exist."""
        recorded_at: str | None = db.scalar(
            "SELECT recorded_at FROM entries WHERE incident_id = ? AND entry = ?",
            (incident_id.hex, entry),
        )
        return recorded_at

    @staticmethod
    def leaves_of(db: Db, incident_id: UUID, first: int, last: int) -> dict[int, int]:
        """The leaf index of each of an incident's entries `first` to `last` that the read
        models hold, by entry number."""
        rows = db.all(
            "SELECT entry, leaf FROM entries WHERE incident_id = ? AND entry >= ? AND entry <= ?",
            (incident_id.hex, first, last),
        )
        return {row["entry"]: row["leaf"] for row in rows}

    @staticmethod
    def leaf(db: Db, incident_id: UUID, entry: int) -> int | None:
        """An entry's leaf index, if the read models hold it."""
        found: Any = db.scalar(
            "SELECT leaf FROM entries WHERE incident_id = ? AND entry = ?",
            (incident_id.hex, entry),
        )
        return None if found is None else int(found)

    @staticmethod
    def heads(db: Db) -> list[tuple[str, str]]:
        """Every incident's id and the hash of its latest entry."""
        rows = db.all(
            "SELECT e.incident_id, e.hash FROM incidents i JOIN entries e"
            " ON e.incident_id = i.incident_id AND e.entry = i.version"
        )
        return [(str(UUID(row["incident_id"])), row["hash"]) for row in rows]
