"""Pages of the list: newest first, filtered, cut by a cursor.

Newest first means the latest `occurred_at` first (ties by id), and pages are cut
by that same key, so a cursor keeps its place while incidents are added. Text
search goes through a full-text index (see `projections.search`): SQLite's FTS5
table `incident_search`, PostgreSQL's GIN index over the `search` words.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from uuid import UUID

from projections import search
from projections.sql import Db, Row, loads


@dataclass(frozen=True, slots=True)
class ListQuery:
    """Filters and the page position of a list request."""

    limit: int = 100
    after: tuple[str, str] | None = None  # (occurred key, incident id hex) of the last item
    q: str | None = None
    tag: str | None = None
    occurred_from: str | None = None  # time keys, inclusive
    occurred_to: str | None = None
    country: str | None = None  # ISO 3166-1 alpha-2, upper case
    include_withdrawn: bool = False


def page(db: Db, query: ListQuery) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
    """One page of incidents, newest first, and the key to continue after (or None)."""
    rows_from, clauses, params, searched = "incidents", ["1 = 1"], [], []
    asked = search.words(query.q or "")
    if asked and db.on_postgres:
        # Matches from the GIN index first: the planner may walk the list to find nothing.
        rows_from = (
            "(SELECT * FROM incidents WHERE to_tsvector('simple', search)"
            " @@ to_tsquery('simple', ?) OFFSET 0) AS incidents"
        )
        searched.append(search.tsquery(asked))
    elif asked:
        clauses.append("rowid IN (SELECT rowid FROM incident_search WHERE incident_search MATCH ?)")
        params.append(search.fts5_query(asked))
    if query.tag is not None:
        clauses.append("incident_id IN (SELECT incident_id FROM incident_tags WHERE tag_key = ?)")
        params.append(query.tag.casefold())
    if query.country is not None:
        clauses.append("country = ?")
        params.append(query.country.upper())
    if not query.include_withdrawn:
        clauses.append("withdrawn IS NULL")
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
        f"SELECT * FROM {rows_from} WHERE {' AND '.join(clauses)}"
        " ORDER BY occurred_key DESC, incident_id DESC LIMIT ?",
        [*searched, *params, query.limit + 1],
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
        "withdrawn": row["withdrawn"] is not None,
    }
