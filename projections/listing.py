"""The list and search read model: one row per incident with its headline figures.

Newest first means the latest `occurred_at` first (ties by id), and pages are cut
by that same key, so a cursor keeps its place while incidents are added.
Text search matches every word of `q` in the title, summary, place or tags,
ignoring case.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar
from uuid import UUID

from projections.base import ReadModel
from projections.details import IncidentDetails
from projections.figures import FigureSeries
from projections.sql import Db, Row, dumps, loads, parse_time, time_key

HEADLINE_FIELDS = ("entry", "text", "qualifier", "value", "low", "high", "as_of")
_DETAIL_EVENTS = frozenset({"IncidentOpened", "DetailsRevised", "EntryRetracted"})
_FIGURE_EVENTS = frozenset({"IncidentOpened", "FigureReported", "EntryRetracted"})


@dataclass(frozen=True, slots=True)
class ListQuery:
    """Filters and the page position of a list request."""

    limit: int = 100
    after: tuple[str, str] | None = None  # (occurred key, incident id hex) of the last item
    q: str | None = None
    tag: str | None = None
    occurred_from: str | None = None  # time keys, inclusive
    occurred_to: str | None = None


class IncidentListing(ReadModel):
    """Incidents with their current details and headline figures, for lists and search.

    Applied after the details and figures models in the same transaction, so it
    reads their current state for the entry being applied.
    """

    tables = ("incidents", "incident_tags")
    schema: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS incidents ("
        " incident_id TEXT PRIMARY KEY,"
        " version INTEGER NOT NULL,"
        " title TEXT NOT NULL,"
        " summary TEXT,"
        " location TEXT NOT NULL,"
        " occurred_at TEXT NOT NULL,"
        " occurred_key TEXT NOT NULL,"
        " tags TEXT NOT NULL,"
        " opened_at TEXT NOT NULL,"
        " updated_at TEXT NOT NULL,"
        " search TEXT NOT NULL,"
        " headline TEXT NOT NULL)",
        "CREATE INDEX IF NOT EXISTS incidents_newest ON incidents (occurred_key, incident_id)",
        "CREATE TABLE IF NOT EXISTS incident_tags ("
        " tag_key TEXT NOT NULL,"
        " incident_id TEXT NOT NULL,"
        " PRIMARY KEY (tag_key, incident_id))",
    )

    def apply(self, db: Db, event: Any, position: int) -> None:
        """Keep the row's version and times; refresh details and headline when they change."""
        incident_id: UUID = event.originator_id
        version: int = event.originator_version
        recorded = time_key(event.timestamp)
        kind = type(event).__name__
        if kind == "IncidentOpened":
            db.execute(  # the details and headline are filled in just below
                "INSERT INTO incidents VALUES (?, ?, '', NULL, '{}', '', '', '[]', ?, ?, '', '{}')",
                (incident_id.hex, version, recorded, recorded),
            )
        else:
            db.execute(
                "UPDATE incidents SET version = ?, updated_at = ? WHERE incident_id = ?",
                (version, recorded, incident_id.hex),
            )
        if kind in _DETAIL_EVENTS:
            self._refresh_details(db, incident_id, version)
        if kind in _FIGURE_EVENTS:
            headline = {
                category: {name: figure[name] for name in HEADLINE_FIELDS}
                for category, figure in FigureSeries.current(db, incident_id, version).items()
            }
            db.execute(
                "UPDATE incidents SET headline = ? WHERE incident_id = ?",
                (dumps(headline), incident_id.hex),
            )

    @staticmethod
    def _refresh_details(db: Db, incident_id: UUID, version: int) -> None:
        details = IncidentDetails.at(db, incident_id, version)
        assert details is not None
        words = [details["title"], details["summary"] or "", details["location"]["name"]]
        db.execute(
            "UPDATE incidents SET title = ?, summary = ?, location = ?, occurred_at = ?,"
            " occurred_key = ?, tags = ?, search = ? WHERE incident_id = ?",
            (
                details["title"],
                details["summary"],
                dumps(details["location"]),
                details["occurred_at"],
                time_key(parse_time(details["occurred_at"])),
                dumps(details["tags"]),
                "\n".join([*words, *details["tags"]]).casefold(),
                incident_id.hex,
            ),
        )
        db.execute("DELETE FROM incident_tags WHERE incident_id = ?", (incident_id.hex,))
        db.many(
            "INSERT INTO incident_tags VALUES (?, ?)",
            [(tag.casefold(), incident_id.hex) for tag in details["tags"]],
        )

    # Queries ----------------------------------------------------------------

    @staticmethod
    def version(db: Db, incident_id: UUID) -> int | None:
        """The incident's current version, or None if there is no such incident."""
        version: int | None = db.scalar(
            "SELECT version FROM incidents WHERE incident_id = ?", (incident_id.hex,)
        )
        return version

    @staticmethod
    def page(db: Db, query: ListQuery) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
        """One page of incidents, newest first, and the key to continue after (or None)."""
        clauses, params = ["1 = 1"], []
        if query.tag is not None:
            clauses.append(
                "incident_id IN (SELECT incident_id FROM incident_tags WHERE tag_key = ?)"
            )
            params.append(query.tag.casefold())
        for word in (query.q or "").casefold().split():
            clauses.append("search LIKE ? ESCAPE '\\'")
            escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
            params.append(f"%{escaped}%")
        if query.occurred_from is not None:
            clauses.append("occurred_key >= ?")
            params.append(query.occurred_from)
        if query.occurred_to is not None:
            clauses.append("occurred_key <= ?")
            params.append(query.occurred_to)
        if query.after is not None:
            clauses.append("(occurred_key < ? OR (occurred_key = ? AND incident_id < ?))")
            params.extend([query.after[0], query.after[0], query.after[1]])
        rows = db.all(
            f"SELECT * FROM incidents WHERE {' AND '.join(clauses)}"
            " ORDER BY occurred_key DESC, incident_id DESC LIMIT ?",
            [*params, query.limit + 1],
        )
        items = [summary_of(row) for row in rows[: query.limit]]
        more = len(rows) > query.limit
        last = rows[query.limit - 1] if more else None
        return items, (last["occurred_key"], last["incident_id"]) if last else None


def summary_of(row: Row) -> dict[str, Any]:
    """A listing row as the list shows it."""
    return {
        "id": str(UUID(row["incident_id"])),
        "version": row["version"],
        "title": row["title"],
        "occurred_at": row["occurred_at"],
        "location": loads(row["location"]),
        "summary": row["summary"],
        "tags": loads(row["tags"]),
        "opened_at": row["opened_at"],
        "updated_at": row["updated_at"],
        "figures": loads(row["headline"]),
    }
