"""The projector: keeps the read models caught up with the event log.

It reads the log after its tracked position, in batches, and hands each batch to
the store, which applies it with the tracking record in one transaction. Any
process may apply events: the tracking record refuses to apply a position twice,
so racing projectors cost a retry, never a double.

Writes call `sync(position)` before answering, so a 2xx is sent only once every
read model shows the entry (read-your-writes, across processes, since the read
models live in the shared database). One process per database, the holder of
the projection lease, also runs `run()`, in one of two ways:

- eager, in a projection worker (`incidents project`), which applies every entry
  for the writers that wait for it: it follows the log as it grows (LISTEN/NOTIFY
  through the library's subscription on PostgreSQL, polling on SQLite);
- behind the writers, in a server whose writers apply their own entries: it only
  applies what stayed unapplied for a whole interval, such as the entries of a
  process that died between its write and its projection. Following every entry
  would race each writer for its own batch (one of them then applies it, the
  other reads it and throws its work away): two cheap reads an interval instead.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Callable
from typing import Any

from eventsourcing.persistence import IntegrityError, InterfaceError, OperationalError

from domain.application import IncidentRecord
from domain.errors import first_line
from projections.leaf_hasher import hashed_ahead
from projections.lease import Lease
from projections.models import TREE
from projections.reading import log_batches
from projections.store import ViewRecorder

log = logging.getLogger(__name__)


class NotCaughtUp(TimeoutError):
    """The read models did not reach a position by the deadline given."""


class Projector:
    """Applies the log to the read models, exactly once, from this process."""

    def __init__(
        self,
        app: IncidentRecord,
        store: ViewRecorder,
        lease: Lease,
        *,
        applies: bool = True,
        wait: float = 5.0,
        long_statements: Callable[[], contextlib.AbstractContextManager[Any]] = (
            contextlib.nullcontext
        ),
    ) -> None:
        """`applies=False` leaves projection to a worker; a write then waits for it up to
        `wait` seconds (and half the time its deadline leaves) before applying the events
        itself, so that its 2xx still means read-your-writes when the worker is down.
        `long_statements` lifts the store's statement timeout for a rebuild."""
        self.app = app
        self.store = store
        self.lease = lease
        self.applies = applies
        self.wait = wait
        self.long_statements = long_statements
        self._lock = threading.Lock()
        self._seen_lock = threading.Lock()
        self._position = self._read_tracked()
        self._stopping = threading.Event()
        self._subscription: Any = None
        self._thread: threading.Thread | None = None

    @property
    def position(self) -> int:
        """The position of the last event this process knows the read models show."""
        return self._position

    def catch_up(self) -> int:
        """Apply everything in the log that the read models don't show yet."""
        with self._lock:
            self._catch_up()
            return self._position

    def sync(self, position: int, deadline: float | None = None) -> None:
        """Return once the read models show the event at `position`; NotCaughtUp if
        they do not by `deadline` (a `time.monotonic()` instant; None: no deadline)."""
        if self._position >= position or self._tracked() >= position:
            return
        if not self.applies and self._await(position, deadline):
            return
        left = -1.0 if deadline is None else max(deadline - time.monotonic(), 0.0)
        if not self._lock.acquire(timeout=left):
            raise NotCaughtUp(f"the read models did not reach position {position} in time")
        try:
            if self._position < position:
                self._catch_up()
        finally:
            self._lock.release()

    def saw(self, position: int) -> None:
        """Note that the read models show the log up to `position` (applied by a writer
        in the transaction of its events)."""
        self._saw(position)

    def rebuild(self, progress: Callable[[int], None] = lambda _: None) -> int:
        """Drop the read models and apply the whole log again; returns events applied."""
        with self._lock, self.long_statements():
            batches = hashed_ahead(self.app, TREE, log_batches(self.app, 0))
            applied = self.store.rebuild(self.app.name, batches, progress)
            self._position = self._read_tracked()
            return applied

    def _read_tracked(self) -> int:
        # Read here rather than with the library's max_tracking_id, which retries ten
        # times when the store does not answer.
        with self.store.database.transaction(commit=False) as db:
            return self.store.tracked(db, self.app.name)

    def _tracked(self) -> int:
        tracked = self._read_tracked()
        self._saw(tracked)
        return tracked

    def _saw(self, position: int) -> None:
        # Other threads read this without the lock; it only ever moves forward.
        with self._seen_lock:
            self._position = max(self._position, position)

    def _await(self, position: int, deadline: float | None) -> bool:
        started = time.monotonic()
        until = started + self.wait
        if deadline is not None:  # leave the other half to apply the events here
            until = min(until, started + (deadline - started) / 2)
        pause = 0.002
        while time.monotonic() < until:
            time.sleep(pause)
            if self._tracked() >= position:
                return True
            pause = min(pause * 2, 0.05)
        log.warning(
            "no projection worker applied position %d within %.1f s; applying it here",
            position,
            time.monotonic() - started,
        )
        return False

    def _catch_up(self) -> None:
        position = self._position
        while True:
            try:
                for batch in log_batches(self.app, position):
                    self.store.project(self.app.name, batch, after=position)
                    position = batch[-1][1]
                    self._saw(position)
            except IntegrityError:
                # Another projector (another process, a rebuild) applied some of
                # these first: go on from the position it reached. If the tracking
                # record did not move, the conflict is in a read model: a bug.
                tracked = self._tracked()
                if tracked <= position:
                    raise
                position = tracked
            else:
                return

    # The projection loop -------------------------------------------------------

    def run(self, interval: float = 1.0, *, eager: bool = True) -> None:
        """Hold the lease, catch up, and follow the log until `stop()`; retry on failure.
        `eager`: follow every entry; else only behind the writers (see the module).

        A process that does not hold the lease tries again every `interval` seconds,
        so it takes over within that time when the holder dies.
        """
        while not self._stopping.is_set():
            try:
                with self.lease.held() as leading:
                    if leading:
                        log.info("holding the projection lease")
                        self.catch_up()
                        if eager:
                            self._follow(interval)
                        else:
                            self._behind_writers(interval)
            except (OperationalError, InterfaceError) as error:
                # The store is away (or going): say so in a line, not a traceback a second.
                log.warning("projection loop: the store does not answer (%s); retrying in "
                            "%.1f s", first_line(error), interval)  # fmt: skip
            except Exception:
                log.exception("projection loop failed; retrying in %.1f s", interval)
            self._stopping.wait(interval)

    def _follow(self, interval: float) -> None:
        try:
            subscription = self.app.recorder.subscribe(gt=self._position)
        except NotImplementedError:  # SQLite has no LISTEN/NOTIFY: poll
            while not self._stopping.wait(interval):
                self.catch_up()
            return
        self._subscription = subscription
        with subscription:
            if self._stopping.is_set():
                return
            for notification in subscription:
                if self._stopping.is_set():
                    break
                self.sync(notification.id)  # cheap when a writer projected it already

    def _behind_writers(self, interval: float) -> None:
        """Apply what the log held an interval ago, if the read models still do not show
        it (each look is two reads: the log's last position and the tracked one)."""
        held = self._log_end()
        while not self._stopping.wait(interval):
            if held > self._position and self._tracked() < held:
                log.info("applying the entries up to position %d, left unapplied", held)
                self.catch_up()
            held = self._log_end()

    def _log_end(self) -> int:
        return self.app.recorder.max_notification_id() or 0

    def start(self, interval: float = 1.0, *, eager: bool = True) -> None:
        """Run the projection loop in a daemon thread."""
        self._thread = threading.Thread(
            target=self.run, args=(interval,), kwargs={"eager": eager}, name="projector",
            daemon=True,
        )  # fmt: skip
        self._thread.start()

    def stop(self) -> None:
        """Stop the projection loop and wait for it."""
        self._stopping.set()
        if self._subscription is not None:
            self._subscription.stop()
        if self._thread is not None:
            self._thread.join(timeout=10)
