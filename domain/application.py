"""The application service: one method per command, each get, act, save.

Methods return plain values (`Recorded`, `Entry`), never aggregates. Two writers
racing on one incident are serialised in this process by a lock (one of 64, by
the incident's id); a
writer in another process that wins the race makes the save fail with the
library's IntegrityError, and the command is read, checked and tried again.
"""

from __future__ import annotations

import logging
import random
import threading
import time
from collections.abc import Collection, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, ClassVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError

from domain.chain import ChainVerifier, Verification
from domain.commands import EntryCommand, OpenIncident, WithdrawIncident
from domain.entries import Entry, entry_of
from domain.errors import (
    IncidentError,
    IncidentExists,
    IncidentNotFound,
    InvalidValue,
    VersionMismatch,
)
from domain.incident import Incident

# Records the caller asks to store atomically with the entries saved in a block.
_SAVED_WITH: ContextVar[dict[str, Any]] = ContextVar("saved_with", default={})  # noqa: B039 (never mutated)
SNAPSHOT_INTERVAL = 100
log = logging.getLogger(__name__)
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
class Change:
    """One command, ready to be carried out: on which incident, and the version it
    expects the incident to be at (If-Match), if any."""

    incident_id: UUID | None  # None: a new incident, with a new id
    command: OpenIncident | EntryCommand
    expected_version: int | None = None

    @property
    def opens(self) -> bool:
        """Whether this change opens a new incident."""
        return isinstance(self.command, OpenIncident)

    def made(self, incident: Incident | None) -> Incident:
        """The incident with this change's entry pending (a new one when it opens).

        Raises VersionMismatch, or the domain error of the rule that refuses the
        change, and then leaves the incident as it was.
        """
        command = self.command
        if isinstance(command, OpenIncident):
            return Incident.open(command, now(), self.incident_id)
        assert incident is not None, "only an opening makes a new incident"
        if self.expected_version is not None and incident.version != self.expected_version:
            raise VersionMismatch(incident.id, self.expected_version, incident.version)
        incident.carry_out(command, now())
        return incident


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
    # The API hands the same Changes to a group writer instead, which carries out
    # many in one transaction.

    def open_incident(self, command: OpenIncident, incident_id: UUID | None = None) -> Recorded:
        """Open the record of a new incident (with a given id, as when one is imported)."""
        return self.carry_out(Change(incident_id, command))

    def record(
        self, incident_id: UUID, command: EntryCommand, expected_version: int | None = None
    ) -> Recorded:
        """Add an entry to an open incident: a figure, an attribution, a statement, a
        revision or a retraction."""
        return self.carry_out(Change(incident_id, command, expected_version))

    def carry_out(self, change: Change) -> Recorded:
        """Get the incident, act, save; a writer that wins a race makes us read and try again."""
        self.check_references(change.command)
        if change.opens:
            if change.incident_id is not None and self.recorder.select_events(
                change.incident_id, limit=1
            ):
                raise IncidentExists(change.incident_id)
            return self._save(change.made(None))
        assert change.incident_id is not None
        for attempt in range(MAX_ATTEMPTS):
            with self._locks[hash(change.incident_id) % LOCK_STRIPES]:
                incident = change.made(self.get_incident(change.incident_id))
                try:
                    return self._save(incident)
                except IntegrityError:
                    pass  # another process appended first: read again and check again
            time.sleep(random.uniform(0, 0.002 * (attempt + 1)))
        raise WriteContention(f"incident {change.incident_id} is too busy to write to; try again")

    def check_references(
        self, command: OpenIncident | EntryCommand, saved_with: Collection[UUID] = ()
    ) -> None:
        """Refuse a command that names another incident the record does not hold (a
        withdrawal as a duplicate of it): a rule across aggregates, so checked here.
        `saved_with`: the incidents to be saved in the same transaction as the command
        (a group's: an import's line may name an incident opened a few lines before)."""
        if not isinstance(command, WithdrawIncident) or command.duplicate_of is None:
            return
        if command.duplicate_of in saved_with:
            return
        if not self.recorder.select_events(command.duplicate_of, limit=1):
            raise InvalidValue(
                "duplicate_of", f"no incident with id {command.duplicate_of} is in the record"
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

    def _take_snapshots(self, processing_event: Any) -> None:
        """Snapshot each incident whose save reached a multiple of SNAPSHOT_INTERVAL, as
        it stands after the save, from memory (the library replays it from the store to
        that exact version, which costs more than the reads a snapshot saves), all in one
        transaction (the library's, one each, made a group of writes commit many times)."""
        if self.snapshots is None:
            return
        due = {
            event.originator_id
            for event in processing_event.events
            if event.originator_version % SNAPSHOT_INTERVAL == 0
        }
        incidents = [processing_event.aggregates.get(incident_id) for incident_id in due]
        snapshots = [Incident.Snapshot.take(i) for i in incidents if isinstance(i, Incident)]
        if not snapshots:
            return
        try:
            self.snapshots.put(snapshots)
        except Exception:
            # The entries are committed already: a save must not fail now (its caller
            # would write them again). A missed snapshot costs only a longer replay.
            log.warning("could not snapshot %d incidents", len(snapshots), exc_info=True)

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
