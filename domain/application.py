"""The application service: one method per command, each get, act, save.

Methods return plain values (`Recorded`, `Entry`), never aggregates. Two writers
racing on one incident are serialised in this process by a lock (one of 64, by
the incident's id); a
writer in another process that wins the race makes the save fail with the
library's IntegrityError, and the command is read, checked and tried again.
"""

from __future__ import annotations

import random
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from domain.chain import ChainVerifier, Verification
from domain.entries import Entry, entry_of
from domain.errors import IncidentError, IncidentExists, IncidentNotFound, VersionMismatch
from domain.figures import Figure
from domain.incident import Incident
from domain.values import Category, Location, Source, Stance

# Records the caller asks to store atomically with the entries saved in a block.
_SAVED_WITH: ContextVar[dict[str, Any]] = ContextVar("saved_with", default={})  # noqa: B039 (never mutated)
SNAPSHOT_INTERVAL = 100
MAX_ATTEMPTS = 25
LOCK_STRIPES = 64


class WriteContention(IncidentError):
    """Other writers kept winning the race for this incident; nothing was written."""


@dataclass(frozen=True, slots=True)
class ScannedEntry:
    """A stored event read back for an audit: its position, incident, number, and the
    decoded event or the error decoding it raised."""

    position: int
    incident_id: UUID
    entry: int
    event: Any


@dataclass(frozen=True, slots=True)
class Recorded:
    """What a write returns: which entry it made, when, and where in the global log."""

    incident_id: UUID
    entry: int
    recorded_at: datetime
    position: int

    @property
    def version(self) -> int:
        """The incident's version after this entry: the entry number itself."""
        return self.entry


