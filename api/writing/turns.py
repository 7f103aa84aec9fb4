"""Writers of one PostgreSQL database take turns, so that processes do not race.

Each group writer carries out its changes on the incidents it keeps in memory, and
the save fails whole when another process wrote to one of them meanwhile: the
group is then read again and carried out again. Two API processes writing to the
same busy incidents would lose most of their groups that way. So a writer takes
its turn before it carries out a group, and gives it back once the group is
saved: a session advisory lock held on a connection of its own. At the start of
a turn it learns where the log ends; if anything was written since its own last
group, it reads those entries (up to FAST_FORWARD of them) and applies each to
the incident it remembers; beyond that, the group's incidents are checked
against the store in one query, and those written since are read again (the
others are forgotten). In its turn, what it remembers is what is stored, and the
group is saved on the first try. The changes handed over while it waited for the
turn join the group (`GroupWriter`): while one process writes, the other's next
group fills, so two processes write groups as large as one process would.

The lock only saves work: when it cannot be had (the store is slow, its
connection broke, the deadline is near), the group is carried out without it,
as before, and the store's constraints still refuse a stale save. A process that
dies lets go of the lock with its connection. SQLite has one writer at a time
already, and no turns (`NoTurns`).
"""

from __future__ import annotations

import contextlib
import logging
import math
from collections import OrderedDict
from collections.abc import Collection, Iterator
from typing import Any, Protocol
from uuid import UUID

import psycopg

from api.storage import deadlines
from api.storage.recorders import last_versions
from domain.incident import Incident

log = logging.getLogger(__name__)
FAST_FORWARD = 256  # entries written by others a writer applies to what it remembers, at most
LOCK_KEY = 0x696E_6369_6465_6E74  # the advisory lock of the writers' turns ("incident")
_TAKE = "SELECT pg_advisory_lock(%s)"
_GIVE = "SELECT pg_advisory_unlock(%s)"


class Turns(Protocol):
    """How a writer takes its turn."""

    def taken(self) -> contextlib.AbstractContextManager[int | None]:
        """Hold the turn for the block: the log's last position as the turn began, or
        None when the block runs without the turn (then nothing is known of the log)."""

    def close(self) -> None:
        """Let go of what the turns hold."""


class NoTurns:
    """No turns (SQLite): every block runs at once, knowing nothing of the log."""

    @contextlib.contextmanager
    def taken(self) -> Iterator[int | None]:
        """Run the block."""
        yield None

    def close(self) -> None:
        """Nothing to let go of."""


class LockedTurns:
    """Turns by a session advisory lock on a connection of the writer's own."""

    def __init__(self, kwargs: dict[str, Any], log_end: str, *, timeout: float) -> None:
        """Connect with `kwargs` (psycopg's); `log_end` is the query of the log's last
        position; wait `timeout` seconds at most for the turn (less, by a deadline)."""
        self._kwargs = {k: v for k, v in kwargs.items() if k != "row_factory"}
        self._log_end = log_end
        self._timeout = timeout
        self._connection: psycopg.Connection[Any] | None = None

    @contextlib.contextmanager
    def taken(self) -> Iterator[int | None]:
        """Hold the turn for the block, if it can be had in time."""
        end = self._take()
        try:
            yield end
        finally:
            if end is not None:
                self._give()

    def _take(self) -> int | None:
        wait = min(self._timeout, deadlines.remaining(self._timeout) / 2)
        if wait <= 0:
            return None
        try:
            connection = self._connected()
            with connection.pipeline():
                connection.execute(f"SET lock_timeout = {max(1, math.ceil(wait * 1000))}")
                connection.execute(_TAKE, (LOCK_KEY,))
                cursor = connection.execute(self._log_end)
            row = cursor.fetchone()
        except psycopg.Error as error:
            # Closed, the connection lets go of the lock, should it have been had.
            log.debug("writing without the turn: %s", error)
            self._drop()
            return None
        return int(row[0] or 0) if row else 0

    def _give(self) -> None:
        try:
            if self._connection is not None:
                self._connection.execute(_GIVE, (LOCK_KEY,))
        except psycopg.Error:
            self._drop()  # the server let go of the lock with the connection

    def _connected(self) -> psycopg.Connection[Any]:
        if self._connection is None or self._connection.closed or self._connection.broken:
            self._drop()
            self._connection = psycopg.connect(**self._kwargs, autocommit=True)
        return self._connection

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            with contextlib.suppress(Exception):
                connection.close()

    def close(self) -> None:
        """Close the connection (letting go of the lock, if held)."""
        self._drop()


