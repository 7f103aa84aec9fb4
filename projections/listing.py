"""The list and search read model: one row per incident with its headline figures,
and the words a search finds it by. Its pages are cut in `projections.list_pages`.
"""

from __future__ import annotations

from typing import Any, ClassVar, Protocol
from uuid import UUID

from domain import current as rule
from projections import search
from projections.base import Handler, Logged, ReadModel, RebuildState
from projections.details import DetailsInMemory, IncidentDetails
from projections.figure_state import HEADLINE_FIELDS, FiguresInMemory
from projections.figures import FigureSeries
from projections.sql import (
    POSTGRES_ONLY,
    SQLITE_ONLY,
    Db,
    PointRead,
    Writes,
    dumps,
    first_value,
    parse_time,
    time_key,
)

_DETAIL_EVENTS = frozenset({"IncidentOpened", "DetailsRevised", "EntryRetracted"})
_FIGURE_EVENTS = frozenset(
    {"IncidentOpened", "FigureReported", "HeadlineSourceChosen", "EntryRetracted"}
)


class IncidentListing(ReadModel):
    """Incidents with their current details and headline figures, for lists and search.

    Applied after the details and figures models in the same transaction, so it
    reads their current state for the entry being applied.
    """

    tables = ("incidents", "incident_tags", "incident_search")
    sqlite_tables = ("incident_search",)
    rules = (rule.RULE, search.RULE)  # the headline figures, the words kept
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
        " headline TEXT NOT NULL,"
        " country TEXT,"
        " withdrawn INTEGER)",
        "CREATE INDEX IF NOT EXISTS incidents_newest ON incidents (occurred_key, incident_id)",
        "CREATE INDEX IF NOT EXISTS incidents_by_country"
        " ON incidents (country, occurred_key, incident_id)",
        "CREATE TABLE IF NOT EXISTS incident_tags ("
        " tag_key TEXT NOT NULL,"
        " incident_id TEXT NOT NULL,"
        " PRIMARY KEY (tag_key, incident_id))",
        # The full-text index of each store (see ReadModel.schema): its rowid is the
        # incidents row's.
        f"{SQLITE_ONLY}CREATE VIRTUAL TABLE IF NOT EXISTS incident_search USING fts5(words)",
        f"{POSTGRES_ONLY}CREATE INDEX IF NOT EXISTS incidents_search"
        " ON incidents USING GIN (to_tsvector('simple', search))",
    )

    def handler(self, kind: str) -> Handler:
        """Every entry moves the row's version; some change its details or headline."""
        return self.on_entry

    def state(self, db: Db) -> ListingInSql:
        """The listing rows, refreshed in the transaction as entries come."""
        return ListingInSql(db)

    def end_batch(self, state: ListingInSql) -> None:
        """Refresh the details and headlines the batch changed, once each."""
        state.refresh()

    def memory(self, rebuild: RebuildState) -> ListingInMemory:
        """The listing of a rebuild: each row written once, from the final state."""
        details = rebuild.state_of(IncidentDetails)
        figures = rebuild.state_of(FigureSeries)
        assert isinstance(details, DetailsInMemory) and isinstance(figures, FiguresInMemory)
        return ListingInMemory(rebuild.rows, details, figures)

    def finish(self, state: ListingInMemory) -> None:
        """Write every incident's row."""
        state.write_all()

    def after_rebuild(self, db: Db) -> None:
        """Fill SQLite's full-text index from the rows, in one statement."""
        if not db.on_postgres:
            db.execute(
                "INSERT INTO incident_search (rowid, words) SELECT rowid, search FROM incidents"
            )

    @staticmethod
    def on_entry(listing: ListingState, logged: Logged) -> None:
        """Keep the row's version and times; refresh details and headline when they change."""
        incident, version = logged.incident, logged.entry
        listing.entry(incident, version, logged.recorded, opens=logged.kind == "IncidentOpened")
        if logged.kind == "IncidentWithdrawn":
            listing.withdrawn(incident, version)
        elif logged.kind == "EntryRetracted":
            listing.restored(incident, logged.event.entry)
        if logged.kind in _DETAIL_EVENTS:
            listing.details_changed(incident, version)
        if logged.kind in _FIGURE_EVENTS:
            listing.figures_changed(incident, version)

    # Queries ----------------------------------------------------------------

    @staticmethod
    def version(incident_id: UUID) -> PointRead[int | None]:
        """The incident's current version, or None if there is no such incident."""
        return PointRead("incidents", ("version",), "incident_id", incident_id.hex, first_value)