class IncidentRecord(Application[UUID]):
    """The record of incidents: commands that append entries, and the log they make."""

    name = "Incidents"
    snapshotting_intervals: ClassVar[dict[type[Any], int]] = {Incident: SNAPSHOT_INTERVAL}
    env: ClassVar[dict[str, str]] = {
        "AGGREGATE_CACHE_MAXSIZE": "1000",
        "AGGREGATE_CACHE_FASTFORWARD": "y",
    }

    def __init__(self, env: dict[str, str] | None = None) -> None:
        super().__init__(env)
        self._locks = [threading.Lock() for _ in range(LOCK_STRIPES)]

    # Commands ---------------------------------------------------------------

    def open_incident(
        self,
        *,
        title: str,
        occurred_at: datetime,
        location: Location,
        summary: str | None,
        tags: list[str],
        source: Source,
        reported_by: str,
        incident_id: UUID | None = None,
    ) -> Recorded:
        """Open the record of a new incident (with a given id, as when one is imported)."""
        if incident_id is not None and self.recorder.select_events(incident_id, limit=1):
            raise IncidentExists(incident_id)
        incident = Incident.open(
            title=title,
            occurred_at=occurred_at,
            location=location,
            summary=summary,
            tags=tags,
            source=source,
            reported_by=reported_by,
            now=now(),
            incident_id=incident_id,
        )
        return self._save(incident)

    def revise_details(
        self,
        incident_id: UUID,
        *,
        changes: dict[str, Any],
        reason: str,
        source: Source | None,
        reported_by: str,
        expected_version: int | None = None,
    ) -> Recorded:
        """Revise the title, summary, location, time or tags of an incident."""
        return self._update(
            incident_id,
            expected_version,
            lambda incident: incident.revise_details(
                changes=changes, reason=reason, source=source, reported_by=reported_by, now=now()
            ),
        )

    def report_figure(
        self,
        incident_id: UUID,
        *,
        category: Category,
        figure: Figure,
        as_of: datetime,
        note: str | None,
        source: Source,
        reported_by: str,
        expected_version: int | None = None,
    ) -> Recorded:
        """Report a count (killed, injured, ...) as a source worded it."""
        return self._update(
            incident_id,
            expected_version,
            lambda incident: incident.report_figure(
                category=category,
                figure=figure,
                as_of=as_of,
                note=note,
                source=source,
                reported_by=reported_by,
                now=now(),
            ),
        )

    def assert_responsibility(
        self,
        incident_id: UUID,
        *,
        party: str,
        stance: Stance,
        asserted_by: str,
        statement: str | None,
        channel: str | None,
        stated_at: datetime,
        source: Source,
        reported_by: str,
        expected_version: int | None = None,
    ) -> Recorded:
        """Record a claim, denial, allegation, confirmation or rejection of responsibility."""
        return self._update(
            incident_id,
            expected_version,
            lambda incident: incident.assert_responsibility(
                party=party,
                stance=stance,
                asserted_by=asserted_by,
                statement=statement,
                channel=channel,
                stated_at=stated_at,
                source=source,
                reported_by=reported_by,
                now=now(),
            ),
        )

    def record_statement(
        self,
        incident_id: UUID,
        *,
        speaker: str,
        statement: str,
        stated_at: datetime,
        topic: str | None,
        source: Source,
        reported_by: str,
        expected_version: int | None = None,
    ) -> Recorded:
        """Record a statement made about the incident."""
        return self._update(
            incident_id,
            expected_version,
            lambda incident: incident.record_statement(
                speaker=speaker,
                statement=statement,
                stated_at=stated_at,
                topic=topic,
                source=source,
                reported_by=reported_by,
                now=now(),
            ),
        )

    def retract_entry(
        self,
        incident_id: UUID,
        *,
        entry: int,
        reason: str,
        source: Source | None,
        reported_by: str,
        expected_version: int | None = None,
    ) -> Recorded:
        """Retract an earlier entry; it stays in the history."""
        return self._update(
            incident_id,
            expected_version,
            lambda incident: incident.retract_entry(
                entry=entry, reason=reason, source=source, reported_by=reported_by
            ),
        )

    # Queries on the log -----------------------------------------------------

    def get_incident(self, incident_id: UUID) -> Incident:
        """The incident aggregate as it stands now."""
        try:
            incident: Incident = self.repository.get(incident_id)
        except AggregateNotFoundError:
            raise IncidentNotFound(incident_id) from None
        return incident

    def entries(self, incident_id: UUID, *, after: int = 0, limit: int = 100) -> list[Entry]:
        """The incident's entries after entry `after`, in order, at most `limit`."""
        events = self.events.get(incident_id, gt=after, limit=limit)
        return [entry_of(e) for e in events]

    def decode(self, stored: Any) -> Any:
        """The domain event of a stored event or notification (for the projections)."""
        return self.mapper.to_domain_event(stored)

    def feed(self, *, after: int = 0, limit: int = 100) -> list[tuple[int, Entry]]:
        """The global log after position `after`: (position, entry) pairs, at most `limit`."""
        notifications = self.recorder.select_notifications(
            start=after, limit=limit, inclusive_of_start=False
        )
        return [(n.id, entry_of(self.decode(n))) for n in notifications]

    def verify(self, incident_id: UUID, expected: int | None = None) -> Verification:
        """Recompute an incident's hash chain from its stored events; `expected` is how
        many entries it is known to have (from the read models), if known."""
        stored = self.recorder.select_events(incident_id)
        if not stored and not expected:
            raise IncidentNotFound(incident_id)
        verifier = ChainVerifier()
        for record in stored:
            verifier.add(incident_id, record.originator_version, self._decoded(record))
        return verifier.result(incident_id, expected)

    def scan(self, until: int | None = None, batch: int = 1000) -> Iterator[ScannedEntry]:
        """The whole log in order, up to position `until`: each stored event decoded,
        or the error its decoding raised (for auditors, who must see damage)."""
        after = 0
        while True:
            notifications = self.recorder.select_notifications(
                start=after, limit=batch, stop=until, inclusive_of_start=False
            )
            for n in notifications:
                incident_id = UUID(str(n.originator_id))
                yield ScannedEntry(n.id, incident_id, n.originator_version, self._decoded(n))
            if len(notifications) < batch:
                return
            after = notifications[-1].id

    def _decoded(self, stored: Any) -> Any:
        try:
            return self.decode(stored)
        except Exception as error:
            return error

    @contextmanager
    def saving_with(self, **records: Any) -> Iterator[None]:
        """Store these records in the same transaction as every entry saved in the block.

        The infrastructure gives them meaning (the API stores idempotency keys this
        way, so a request leaves its entry and its key, or neither).
        """
        token = _SAVED_WITH.set(records)
        try:
            yield
        finally:
            _SAVED_WITH.reset(token)

    def save(self, *objs: Any, **kwargs: Any) -> Any:
        """Save as the library does, with any records of an enclosing `saving_with`."""
        return super().save(*objs, **{**_SAVED_WITH.get(), **kwargs})

    # Internals ----------------------------------------------------------------

    def _update(
        self, incident_id: UUID, expected_version: int | None, act: Callable[[Incident], None]
    ) -> Recorded:
        for attempt in range(MAX_ATTEMPTS):
            with self._locks[hash(incident_id) % LOCK_STRIPES]:
                incident = self.get_incident(incident_id)
                if expected_version is not None and incident.version != expected_version:
                    raise VersionMismatch(incident_id, expected_version, incident.version)
                act(incident)
                try:
                    return self._save(incident)
                except IntegrityError:
                    pass  # another process appended first: read again and check again
            time.sleep(random.uniform(0, 0.002 * (attempt + 1)))
        raise WriteContention(f"incident {incident_id} is too busy to write to; try again")

    def _save(self, incident: Incident) -> Recorded:
        recordings = self.save(incident)
        return Recorded(
            incident_id=incident.id,
            entry=incident.version,
            recorded_at=incident.modified_on,
            position=recordings[-1].notification.id,
        )


def now() -> datetime:
    """The server clock, in UTC."""
    return datetime.now(UTC)
