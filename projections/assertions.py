"""Attributions of responsibility and recorded statements, with their retractions.

Both are lists of entries that stay in the view until retracted: at version N
the view holds the rows recorded up to N that no retraction up to N removed.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol
from uuid import UUID

from projections.base import Handler, Logged, ReadModel, RebuildState
from projections.sql import Db, Row, Writes, dumps_source, loads, time_text


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

    def handler(self, kind: str) -> Handler | None:
        """Entries of this model's type are recorded; retractions mark them."""
        if kind == self.event_type:
            return self.record
        return self.on_EntryRetracted if kind == "EntryRetracted" else None

    def state(self, db: Db) -> RetractableInSql:
        """The table, in the transaction."""
        return RetractableInSql(db, self.table)

    def memory(self, rebuild: RebuildState) -> RetractableInMemory:
        """The table's rows buffered, and which entries they are held for a rebuild."""
        return RetractableInMemory(rebuild.rows, self.table)

    def record(self, entries: RetractableState, logged: Logged) -> None:
        """The entry's row."""
        event = logged.event
        entries.add(
            (
                logged.incident,
                logged.entry,
                *(time_text(getattr(event, name)) for name in self.fields),
                dumps_source(event.source),
                logged.recorded,
                event.reported_by,
                None,
            )
        )

    @staticmethod
    def on_EntryRetracted(entries: RetractableState, logged: Logged) -> None:  # noqa: N802 (event names)
        """Mark the retracted entry, if it is one of this model's."""
        entries.retract(logged.incident, logged.event.entry, logged.entry)

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


class RetractableState(Protocol):
    """What the handlers of a model of retractable entries write."""

    def add(self, row: tuple[Any, ...]) -> None:
        """Add an entry's row."""

    def retract(self, incident: str, entry: int, by: int) -> None:
        """Mark `entry` retracted by `by`, if it is in the table."""


class RetractableInSql:
    """A table of retractable entries, in one transaction."""

    def __init__(self, db: Db, table: str) -> None:
        self.db = db
        self.table = table

    def add(self, row: tuple[Any, ...]) -> None:
        """Add the row."""
        self.db.insert(self.table, row)

    def retract(self, incident: str, entry: int, by: int) -> None:
        """Mark the entry's row, if there is one."""
        self.db.update(_retract(self.table), (by, incident, entry))


class RetractableInMemory:
    """A table of retractable entries during a rebuild: rows buffered, and the entries
    remembered, so that retractions of other entries write nothing."""

    def __init__(self, rows: Writes, table: str) -> None:
        self.rows = rows
        self.table = table
        self._entries: set[tuple[str, int]] = set()

    def add(self, row: tuple[Any, ...]) -> None:
        """Buffer the row."""
        self.rows.insert(self.table, row)
        self._entries.add((row[0], row[1]))

    def retract(self, incident: str, entry: int, by: int) -> None:
        """Buffer the mark, if the entry is one of this table's."""
        if (incident, entry) in self._entries:
            self.rows.update(_retract(self.table), (by, incident, entry))


def _retract(table: str) -> str:
    return f"UPDATE {table} SET retracted_by = ? WHERE incident_id = ? AND entry = ?"
