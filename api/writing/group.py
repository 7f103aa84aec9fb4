"""The group writer: writes that arrive together are saved in one transaction.

Requests hand their Change to the writer and await the outcome. One thread takes
every change waiting, carries each out on its incident as it stands (kept in
memory between writes), saves all the new entries with their idempotency keys and
the read models in one transaction, and only then answers each request. So a 2xx
still means durable and visible to every read, and a busy server commits once per
group instead of once per write. A change sent with a token's id is refused (401)
if that token is revoked by then (one read for the group: `with_live_tokens`).

Writers in several processes take turns (`api.writing.turns`), so that they do not
race; what was handed over while a writer waited for its turn joins the group it
waited with, so each process still writes whole groups. When a group cannot be
saved, nothing of it was written. If another process wrote to one of its incidents
first, the group is carried out once more on its incidents as stored; else (a twin
of a retried request stored the same key, the database refused, the second try
lost too) each change is carried out alone, the way a single write always is:
read, check, act, save, retry on a race.

Deadlines. Each change carries the deadline of its request (see
`api.storage.deadlines`), and nothing is committed after it: a change whose deadline
has passed when the writer reaches it is answered 503 and never written; a group is
saved by the earliest deadline among its changes, and rolled back if that passes
before COMMIT (then its changes are tried alone, each by its own). Once a group is
committed, its changes are answered 2xx whatever follows: the read models are
brought up to date until the deadline plus `AFTER_COMMIT`, and if the store does not
let them, the answer goes without (they catch up when it returns). The request
waits for its answer until the deadline plus `ANSWER_WAIT`, past every bound above,
so it hears the true outcome; only a writer stuck in a store call that ignores every
timeout (a server frozen mid-commit) leaves it a 503 whose write may still be
committed - see `api.storage.postgres_commits` for that window, which the server's
own commit-time check narrows to a stalled flush.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from api.http.problems import store_unavailable
from api.storage import deadlines
from api.storage.recorders import DEFAULT_STORE_TIMEOUT, RequestKey, last_versions
from api.writing.answers import (
    Job,
    Outcome,
    UnavailableWrites,
    answer_of,
    deadline_of_request,
    in_doubt,
    live,
    outcome_by,
    settle_future,
    too_late,
    with_live_tokens,
)
from api.writing.idempotency import (
    WriteSide,
    Written,
    earlier_write,
    show_committed,
    write_alone,
)
from api.writing.turns import Remembered, turns_of
from domain.application import Change, Recorded
from domain.errors import IncidentError
from domain.incident import Incident
from projections.sql import Db

MAX_GROUP = 256  # changes saved in one transaction, at most
CACHED_INCIDENTS = 1000  # incidents kept in memory between writes
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class _Made:
    """A change carried out in memory: its entry, waiting for the group's save."""

    incident_id: UUID
    entry: int
    recorded_at: Any


