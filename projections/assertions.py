"""Attributions of responsibility, recorded statements and withdrawals, with their
retractions.

Each is a list of entries that stay in the view until retracted: at version N the
view holds the rows recorded up to N that no retraction up to N removed (and, as
reported by T, those stated by T).
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol
from uuid import UUID

from projections.base import Handler, Logged, ReadModel, RebuildState
from projections.sql import Db, Row, Writes, dumps_source, loads, time_key, time_text


class RetractableEntries(ReadModel):
    """Rows of one entry type: its own fields, source, times, and the retracting entry."""

    table: ClassVar[str]
    event_type: ClassVar[str]
    fields: ClassVar[tuple[str, ...]]
    # The field that says when the entry holds (its `stated_at`): kept as a time key
    # too, for reads as reported at a moment. None: it holds from when it is recorded.
    valid_time: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        columns = "".join(f" {name} TEXT," for name in cls.fields)
        cls.tables = (cls.table,)
        cls.schema = (
            f"CREATE TABLE IF NOT EXISTS {cls.table} ("
            " incident_id TEXT NOT NULL,"
            " entry INTEGER NOT NULL,"
            f"{columns}"
            " source TEXT,"
            " recorded_at TEXT NOT NULL,"
            " reported_by TEXT NOT NULL,"
            " retracted_by INTEGER,"
            " valid_key TEXT,"
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
        source = getattr(event, "source", None)
        entries.add(
            (
                logged.incident,
                logged.entry,
                *(time_text(getattr(event, name)) for name in self.fields),
                None if source is None else dumps_source(source),
                logged.recorded,
                event.reported_by,
                None,
                None if self.valid_time is None else time_key(getattr(event, self.valid_time)),
            )
        )

    @staticmethod
    def on_EntryRetracted(entries: RetractableState, logged: Logged) -> None:  # noqa: N802 (event names)
        """Mark the retracted entry, if it is one of this model's."""
        entries.retract(logged.incident, logged.event.entry, logged.entry)

    def at(
        self, db: Db, incident_id: UUID, version: int, as_of_key: str | None = None
    ) -> list[dict[str, Any]]:
        """The entries in the view at `version` (those holding by `as_of_key`, if given),
        in entry order."""
        statement = (
            f"SELECT * FROM {self.table} WHERE incident_id = ? AND entry <= ?"
            " AND (retracted_by IS NULL OR retracted_by > ?)"
        )
        params: list[Any] = [incident_id.hex, version, version]
        if as_of_key is not None and self.valid_time is not None:
            statement += " AND valid_key <= ?"
            params.append(as_of_key)
        rows = db.all(statement + " ORDER BY entry", params)
        return [self.item_of(row) for row in rows]

    def item_of(self, row: Row) -> dict[str, Any]:
        """A row as the view shows it."""
        return {
            "entry": row["entry"],
            **{name: row[name] for name in self.fields},
            **({} if row["source"] is None else {"source": loads(row["source"])}),
            "recorded_at": row["recorded_at"],
            "reported_by": row["reported_by"],
        }


class Attributions(RetractableEntries):
    """Who is said to be responsible: claims, denials, allegations, confirmations, rejections."""

    table = "attributions"
    event_type = "ResponsibilityAsserted"
    fields = ("party", "stance", "asserted_by", "statement", "channel", "stated_at")
    valid_time = "stated_at"


class Statements(RetractableEntries):
    """What was said about the incident, by whom and when."""

    table = "statements"
    event_type = "StatementRecorded"
    fields = ("speaker", "statement", "stated_at", "topic")
    valid_time = "stated_at"


class Withdrawals(RetractableEntries):
    """The entries that withdrew the incident; the one standing is the view's `withdrawn`."""

    table = "withdrawals"
    event_type = "IncidentWithdrawn"
    fields = ("reason", "duplicate_of")


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
    """A table of retractable entries during a rebuild: rows and marks buffered (a
    mark of an entry the table does not hold changes nothing, as in SQL)."""

    def __init__(self, rows: Writes, table: str) -> None:
        self.rows = rows
        self.table = table

    def add(self, row: tuple[Any, ...]) -> None:
        """Buffer the row."""
        self.rows.insert(self.table, row)

    def retract(self, incident: str, entry: int, by: int) -> None:
        """Buffer the mark."""
        self.rows.update(_retract(self.table), (by, incident, entry))


def _retract(table: str) -> str:
    return f"UPDATE {table} SET retracted_by = ? WHERE incident_id = ? AND entry = ?"
