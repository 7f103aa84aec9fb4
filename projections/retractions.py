"""Retractions: which entries were retracted, by which entry, and why."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from projections.base import Logged, ReadModel
from projections.sql import Db, Writes


class Retractions(ReadModel):
    """One row per retraction entry."""

    tables = ("retractions",)
    schema: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS retractions ("
        " incident_id TEXT NOT NULL,"
        " entry INTEGER NOT NULL,"
        " retracted INTEGER NOT NULL,"
        " reason TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " reported_by TEXT NOT NULL,"
        " PRIMARY KEY (incident_id, entry))",
    )

    @staticmethod
    def on_EntryRetracted(rows: Writes, logged: Logged) -> None:  # noqa: N802 (event names)
        """Remember the retraction."""
        event = logged.event
        rows.insert(
            "retractions",
            (
                logged.incident,
                logged.entry,
                event.entry,
                event.reason,
                logged.recorded,
                event.reported_by,
            ),
        )

    @staticmethod
    def retracted_at(db: Db, incident_id: UUID, version: int) -> list[int]:
        """The entries retracted by entries up to `version`, in order."""
        rows = db.all(
            "SELECT retracted FROM retractions WHERE incident_id = ? AND entry <= ?"
            " ORDER BY retracted",
            (incident_id.hex, version),
        )
        return [row["retracted"] for row in rows]