class GroupWriter:
    """Carries out the API's writes, many to a transaction, in one thread."""

    def __init__(
        self, side: WriteSide, max_group: int = MAX_GROUP, timeout: float = DEFAULT_STORE_TIMEOUT
    ) -> None:
        """Write through `side`, at most `max_group` changes a transaction; a change
        handed over outside a request is given `timeout` seconds."""
        self.side = side
        self.max_group = max_group
        self.timeout = timeout
        self._jobs: queue.SimpleQueue[Job | None] = queue.SimpleQueue()
        self._incidents = Remembered(CACHED_INCIDENTS)
        self._turns = turns_of(side.record.recorder, timeout=timeout)
        self.groups_saved = 0  # groups saved whole, in one transaction each
        self.groups_raced = 0  # groups not saved because another process wrote first
        self._unavailable = UnavailableWrites(log)
        self._stopped = False
        self._thread = threading.Thread(target=self._run, name="group-writer", daemon=True)

    def start(self) -> None:
        """Start the writing thread."""
        self._thread.start()

    def stop(self) -> None:
        """Finish the writes handed over so far, then stop."""
        self._stopped = True
        if self._thread.is_alive():
            self._jobs.put(None)
            self._thread.join(timeout=30)
        self._turns.close()

    async def write(
        self, change: Change, key: RequestKey | None = None, token: str | None = None
    ) -> Written:
        """Carry out a change (once per idempotency key); returns what was recorded, and
        whether an earlier request with the same key recorded it. Refused (401) if
        `token`, a token's id, is revoked when the change's group is written."""
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Written] = loop.create_future()

        def settle(outcome: Outcome) -> None:
            loop.call_soon_threadsafe(settle_future, future, outcome)

        deadline = deadline_of_request(self.timeout)
        self.submit(change, key, settle, deadline, token)
        return await outcome_by(future, deadline)

    def submit(
        self,
        change: Change,
        key: RequestKey | None,
        settle: Callable[[Outcome], None],
        deadline: float | None = None,
        token: str | None = None,
    ) -> None:
        """Hand over a change, to be committed by `deadline` (a time.monotonic() instant;
        default: the store timeout from now) or not at all, and only while `token` is
        not revoked; `settle` hears its outcome, from the writing thread (or at once, as a
        503, when the writer has stopped)."""
        if self._stopped:
            settle(store_unavailable("the server is shutting down"))
            return
        if deadline is None:
            deadline = time.monotonic() + self.timeout
        self._jobs.put(Job(change, key, settle, deadline, token))

    def write_here(
        self, changes: list[tuple[Change, RequestKey | None]], deadline: float
    ) -> list[Outcome]:
        """Carry out changes in the caller's thread (an import's; the writing thread not
        started), `max_group` to a transaction, by `deadline`: each one's outcome."""
        outcomes: list[Outcome] = []
        for at in range(0, len(changes), self.max_group):
            chunk = changes[at : at + self.max_group]
            written = self._write_group([Job(c, k, _nobody, deadline) for c, k in chunk])
            self._unavailable.note(written)
            outcomes.extend(written)
        return outcomes

    # The writing thread --------------------------------------------------------

    def _run(self) -> None:
        while True:
            job = self._jobs.get()
            if job is None:
                self._refuse_the_rest()
                return
            group = [job]
            self._join_waiting(group)
            try:
                outcomes = self._write_group(group, joining=True)
            except Exception as error:  # a bug: answer every request with it, keep serving
                log.exception("a group of %d writes failed", len(group))
                outcomes = [error] * len(group)
            self._unavailable.note(outcomes)
            for job, outcome in zip(group, outcomes, strict=True):
                try:
                    job.settle(outcome)
                except Exception:  # its requester is gone (a closed loop, a closed socket)
                    log.warning("could not answer a write", exc_info=True)

    def _join_waiting(self, group: list[Job]) -> None:
        """Add to the group the changes waiting, up to `max_group` in all."""
        while len(group) < self.max_group:
            try:
                more = self._jobs.get_nowait()
            except queue.Empty:
                return
            if more is None:
                self._jobs.put(None)  # stop once this group is done
                return
            group.append(more)

    def _refuse_the_rest(self) -> None:
        """Answer the changes handed over as the writer stopped: 503, nothing written."""
        with contextlib.suppress(queue.Empty):
            while True:
                if (job := self._jobs.get_nowait()) is not None:
                    job.settle(store_unavailable("the server is shutting down"))

    def _write_group(self, group: list[Job], *, joining: bool = False) -> list[Outcome]:
        """The outcome of each change: those past their deadline, or sent with a token
        revoked since, refused unwritten, the others saved by the earliest deadline among
        them. With `joining`, the changes handed over while the writer waited for its
        turn join the group (appended to `group`): two processes then write whole groups."""
        outcomes: dict[int, Outcome] = {}
        writing = live(group)
        if writing:
            with deadlines.until(min(job.deadline for job in writing)), self._turns.taken() as end:
                if joining and end is not None:
                    self._join_waiting(group)
                    writing = live(group)
                writing, outcomes = with_live_tokens(writing, self.side.store.database)
                by = min((job.deadline for job in writing), default=time.monotonic())
                named = {i for j in writing if not j.change.opens and (i := j.change.incident_id)}
                with deadlines.until(by):
                    self._incidents.check(self.side.record, named, end)
                    written = self._write_live(writing, by) if writing else []
            outcomes.update((id(job), done) for job, done in zip(writing, written, strict=True))
        return [
            answer_of(outcomes[id(job)] if id(job) in outcomes else too_late()) for job in group
        ]

    def _write_live(self, group: list[Job], by: float, *, again: bool = True) -> list[Outcome]:
        app = self.side.record
        pending: dict[UUID, Incident] = {}
        keys: list[tuple[RequestKey, UUID, int]] = []
        results: list[_Made | Outcome | None] = []  # None: carry out alone, after the group
        positions: dict[tuple[UUID, int], int] = {}
        taken = self._ids_taken(group)
        for job in group:
            try:
                results.append(self._make(job, pending, keys, taken))
            except deadlines.DeadlinePassed as error:
                # The group's (earliest) deadline, perhaps not this change's own.
                results.append(None if job.deadline > time.monotonic() else error)
            except Exception as error:
                results.append(error)
        if pending:
            events = [event for incident in pending.values() for event in incident.pending_events]
            projected = False

            def project(cursor: Any, saved_at: list[int], pipeline: Any = None) -> None:
                nonlocal projected
                store = self.side.store
                batch = list(zip(events, saved_at, strict=True))
                db = Db(cursor, paramstyle=store.paramstyle, pipeline=pipeline)
                projected = store.project_saved(db, app.name, batch)

            # The read models are written in the entries' own transaction.
            shown = self.side.projector.applies and self.side.shows_writes
            inline = {"project": project} if shown else {}
            try:
                recordings = app.save(*pending.values(), idempotency_keys=keys, **inline)
            except deadlines.CommitInDoubt:  # written or not: never written twice
                log.warning("a group of %d writes may or may not be committed", len(group))
                for incident_id in pending:
                    self._incidents.forget(incident_id)
                return [
                    in_doubt() if isinstance(result, _Made) else self._unsaved(job, result)
                    for job, result in zip(group, results, strict=True)
                ]
            except Exception as error:  # IntegrityError: another process wrote first
                raced = again and type(error) is IntegrityError
                self.groups_raced += raced
                return self._not_saved(group, pending, by, again=raced)
            positions = {
                (r.domain_event.originator_id, r.domain_event.originator_version): r.notification.id
                for r in recordings
            }
            # Committed: from here on, every change of the group is answered 2xx.
            last = max(positions.values())
            show_committed(self.side, last, by, projected=projected)
            self._incidents.saved_up_to(last)
            for incident_id, incident in pending.items():
                self._incidents.keep(incident_id, incident)
            self.groups_saved += 1
        outcomes: list[Outcome] = []
        for job, result in zip(group, results, strict=True):
            if isinstance(result, _Made):
                position = positions[(result.incident_id, result.entry)]
                recorded = Recorded(result.incident_id, result.entry, result.recorded_at, position)
                outcomes.append((recorded, False))
            else:
                outcomes.append(self._unsaved(job, result))
        return outcomes

    def _not_saved(
        self, group: list[Job], pending: dict[UUID, Incident], by: float, *, again: bool
    ) -> list[Outcome]:
        """Nothing of the group was written, and its decisions may not hold: the group
        again on its incidents as stored, or (`again` False) each change alone."""
        for incident_id in pending:
            self._incidents.forget(incident_id)
        if again:
            return self._write_live(group, by, again=False)
        log.debug("a group of %d writes could not be saved; writing alone", len(group))
        return [self._alone(job) for job in group]

    def _make(
        self,
        job: Job,
        pending: dict[UUID, Incident],
        keys: list[tuple[RequestKey, UUID, int]],
        taken: set[UUID] | None,
    ) -> _Made | Outcome | None:
        """Carry out one change in memory, or say how it was answered already."""
        if job.key is not None:
            if any(job.key.scope == k.scope and job.key.key == k.key for k, _, _ in keys):
                return None  # a twin in this group: answered after it, as a replay
            earlier = earlier_write(self.side, job.key)
            if earlier is not None:
                return earlier
        change = job.change
        self.side.record.check_references(change.command, saved_with=pending)
        if change.opens:
            if change.incident_id is not None and self._taken(change.incident_id, pending, taken):
                return None  # an import naming an id in use: alone, which refuses it
            incident = change.made(None)
        else:
            assert change.incident_id is not None
            incident = self._incident(change, pending)
        pending[incident.id] = incident
        if job.key is not None:
            keys.append((job.key, incident.id, incident.version))
        return _Made(incident.id, incident.version, incident.modified_on)

    def _ids_taken(self, group: list[Job]) -> set[UUID] | None:
        """Which ids the group's openings name (an import's) are stored already, in one
        query; None if the store cannot say now (each opening then asks alone)."""
        named = {j.change.incident_id for j in group if j.change.opens and j.change.incident_id}
        try:
            return set(last_versions(self.side.record.recorder, named)) if named else set()
        except Exception:
            return None

    def _taken(
        self, incident_id: UUID, pending: dict[UUID, Incident], taken: set[UUID] | None
    ) -> bool:
        """Whether an incident has this id already (an import names its incidents' ids)."""
        if incident_id in pending or incident_id in self._incidents:
            return True
        if taken is not None:
            return incident_id in taken
        return bool(self.side.record.recorder.select_events(incident_id, limit=1))

    def _incident(self, change: Change, pending: dict[UUID, Incident]) -> Incident:
        """The change made on its incident: as this group left it, as remembered, or as
        read from the store (when the remembered one is refused: another process may
        have written since)."""
        assert change.incident_id is not None
        if change.incident_id in pending:
            return change.made(pending[change.incident_id])
        remembered = self._incidents.get(change.incident_id)
        if remembered is not None:
            try:
                return change.made(remembered)
            except IncidentError:
                self._incidents.forget(change.incident_id)
        return change.made(self.side.record.get_incident(change.incident_id))

    def _unsaved(self, job: Job, result: Outcome | None) -> Outcome:
        """The outcome of a change the group did not save: as answered already, or
        carried out alone."""
        return self._alone(job) if result is None else result

    def _alone(self, job: Job) -> Outcome:
        # An incident written alone is read from the store next time.
        if job.change.incident_id is not None:
            self._incidents.forget(job.change.incident_id)
        if time.monotonic() >= job.deadline:
            return too_late()
        try:
            with deadlines.until(job.deadline):
                return write_alone(self.side, job.change, job.key)
        except Exception as error:
            return error


def _nobody(_: Outcome) -> None:
    """The outcome of a change carried out in the caller's thread: returned, not sent."""
