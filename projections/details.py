"""The incident's details (title, summary, location, time, tags) at every version.

A row is written whenever the details change: at the opening, at each revision,
and when a revision is retracted (the details fall back to the opening with the
remaining revisions applied). The details at version N are the latest row at or
before N: one index probe.
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from domain.entries import payload
from domain.incident import DETAIL_FIELDS, revised_fields
from projections.base import ReadModel
from projections.sql import Db, Row, dumps, loads, time_text


class IncidentDetails(ReadModel):
    """Details rows keyed by the entry that made them current, and the revisions."""

    tables = ("details", "revisions")
    schema: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS details ("
        " incident_id TEXT NOT NULL,"
        " at_entry INTEGER NOT NULL,"
        " title TEXT NOT NULL,"
        " summary TEXT,"
        " location TEXT NOT NULL,"
        " occurred_at TEXT NOT NULL,"
        " tags TEXT NOT NULL,"
        " PRIMARY KEY (incident_id, at_entry))",
        "CREATE TABLE IF NOT EXISTS revisions ("
        " incident_id TEXT NOT NULL,"
        " entry INTEGER NOT NULL,"
        " changes TEXT NOT NULL,"
        " retracted_by INTEGER,"
        " PRIMARY KEY (incident_id, entry))",
    )

    def on_IncidentOpened(self, db: Db, event: Any) -> None:  # noqa: N802 (event names)
        """The opening sets every detail."""
        self._write(db, event.originator_id, 1, {f: getattr(event, f) for f in DETAIL_FIELDS})

    def on_DetailsRevised(self, db: Db, event: Any) -> None:  # noqa: N802
        """A revision replaces the details it names."""
        changes = revised_fields(payload(event))
        db.execute(
            "INSERT INTO revisions VALUES (?, ?, ?, NULL)",
            (event.originator_id.hex, event.originator_version, dumps(changes)),
        )
        current = self.at(db, event.originator_id, event.originator_version - 1)
        assert current is not None
        self._write(db, event.originator_id, event.originator_version, {**current, **changes})

    def on_EntryRetracted(self, db: Db, event: Any) -> None:  # noqa: N802
        """Retracting a revision reapplies the ones that remain, over the opening."""
        incident = event.originator_id.hex
        db.execute(
            "UPDATE revisions SET retracted_by = ? WHERE incident_id = ? AND entry = ?",
            (event.originator_version, incident, event.entry),
        )
        if db.rowcount == 0:
            return  # the retracted entry was not a revision
        details = self.at(db, event.originator_id, 1)
        assert details is not None
        for row in db.all(
            "SELECT changes FROM revisions WHERE incident_id = ? AND retracted_by IS NULL"
            " ORDER BY entry",
            (incident,),
        ):
            details.update(loads(row["changes"]))
        self._write(db, event.originator_id, event.originator_version, details)

    @staticmethod
    def at(db: Db, incident_id: UUID, version: int) -> dict[str, Any] | None:
        """The details as they stood at `version`, or None before the opening."""
        row = db.one(
            "SELECT * FROM details WHERE incident_id = ? AND at_entry <= ?"
            " ORDER BY at_entry DESC LIMIT 1",
            (incident_id.hex, version),
        )
        return None if row is None else details_of(row)

    @staticmethod
    def _write(db: Db, incident_id: UUID, entry: int, details: dict[str, Any]) -> None:
        db.execute(
            "INSERT INTO details VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                incident_id.hex,
                entry,
                details["title"],
                details["summary"],
                dumps(details["location"]),
                time_text(details["occurred_at"]),
                dumps(details["tags"]),
            ),
        )


def details_of(row: Row) -> dict[str, Any]:
    """A details row as the view shows it."""
    return {
        "title": row["title"],
        "summary": row["summary"],
        "location": loads(row["location"]),
        "occurred_at": row["occurred_at"],
        "tags": loads(row["tags"]),
    }