class ListingState(Protocol):
    """What the listing handler tells its rows (incidents by id hex)."""

    def entry(self, incident: str, version: int, recorded: str, *, opens: bool) -> None:
        """The incident is at `version`, recorded at the time key `recorded`."""

    def details_changed(self, incident: str, version: int) -> None:
        """The details at `version` may differ from those before."""

    def figures_changed(self, incident: str, version: int) -> None:
        """The current figures at `version` may differ from those before."""

    def withdrawn(self, incident: str, entry: int) -> None:
        """Entry `entry` withdrew the incident."""

    def restored(self, incident: str, retracted: int) -> None:
        """Entry `retracted` was retracted: if it withdrew the incident, that no longer holds."""


class ListingInSql:
    """Listing rows kept current batch by batch, reading the details and figures models'
    tables in the same transaction: versions and times, details and
    headline once per incident, copied whole at the batch's last version changing them."""

    def __init__(self, db: Db) -> None:
        self.db = db
        self._details: dict[str, int] = {}  # incident: the last version changing them
        self._figures: dict[str, int] = {}
        self._moved: dict[str, tuple[int, str]] = {}  # incident: its last version, and when

    def details_changed(self, incident: str, version: int) -> None:
        """Refresh the details at the end of the batch."""
        self._details[incident] = version

    def figures_changed(self, incident: str, version: int) -> None:
        """Refresh the headline at the end of the batch."""
        self._figures[incident] = version

    def refresh(self) -> None:
        """Copy the details and headlines that changed into their rows, and move each
        row's version."""
        for incident, version in self._details.items():
            self._copy_details(incident, version)
        headlines = self._headlines(self._figures)
        # A row whose version moves takes its new headline in the same statement.
        self.db.many(
            "UPDATE incidents SET version = ?, updated_at = ?, headline = COALESCE(?, headline)"
            " WHERE incident_id = ?",
            [
                (version, recorded, headlines.pop(incident, None), incident)
                for incident, (version, recorded) in self._moved.items()
            ],
        )
        self.db.many(  # the rows opened in the batch
            "UPDATE incidents SET headline = ? WHERE incident_id = ?",
            [(headline, incident) for incident, headline in headlines.items()],
        )
        self._details, self._figures, self._moved = {}, {}, {}

    def entry(self, incident: str, version: int, recorded: str, *, opens: bool) -> None:
        """Add the row at the opening (details and headline follow); else move its version."""
        if opens:
            self.db.execute(
                "INSERT INTO incidents"
                " VALUES (?, ?, '', NULL, '{}', '', '', '[]', ?, ?, '', '{}', NULL, NULL)",
                (incident, version, recorded, recorded),
            )
        else:  # at the end of the batch, once
            self._moved[incident] = (version, recorded)

    def _copy_details(self, incident: str, version: int) -> None:
        """Copy the details at `version` into the row and its tags."""
        details = IncidentDetails.at(self.db, UUID(hex=incident), version)
        assert details is not None
        self.db.update(
            "UPDATE incidents SET title = ?, summary = ?, location = ?, occurred_at = ?,"
            " occurred_key = ?, tags = ?, search = ?, country = ? WHERE incident_id = ?",
            (*listed_details(details).values(), incident),
        )
        self.db.execute("DELETE FROM incident_tags WHERE incident_id = ?", (incident,))
        self.db.many("INSERT INTO incident_tags VALUES (?, ?)", tag_rows(incident, details))
        if not self.db.on_postgres:  # PostgreSQL's index follows the column itself
            self.db.execute(
                "INSERT OR REPLACE INTO incident_search (rowid, words)"
                " SELECT rowid, search FROM incidents WHERE incident_id = ?",
                (incident,),
            )

    def _headlines(self, changed: dict[str, int]) -> dict[str, str]:
        """The headline (as its column holds it) of each incident at its version here:
        its current figures, read in one statement of each kind for them all."""
        asked = [(UUID(hex=incident), version) for incident, version in changed.items()]
        currents = FigureSeries.currents(self.db, asked)
        return {
            incident: dumps(
                {
                    category: {name: figure[name] for name in HEADLINE_FIELDS}
                    for category, figure in current.items()
                    if figure["entry"] is not None  # only scoped figures: no headline
                }
            )
            for incident, current in zip(changed, currents, strict=True)
        }

    def withdrawn(self, incident: str, entry: int) -> None:
        """Mark the row withdrawn by the entry."""
        self.db.update(
            "UPDATE incidents SET withdrawn = ? WHERE incident_id = ?", (entry, incident)
        )

    def restored(self, incident: str, retracted: int) -> None:
        """Clear the mark, if the retracted entry is the one that set it."""
        self.db.update(
            "UPDATE incidents SET withdrawn = NULL WHERE incident_id = ? AND withdrawn = ?",
            (incident, retracted),
        )


