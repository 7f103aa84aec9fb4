"""Where the read models live: beside the events, in the same database.

`project` writes a batch of events to every read model and the tracking record
of the last one in a single transaction, so a crash keeps either the whole batch
and its position or neither: nothing is lost or applied twice. The tracking
record is written first, which takes the write lock before any read, and the
library's single-row guard refuses a position that does not move forward, so a
second projector racing on the same events fails instead of applying them again.

One class serves SQLite and PostgreSQL: it borrows the library's datastore (its
connection pool and transactions) and its tracking recorder (its tracking table).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from eventsourcing.persistence import InfrastructureFactory, Tracking, TrackingRecorder

from projections.models import READ_MODELS, SCHEMA, TABLES
from projections.sql import Database, Db

Batch = Sequence[tuple[Any, int]]  # (domain event, its position in the log)


def apply_batch(db: Db, batch: Batch) -> None:
    """Every read model, for every event of the batch, in log order."""
    for event, position in batch:
        for model in READ_MODELS:
            model.apply(db, event, position)


class ViewStore:
    """The read models and their tracking record."""

    def __init__(self, factory: InfrastructureFactory[Any]) -> None:
        self.tracking: TrackingRecorder = factory.tracking_recorder()
        self.database = Database.of(factory)
        self._tracking_table = getattr(self.tracking, "tracking_table_name", "tracking")
        with self.database.transaction(commit=True) as db:
            for statement in SCHEMA:
                db.execute(statement)

    def max_tracking_id(self, application_name: str) -> int | None:
        """The position of the last event the read models show."""
        return self.tracking.max_tracking_id(application_name)

    def project(self, application_name: str, batch: Batch) -> None:
        """Apply a batch and track its last position, in one transaction."""
        with self.database.transaction(commit=True) as db:
            self._track(db, application_name, batch[-1][1])
            apply_batch(db, batch)

    def rebuild(
        self,
        application_name: str,
        batches: Iterable[Batch],
        progress: Callable[[int], None] = lambda _: None,
    ) -> int:
        """Drop and recreate the read models, then apply the whole log; all or nothing."""
        applied = 0
        with self.database.transaction(commit=True) as db:
            db.execute(
                f"DELETE FROM {self._tracking_table} WHERE application_name = ?",
                (application_name,),
            )
            for table in TABLES:
                db.execute(f"DROP TABLE IF EXISTS {table}")
            for statement in SCHEMA:
                db.execute(statement)
            for batch in batches:
                apply_batch(db, batch)
                applied += len(batch)
                progress(applied)
            if applied:
                self._track(db, application_name, batch[-1][1])
        return applied

    @contextmanager
    def reading(self) -> Iterator[Db]:
        """One read transaction: every query in it sees the same committed state."""
        with self.database.transaction(commit=False, snapshot=True) as db:
            yield db

    def _track(self, db: Db, application_name: str, position: int) -> None:
        self.tracking._insert_tracking(db.cursor, Tracking(application_name, position))  # type: ignore[attr-defined]
