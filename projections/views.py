"""Queries over the read models: the incident view at any version, the series, the list.

Each query runs in one read transaction, so it sees one committed state of every
read model. A historical view costs the same as the current one: the version is
found through the entry index, and every part of the view is read through an
index at that version; nothing is replayed.
"""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import OperationalError

from domain.errors import IncidentNotFound
from projections import list_pages
from projections.list_pages import ListQuery
from projections.models import (
    ATTRIBUTIONS,
    DETAILS,
    ENTRIES,
    FIGURES,
    LISTING,
    RETRACTIONS,
    STATEMENTS,
    WITHDRAWALS,
)
from projections.sql import Db, time_key
from projections.store import ViewRecorder

LIST_PAGES_AT_ONCE = 4
LIST_WAIT = 10.0  # seconds
_LIST_PAGES = threading.BoundedSemaphore(LIST_PAGES_AT_ONCE)


class IncidentViews:
    """The read side of the record."""

    def __init__(self, store: ViewRecorder) -> None:
        self.store = store

    def view(
        self,
        incident_id: UUID,
        *,
        version: int | None = None,
        known_at: datetime | None = None,
        as_of: datetime | None = None,
    ) -> dict[str, Any]:
        """The incident as the record stands, or stood at a version or a known_at time;
        with `as_of`, as it had been reported by then."""
        with self.store.reading() as db:
            at = self.resolve(db, incident_id, version, known_at)
            return self._view(db, incident_id, at, as_of)

    def page(
        self,
        incident_id: UUID,
        *,
        known_at: datetime | None = None,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        """The view and the whole figure series, read at one moment (for the pages)."""
        with self.store.reading() as db:
            at = self.resolve(db, incident_id, version, known_at)
            key = None if as_of is None else time_key(as_of)
            series = FIGURES.series(db, incident_id, at, as_of_key=key)
            return self._view(db, incident_id, at, as_of), series

    def series(
        self,
        incident_id: UUID,
        *,
        category: str | None = None,
        scope: str | None = None,
        known_at: datetime | None = None,
        version: int | None = None,
        as_of: datetime | None = None,
    ) -> list[dict[str, Any]]:
        """The figure series, as the record stands or stood at known_at or a version;
        with `as_of`, the figures reported by then."""
        with self.store.reading() as db:
            at = self.resolve(db, incident_id, version, known_at)
            key = None if as_of is None else time_key(as_of)
            return FIGURES.series(db, incident_id, at, category, scope=scope, as_of_key=key)

    def version(self, incident_id: UUID) -> int:
        """The incident's current version; IncidentNotFound if there is none."""
        with self.store.reading() as db:
            return self.resolve(db, incident_id, None, None)

    def versions(self) -> dict[UUID, int]:
        """Every incident the read models know, and how many entries they have seen."""
        with self.store.reading() as db:
            return {
                UUID(row["incident_id"]): row["version"]
                for row in db.all("SELECT incident_id, version FROM incidents")
            }

    def known_version(self, incident_id: UUID) -> int | None:
        """How many entries the read models have seen of an incident, if any."""
        with self.store.reading() as db:
            return LISTING.version(incident_id)(db)

    def entry(self, incident_id: UUID, entry: int) -> tuple[int, datetime]:
        """An entry's position in the global log and its recorded time."""
        with self.store.reading() as db:
            found = ENTRIES.position(db, incident_id, entry)
        if found is None:
            raise IncidentNotFound(incident_id, f"incident {incident_id} has no entry {entry}")
        return found[0], datetime.fromisoformat(found[1])

    def heads(self, application_name: str) -> tuple[int, list[tuple[str, str]]]:
        """The position the read models are at, and every incident's chain head there."""
        with self.store.reading() as db:
            return self.store.tracked(db, application_name), ENTRIES.heads(db)

    def incidents(self, query: ListQuery) -> tuple[list[dict[str, Any]], tuple[str, str] | None]:
        """A page of the incident list, and where the next one starts.

        A page of a thousand incidents is the largest answer the record gives, so a
        process builds at most LIST_PAGES_AT_ONCE of them at a time: many clients asking
        at once wait their turn (and past LIST_WAIT seconds get the store's "busy", a
        503), rather than each holding its own in memory.
        """
        if not _LIST_PAGES.acquire(timeout=LIST_WAIT):
            msg = "too many lists are being read at once; try again"
            raise OperationalError(msg)
        try:
            with self.store.reading() as db:
                return list_pages.page(db, query)
        finally:
            _LIST_PAGES.release()

    @staticmethod
    def _view(db: Db, incident_id: UUID, at: int, as_of: datetime | None) -> dict[str, Any]:
        details = DETAILS.at(db, incident_id, at)
        assert details is not None
        key = None if as_of is None else time_key(as_of)
        withdrawals = WITHDRAWALS.at(db, incident_id, at)
        return {
            "id": str(incident_id),
            "version": at,
            **details,
            "opened_at": ENTRIES.recorded(db, incident_id, 1),
            "updated_at": ENTRIES.recorded(db, incident_id, at),
            "figures": FIGURES.current(db, incident_id, at, key),
            "attributions": ATTRIBUTIONS.at(db, incident_id, at, key),
            "statements": STATEMENTS.at(db, incident_id, at, key),
            "retracted_entries": RETRACTIONS.retracted_at(db, incident_id, at),
            "withdrawn": withdrawals[-1] if withdrawals else None,
            "as_of": None if as_of is None else as_of.isoformat(),
        }

    @staticmethod
    def resolve(db: Db, incident_id: UUID, version: int | None, known_at: datetime | None) -> int:
        """The version a read asks for: `version`, the one current at `known_at`, or the
        current one; IncidentNotFound when there is no such incident or version."""
        current = LISTING.version(incident_id)(db)
        if current is None:
            raise IncidentNotFound(incident_id)
        if known_at is not None:
            at = ENTRIES.version_at(db, incident_id, time_key(known_at))
            if at is None:
                raise IncidentNotFound(
                    incident_id,
                    f"incident {incident_id} was not yet in the record at {known_at.isoformat()}",
                )
            return at
        if version is not None:
            if version > current:
                raise IncidentNotFound(
                    incident_id,
                    f"incident {incident_id} has no version {version}: it is at {current}",
                )
            return version
        return current
