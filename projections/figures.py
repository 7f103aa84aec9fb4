"""The figure series, and each source's latest figure at every version.

`figures` holds every reported figure with the entry that retracted it, if any:
the series at version N is the rows up to N, with retractions up to N applied.

`figure_heads` answers "what was each source's latest figure at version N"
without scanning the history: a row is written whenever a source's latest
figure in a category changes (a newer figure, or a retraction that falls back to
the one before), so the head at N is the last row at or before N, one index
probe per source. The current figure of a category is the latest of its
sources' heads: the non-retracted figure with the latest as_of, ties going to
the later entry.
"""

from __future__ import annotations

from typing import Any, ClassVar
from uuid import UUID

from projections.base import ReadModel
from projections.sql import Db, Row, dumps, loads, time_key, time_text


def source_key(name: str) -> str:
    """Sources are told apart by name, ignoring case and spacing."""
    return " ".join(name.casefold().split())


class FigureSeries(ReadModel):
    """Every figure reported, its retraction, and the per-source heads over versions."""

    tables = ("figures", "figure_heads", "figure_sources")
    schema: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS figures ("
        " incident_id TEXT NOT NULL,"
        " entry INTEGER NOT NULL,"
        " category TEXT NOT NULL,"
        " text TEXT NOT NULL,"
        " qualifier TEXT NOT NULL,"
        " value BIGINT,"
        " low BIGINT,"
        " high BIGINT,"
        " as_of TEXT NOT NULL,"
        " as_of_key TEXT NOT NULL,"
        " note TEXT,"
        " source TEXT NOT NULL,"
        " source_key TEXT NOT NULL,"
        " recorded_at TEXT NOT NULL,"
        " reported_by TEXT NOT NULL,"
        " retracted_by INTEGER,"
        " retracted_at TEXT,"
        " PRIMARY KEY (incident_id, entry))",
        "CREATE INDEX IF NOT EXISTS figures_by_source"
        " ON figures (incident_id, category, source_key, as_of_key, entry)",
        "CREATE INDEX IF NOT EXISTS figures_by_as_of ON figures (incident_id, as_of_key, entry)",
        "CREATE TABLE IF NOT EXISTS figure_heads ("
        " incident_id TEXT NOT NULL,"
        " category TEXT NOT NULL,"
        " source_key TEXT NOT NULL,"
        " at_entry INTEGER NOT NULL,"
        " head INTEGER,"
        " PRIMARY KEY (incident_id, category, source_key, at_entry))",
        "CREATE TABLE IF NOT EXISTS figure_sources ("
        " incident_id TEXT NOT NULL,"
        " category TEXT NOT NULL,"
        " source_key TEXT NOT NULL,"
        " first_entry INTEGER NOT NULL,"
        " PRIMARY KEY (incident_id, category, source_key))",
    )

    def on_FigureReported(self, db: Db, event: Any) -> None:  # noqa: N802 (event names)
        """A new figure; it becomes its source's head unless that head is later in as_of."""
        incident, entry = event.originator_id.hex, event.originator_version
        key = source_key(event.source["name"])
        as_of_key = time_key(event.as_of)
        db.execute(
            "INSERT INTO figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
            (
                incident,
                entry,
                event.category,
                event.text,
                event.qualifier,
                event.value,
                event.low,
                event.high,
                time_text(event.as_of),
                as_of_key,
                event.note,
                dumps(event.source),
                key,
                time_key(event.timestamp),
                event.reported_by,
            ),
        )
        db.execute(
            "INSERT INTO figure_sources VALUES (?, ?, ?, ?)"
            " ON CONFLICT (incident_id, category, source_key) DO NOTHING",
            (incident, event.category, key, entry),
        )
        head = self._head_now(db, incident, event.category, key)
        if head is None or as_of_key >= head["as_of_key"]:
            self._move_head(db, incident, event.category, key, entry, entry)

    def on_EntryRetracted(self, db: Db, event: Any) -> None:  # noqa: N802
        """A retracted figure leaves the heads; its source falls back to its previous figure."""
        incident = event.originator_id.hex
        row = db.one(
            "SELECT category, source_key FROM figures WHERE incident_id = ? AND entry = ?",
            (incident, event.entry),
        )
        if row is None:
            return
        db.execute(
            "UPDATE figures SET retracted_by = ?, retracted_at = ?"
            " WHERE incident_id = ? AND entry = ?",
            (event.originator_version, time_key(event.timestamp), incident, event.entry),
        )
        category, key = row["category"], row["source_key"]
        head = self._head_now(db, incident, category, key)
        if head is not None and head["entry"] == event.entry:
            fallback = db.scalar(
                "SELECT entry FROM figures WHERE incident_id = ? AND category = ?"
                " AND source_key = ? AND retracted_by IS NULL"
                " ORDER BY as_of_key DESC, entry DESC LIMIT 1",
                (incident, category, key),
            )
            self._move_head(db, incident, category, key, event.originator_version, fallback)

    @staticmethod
    def _head_now(db: Db, incident: str, category: str, key: str) -> Row | None:
        return db.one(
            "SELECT f.entry, f.as_of_key FROM figures f WHERE f.incident_id = ? AND f.entry = ("
            " SELECT h.head FROM figure_heads h WHERE h.incident_id = ? AND h.category = ?"
            " AND h.source_key = ? ORDER BY h.at_entry DESC LIMIT 1)",
            (incident, incident, category, key),
        )

    @staticmethod
    def _move_head(
        db: Db, incident: str, category: str, key: str, at_entry: int, head: int | None
    ) -> None:
        db.execute(
            "INSERT INTO figure_heads VALUES (?, ?, ?, ?, ?)",
            (incident, category, key, at_entry, head),
        )

    # Queries ----------------------------------------------------------------

    @staticmethod
    def current(db: Db, incident_id: UUID, version: int) -> dict[str, dict[str, Any]]:
        """Each category's current figure at `version`, with every source's latest figure."""
        rows = db.all(
            "SELECT f.* FROM figure_sources s JOIN figures f"
            " ON f.incident_id = s.incident_id AND f.entry = ("
            "  SELECT h.head FROM figure_heads h WHERE h.incident_id = s.incident_id"
            "  AND h.category = s.category AND h.source_key = s.source_key"
            "  AND h.at_entry <= ? ORDER BY h.at_entry DESC LIMIT 1)"
            " WHERE s.incident_id = ? AND s.first_entry <= ?"
            " ORDER BY f.category, f.as_of_key DESC, f.entry DESC",
            (version, incident_id.hex, version),
        )
        figures: dict[str, dict[str, Any]] = {}
        for row in rows:
            figure = figure_of(row)
            if row["category"] not in figures:
                figures[row["category"]] = {**figure, "by_source": []}
            figures[row["category"]]["by_source"].append(figure)
        return figures

    @staticmethod
    def series(
        db: Db, incident_id: UUID, version: int, category: str | None = None
    ) -> list[dict[str, Any]]:
        """Every figure recorded up to `version`, by as_of then entry, retractions as of then."""
        statement = "SELECT * FROM figures WHERE incident_id = ? AND entry <= ?"
        params: list[Any] = [incident_id.hex, version]
        if category is not None:
            statement += " AND category = ?"
            params.append(category)
        rows = db.all(statement + " ORDER BY as_of_key, entry", params)
        series = []
        for row in rows:
            retracted = row["retracted_by"] is not None and row["retracted_by"] <= version
            series.append(
                {
                    **figure_of(row),
                    "category": row["category"],
                    "retracted": retracted,
                    "retracted_at": row["retracted_at"] if retracted else None,
                }
            )
        return series


def figure_of(row: Row) -> dict[str, Any]:
    """A figure row as views and series show it."""
    return {
        "entry": row["entry"],
        "text": row["text"],
        "qualifier": row["qualifier"],
        "value": row["value"],
        "low": row["low"],
        "high": row["high"],
        "as_of": row["as_of"],
        "note": row["note"],
        "source": loads(row["source"]),
        "recorded_at": row["recorded_at"],
        "reported_by": row["reported_by"],
    }
