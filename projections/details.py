"""The incident's details (title, summary, location, time, tags) at every version.

A row is written whenever the details change: at the opening, at each revision,
and when a revision is retracted (the details fall back to the opening with the
remaining revisions applied). The details at version N are the latest row at or
before N: one index probe.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, Protocol
from uuid import UUID

from domain.details import DETAIL_FIELDS, revised_fields
from domain.entries import payload
from projections.base import Logged, ReadModel, RebuildState
from projections.sql import Db, Row, Writes, dumps, loads, time_text


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

    def state(self, db: Db) -> DetailsInSql:
        """The details and revisions, read back from the transaction."""
        return DetailsInSql(db)

    def memory(self, rebuild: RebuildState) -> DetailsInMemory:
        """Every incident's current details held for a rebuild (the rest read back)."""
        return DetailsInMemory(rebuild.rows, rebuild.db, rebuild.flush)

    @staticmethod
    def on_IncidentOpened(details: DetailsState, logged: Logged) -> None:  # noqa: N802 (event names)
        """The opening sets every detail."""
        opened = {name: getattr(logged.event, name) for name in DETAIL_FIELDS}
        details.write(logged.incident, 1, opened)

    @staticmethod
    def on_DetailsRevised(details: DetailsState, logged: Logged) -> None:  # noqa: N802
        """A revision replaces the details it names."""
        changes = revised_fields(payload(logged.event))
        details.add_revision(logged.incident, logged.entry, changes)
        revised = {**details.current(logged.incident), **changes}
        details.write(logged.incident, logged.entry, revised)

    @staticmethod
    def on_EntryRetracted(details: DetailsState, logged: Logged) -> None:  # noqa: N802
        """Retracting a revision reapplies the ones that remain, over the opening."""
        if not details.retract_revision(logged.incident, logged.event.entry, logged.entry):
            return  # the retracted entry was not a revision
        current = details.opening(logged.incident)
        for changes in details.revisions(logged.incident):
            current.update(changes)
        details.write(logged.incident, logged.entry, current)

    @staticmethod
    def at(db: Db, incident_id: UUID, version: int) -> dict[str, Any] | None:
        """The details as they stood at `version`, or None before the opening."""
        row = db.one(
            "SELECT * FROM details WHERE incident_id = ? AND at_entry <= ?"
            " ORDER BY at_entry DESC LIMIT 1",
            (incident_id.hex, version),
        )
        return None if row is None else details_of(row)


class DetailsState(Protocol):
    """What the details handlers read and write (incidents by id hex)."""

    def write(self, incident: str, entry: int, details: dict[str, Any]) -> None:
        """Make `details` current from `entry` on."""

    def current(self, incident: str) -> dict[str, Any]:
        """The latest details."""

    def opening(self, incident: str) -> dict[str, Any]:
        """The details as the opening set them."""

    def add_revision(self, incident: str, entry: int, changes: dict[str, Any]) -> None:
        """Remember a revision's changes."""

    def retract_revision(self, incident: str, entry: int, by: int) -> bool:
        """Mark `entry` retracted by `by` if it is a revision; whether it was one."""

    def revisions(self, incident: str) -> list[dict[str, Any]]:
        """The changes of every revision not retracted, in entry order."""


class DetailsInSql:
    """The details state as the tables hold it, in one transaction."""

    def __init__(self, db: Db) -> None:
        self.db = db

    def write(self, incident: str, entry: int, details: dict[str, Any]) -> None:
        """Add the details row."""
        self.db.insert("details", details_row(incident, entry, details))

    def current(self, incident: str) -> dict[str, Any]:
        """The latest details row."""
        return self._row(
            "SELECT * FROM details WHERE incident_id = ? ORDER BY at_entry DESC", incident
        )

    def opening(self, incident: str) -> dict[str, Any]:
        """The details row of entry 1."""
        return self._row("SELECT * FROM details WHERE incident_id = ? AND at_entry = 1", incident)

    def add_revision(self, incident: str, entry: int, changes: dict[str, Any]) -> None:
        """Add the revision's row."""
        self.db.insert("revisions", (incident, entry, dumps(changes), None))

    def retract_revision(self, incident: str, entry: int, by: int) -> bool:
        """Mark the revision's row, if there is one."""
        self.db.update(_RETRACT_REVISION, (by, incident, entry))
        return self.db.rowcount == 1

    def revisions(self, incident: str) -> list[dict[str, Any]]:
        """The changes of the revisions whose rows are not marked retracted."""
        rows = self.db.all(
            "SELECT changes FROM revisions WHERE incident_id = ? AND retracted_by IS NULL"
            " ORDER BY entry",
            (incident,),
        )
        return [loads(row["changes"]) for row in rows]

    def _row(self, statement: str, incident: str) -> dict[str, Any]:
        row = self.db.one(statement + " LIMIT 1", (incident,))
        assert row is not None, f"incident {incident} has no details"
        return details_of(row)


class DetailsInMemory:
    """The details state of every incident during a rebuild: the current details held in
    memory, the rows sent to the rebuild's buffer. What only the retraction of a
    revision needs (the opening's details, the revisions that stand) is read from the
    rows once the buffer is written (`flush`), so memory grows with the incidents and
    the number of their revisions, not with the revisions' contents; the retraction of
    any other entry costs nothing."""

    def __init__(self, rows: Writes, db: Db, flush: Callable[[], None]) -> None:
        self.rows = rows
        self.flush = flush
        self._in_sql = DetailsInSql(db)
        self._current: dict[str, tuple[Any, ...]] = {}
        self._revisions: dict[str, set[int]] = {}  # each incident's revisions' entries

    def write(self, incident: str, entry: int, details: dict[str, Any]) -> None:
        """Buffer the details row and make it current."""
        row = details_row(incident, entry, details)
        self.rows.insert("details", row)
        self._current[incident] = row

    def current(self, incident: str) -> dict[str, Any]:
        """The latest details row, as the table would give it back."""
        return details_of(dict(zip(DETAILS_COLUMNS, self._current[incident], strict=True)))

    def opening(self, incident: str) -> dict[str, Any]:
        """The first details row, from the rows (written)."""
        self.flush()
        return self._in_sql.opening(incident)

    def add_revision(self, incident: str, entry: int, changes: dict[str, Any]) -> None:
        """Buffer the revision's row."""
        self.rows.insert("revisions", (incident, entry, dumps(changes), None))
        self._revisions.setdefault(incident, set()).add(entry)

    def retract_revision(self, incident: str, entry: int, by: int) -> bool:
        """Mark the revision's row, if `entry` is one, once the rows held are written."""
        if entry not in self._revisions.get(incident, ()):
            return False
        self.flush()
        return self._in_sql.retract_revision(incident, entry, by)

    def revisions(self, incident: str) -> list[dict[str, Any]]:
        """The changes of the revisions that stand, from the rows (written)."""
        self.flush()
        return self._in_sql.revisions(incident)


DETAILS_COLUMNS = ("incident_id", "at_entry", "title", "summary", "location", "occurred_at", "tags")
_RETRACT_REVISION = "UPDATE revisions SET retracted_by = ? WHERE incident_id = ? AND entry = ?"


def details_row(incident: str, entry: int, details: dict[str, Any]) -> tuple[Any, ...]:
    """The details row that makes `details` current from `entry` on."""
    return (
        incident,
        entry,
        details["title"],
        details["summary"],
        dumps(details["location"]),
        time_text(details["occurred_at"]),
        dumps(details["tags"]),
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
