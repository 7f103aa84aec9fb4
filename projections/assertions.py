"""Attributions of responsibility and recorded statements, with their retractions.

Both are lists of entries that stay in the view until retracted: at version N
the view holds the rows recorded up to N that no retraction up to N removed.
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from projections.base import ReadModel
from projections.sql import Db, Row, dumps, loads, time_key, time_text


class RetractableEntries(ReadModel):
    """Rows of one entry type: its own fields, source, times, and the retracting entry."""

    table: ClassVar[str]
    event_type: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        columns = "".join(f" {name} TEXT," for name in cls.fields)
        cls.tables = (cls.table,)
        cls.schema = (
            f"CREATE TABLE IF NOT EXISTS {cls.table} ("
            " incident_id TEXT NOT NULL,"
            " entry INTEGER NOT NULL,"
            f"{columns}"
            " source TEXT NOT NULL,"
            " recorded_at TEXT NOT NULL,"
            " reported_by TEXT NOT NULL,"
            " retracted_by INTEGER,"
            " PRIMARY KEY (incident_id, entry))",
        )

    def apply(self, db: Db, event: Any, position: int) -> None:
        """Record entries of this model's type; mark them when they are retracted."""
        if type(event).__name__ == self.event_type:
            values = [time_text(getattr(event, name)) for name in self.fields]
            marks = ", ".join("?" * (len(values) + 6))
            db.execute(
                f"INSERT INTO {self.table} VALUES ({marks})",
                (
                    event.originator_id.hex,
                    event.originator_version,
                    *values,
                    dumps(event.source),
                    time_key(event.timestamp),
                    event.reported_by,
                    None,
                ),
            )
        elif type(event).__name__ == "EntryRetracted":
            db.execute(
                f"UPDATE {self.table} SET retracted_by = ? WHERE incident_id = ? AND entry = ?",
                (event.originator_version, event.originator_id.hex, event.entry),
            )

    def at(self, db: Db, incident_id: UUID, version: int) -> list[dict[str, Any]]:
        """The entries in the view at `version`, in entry order."""
        rows = db.all(
            f"SELECT * FROM {self.table} WHERE incident_id = ? AND entry <= ?"
            " AND (retracted_by IS NULL OR retracted_by > ?) ORDER BY entry",
            (incident_id.hex, version, version),
        )
        return [self.item_of(row) for row in rows]

    def item_of(self, row: Row) -> dict[str, Any]:
        """A row as the view shows it."""
        return {
            "entry": row["entry"],
            **{name: row[name] for name in self.fields},
            "source": loads(row["source"]),
            "recorded_at": row["recorded_at"],
            "reported_by": row["reported_by"],
        }


class Attributions(RetractableEntries):
    """Who is said to be responsible: claims, denials, allegations, confirmations, rejections."""

    table = "attributions"
    event_type = "ResponsibilityAsserted"
    fields = ("party", "stance", "asserted_by", "statement", "channel", "stated_at")


class Statements(RetractableEntries):
    """What was said about the incident, by whom and when."""

    table = "statements"
    event_type = "StatementRecorded"
    fields = ("speaker", "statement", "stated_at", "topic")
