"""The projector: keeps the read models caught up with the event log.

It reads the log after its tracked position, in batches, and hands each batch to
the store, which applies it with the tracking record in one transaction. Writes
call `sync(position)` before answering, so a 2xx is only sent once every read
model shows the entry (read-your-writes). A background thread also catches up on
events written by anyone else, and retries after a failure.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator

from eventsourcing.persistence import IntegrityError

from domain.application import IncidentRecord
from projections.store import Batch, ViewStore

BATCH_SIZE = 500
log = logging.getLogger(__name__)


def log_batches(app: IncidentRecord, after: int, size: int = BATCH_SIZE) -> Iterator[Batch]:
    """The log after position `after`, decoded, in batches of (event, position)."""
    while True:
        notifications = app.recorder.select_notifications(
            start=after, limit=size, inclusive_of_start=False
        )
        if not notifications:
            return
        events = app.decode_entries(notifications)
        yield list(zip(events, (n.id for n in notifications), strict=True))
        after = notifications[-1].id


class Projector:
    """Applies the log to the read models, exactly once, in this process."""

    def __init__(self, app: IncidentRecord, store: ViewStore) -> None:
        self.app = app
        self.store = store
        self._lock = threading.Lock()
        self._position = store.max_tracking_id(app.name) or 0
        self._stopping = threading.Event()
        self._wake = threading.Event()
        self._thread: threading.Thread | None = None

    @property
    def position(self) -> int:
        """The position of the last event the read models show."""
        return self._position

    def catch_up(self) -> int:
        """Apply everything in the log that the read models don't show yet."""
        with self._lock:
            self._catch_up()
            return self._position

    def sync(self, position: int) -> None:
        """Return once the read models show the event at `position`."""
        if self._position >= position:
            return
        with self._lock:
            if self._position < position:
                self._catch_up()

    def rebuild(self, progress: Callable[[int], None] = lambda _: None) -> int:
        """Drop the read models and apply the whole log again; returns events applied."""
        with self._lock:
            applied = self.store.rebuild(self.app.name, log_batches(self.app, 0), progress)
            self._position = self.store.max_tracking_id(self.app.name) or 0
            return applied

    def _catch_up(self) -> None:
        for batch in log_batches(self.app, self._position):
            try:
                self.store.project(self.app.name, batch)
            except IntegrityError:
                # Another projector (another process, a rebuild) applied these first:
                # take its position and go on from there. Anything else is a bug.
                tracked = self.store.max_tracking_id(self.app.name) or 0
                if tracked <= self._position:
                    raise
                self._position = tracked
                return self._catch_up()
            self._position = batch[-1][1]
        return None

    # The background thread -----------------------------------------------------

    def start(self, interval: float = 1.0) -> None:
        """Catch up every `interval` seconds in a daemon thread until stopped."""
        self._thread = threading.Thread(
            target=self._run, args=(interval,), name="projector", daemon=True
        )
        self._thread.start()

    def stop(self) -> None:
        """Stop the background thread and wait for it."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=10)

    def _run(self, interval: float) -> None:
        while not self._stopping.is_set():
            try:
                self.catch_up()
            except Exception:
                log.exception("projection failed; retrying in %.1f s", interval)
            self._wake.wait(interval)
            self._wake.clear()