class ListingInMemory:
    """The listing of a rebuild: versions and times noted as entries come, every row
    written once at the end from the details and figures held in memory."""

    def __init__(self, rows: Writes, details: DetailsInMemory, figures: FiguresInMemory) -> None:
        self.rows = rows
        self.details = details
        self.figures = figures
        self._incidents: dict[str, list[Any]] = {}  # version, opened_at, updated_at, withdrawn

    def entry(self, incident: str, version: int, recorded: str, *, opens: bool) -> None:
        """Note the version and times."""
        if opens:
            self._incidents[incident] = [version, recorded, recorded, None]
        else:
            noted = self._incidents[incident]
            noted[0], noted[2] = version, recorded

    def details_changed(self, incident: str, version: int) -> None:
        """Nothing yet: the row is written from the final details."""

    def figures_changed(self, incident: str, version: int) -> None:
        """Nothing yet: the row is written from the final figures."""

    def withdrawn(self, incident: str, entry: int) -> None:
        """Note the withdrawal."""
        self._incidents[incident][3] = entry

    def restored(self, incident: str, retracted: int) -> None:
        """Forget the withdrawal, if it is the entry retracted."""
        noted = self._incidents[incident]
        if noted[3] == retracted:
            noted[3] = None

    def write_all(self) -> None:
        """Buffer every incident's row and tags, a chunk of incidents at a time."""
        incidents = list(self._incidents)
        for start in range(0, len(incidents), HEADLINES_AT_ONCE):
            self._write(incidents[start : start + HEADLINES_AT_ONCE])

    def _write(self, incidents: list[str]) -> None:
        headlines = self.figures.headlines(incidents)
        for incident in incidents:
            version, opened_at, updated_at, withdrawn = self._incidents[incident]
            details = self.details.current(incident)
            listed = listed_details(details)
            self.rows.insert(
                "incidents",
                (
                    incident,
                    version,
                    *(listed[name] for name in _DETAIL_COLUMNS),
                    opened_at,
                    updated_at,
                    listed["search"],
                    dumps(headlines[incident]),
                    listed["country"],
                    withdrawn,
                ),
            )
            for row in tag_rows(incident, details):
                self.rows.insert("incident_tags", row)


_DETAIL_COLUMNS = ("title", "summary", "location", "occurred_at", "occurred_key", "tags")
HEADLINES_AT_ONCE = 500  # incidents whose headline figures are read back in one query


def listed_details(details: dict[str, Any]) -> dict[str, Any]:
    """The listing's columns that follow the details, by name, in the table's order
    (`search` last)."""
    shown = [details["title"], details["summary"] or "", details["location"]["name"]]
    return {
        "title": details["title"],
        "summary": details["summary"],
        "location": dumps(details["location"]),
        "occurred_at": details["occurred_at"],
        "occurred_key": time_key(parse_time(details["occurred_at"])),
        "tags": dumps(details["tags"]),
        "search": " ".join(search.words(" ".join([*shown, *details["tags"]]))),
        "country": details["location"].get("country_code"),
    }


def tag_rows(incident: str, details: dict[str, Any]) -> list[tuple[str, str]]:
    """The incident's rows in the tag index."""
    return [(tag.casefold(), incident) for tag in details["tags"]]