def turns_of(recorder: Any, *, timeout: float) -> Turns:
    """The turns of writers through this application recorder: locked on PostgreSQL."""
    kwargs = getattr(getattr(getattr(recorder, "datastore", None), "pool", None), "kwargs", None)
    log_end = getattr(recorder, "max_notification_id_statement", None)
    if not isinstance(kwargs, dict) or log_end is None:
        return NoTurns()
    return LockedTurns(kwargs, log_end, timeout=timeout)


class Remembered:
    """The incidents a writer keeps in memory between its groups (the `size` last
    written), and the log's end after its last group: while no one else writes, they
    are as stored."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._incidents: OrderedDict[UUID, Incident] = OrderedDict()
        self._log_end: int | None = None

    def __contains__(self, incident_id: UUID) -> bool:
        return incident_id in self._incidents

    def get(self, incident_id: UUID) -> Incident | None:
        """The incident as remembered, if it is."""
        return self._incidents.get(incident_id)

    def forget(self, incident_id: UUID) -> None:
        """Read the incident from the store next time."""
        self._incidents.pop(incident_id, None)

    def keep(self, incident_id: UUID, incident: Incident) -> None:
        """Remember the incident as just saved."""
        self._incidents[incident_id] = incident
        self._incidents.move_to_end(incident_id)
        while len(self._incidents) > self.size:
            self._incidents.popitem(last=False)

    def saved_up_to(self, position: int) -> None:
        """Note the position of the writer's last saved entry."""
        self._log_end = position

    def check(self, record: Any, incident_ids: Collection[UUID], log_end: int | None) -> None:
        """At the start of a turn (the log ending at `log_end`): bring the incidents
        remembered up to what was written since the writer's last group, reading those
        entries once (a few) and applying them to the incidents they belong to; or
        forget those of `incident_ids` written since (many: one query says which).
        Without the turn, nothing is known of the log, and nothing is done."""
        if log_end is None or log_end == self._log_end:
            return
        try:
            if self._log_end is not None and 0 < log_end - self._log_end <= FAST_FORWARD:
                self._fast_forward(record, self._log_end, log_end)
            else:
                self._forget_written(record, incident_ids)
        except Exception as error:  # the store will say so again: read them all then
            log.debug("could not check the incidents remembered: %s", error)
            for incident_id in incident_ids:
                self.forget(incident_id)
            return
        self._log_end = log_end

    def _fast_forward(self, record: Any, after: int, log_end: int) -> None:
        """Apply to the remembered incidents the entries after position `after`."""
        written = record.recorder.select_notifications(
            start=after, stop=log_end, limit=FAST_FORWARD, inclusive_of_start=False
        )
        for notification in written:
            incident = self._incidents.get(notification.originator_id)
            if incident is None:
                continue
            try:
                record.decode(notification).mutate(incident)
            except Exception:  # not the next entry of the incident remembered
                self.forget(notification.originator_id)

    def _forget_written(self, record: Any, incident_ids: Collection[UUID]) -> None:
        """Forget those of these incidents whose last entry is not the one remembered."""
        kept = [incident_id for incident_id in incident_ids if incident_id in self._incidents]
        stored = last_versions(record.recorder, kept) if kept else {}
        for incident_id in kept:
            if stored.get(incident_id) != self._incidents[incident_id].version:
                self.forget(incident_id)
        for incident_id in list(self._incidents):  # the others may be stale too
            if incident_id not in stored:
                self.forget(incident_id)
