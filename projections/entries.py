"""The entry index: which entry each incident had at which recorded time.

It answers "which version was current at known_at?" through an index, in
logarithmic time however long the history grows, gives the view its opened_at
and updated_at, and keeps each entry's chain hash for checkpoints.
"""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from projections.base import Handler, Logged, ReadModel
from projections.sql import Db, Writes


class EntryIndex(ReadModel):
    """Every entry's number, type, recorded time, reporter and global position."""

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
        " PRIMARY KEY (incident_id, entry))",
        "CREATE INDEX IF NOT EXISTS entries_by_time ON entries (incident_id, recorded_at)",
    )

    def handler(self, kind: str) -> Handler:
        """Every event is an entry."""
        return self.record

    @staticmethod
    def record(rows: Writes, logged: Logged) -> None:
        """The entry's row."""
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
    def heads(db: Db) -> list[tuple[str, str]]:
        """Every incident's id and the hash of its latest entry."""
        rows = db.all(
            "SELECT e.incident_id, e.hash FROM incidents i JOIN entries e"
            " ON e.incident_id = i.incident_id AND e.entry = i.version"
        )
        return [(str(UUID(row["incident_id"])), row["hash"]) for row in rows]
