"""Where the read models live: tracking recorders that also own the view tables.

`SQLiteViewRecorder` and `PostgresViewRecorder` are the library's tracking
recorders (so the library's own TrackingRecorderTestCase tests them), extended
with the read models' tables, which live beside the events in the same database.

`project` writes a batch of events to every read model and the tracking record
of the batch in a single transaction, so a crash keeps either the whole batch
and its position or neither: nothing is lost. It first moves the tracking record
from exactly the position the projector last saw to the end of the batch (a
compare-and-set that takes the row's write lock before anything else is read):
if anyone else applied any of these events meanwhile, the set fails, nothing is
written, and the projector picks up from the position it finds. So nothing is
applied twice either, whichever processes race.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, ClassVar

from eventsourcing.persistence import InfrastructureFactory, IntegrityError, TrackingRecorder
from eventsourcing.postgres import PostgresFactory, PostgresTrackingRecorder
from eventsourcing.sqlite import SQLiteTrackingRecorder
from psycopg.sql import SQL

from projections.base import Logged
from projections.models import INDEXES, READ_MODELS, RULES, SCHEMA, SQLITE_TABLES, TABLES
from projections.rebuild import Rebuild, collector_paused
from projections.sql import Database, Db, Later, for_store

Batch = Sequence[tuple[Any, int]]  # (domain event, its position in the log)
REBUILD_CACHE_KIB = 32 * 1024  # SQLite's page cache during a rebuild, at most
# The tables' definitions and the rules their rows follow: a change of either rebuilds.
SCHEMA_VERSION = hashlib.sha256("\n".join((*SCHEMA, *RULES)).encode()).hexdigest()[:16]


def apply_batch(db: Db, batch: Batch, claim: Later | None = None) -> bool:
    """Every read model, for every event of the batch, in log order, each through one
    state for the batch, which it may tell to finish at the end (`ReadModel.end_batch`).

    `claim` is the tracking record's move over the batch, sent before (`_claim`): its
    answer is read with the batch's first reads (one round trip on PostgreSQL), and
    when it moved nothing, nothing is applied: False."""
    states = [(model, model.state(db)) for model in READ_MODELS]
    entries = [Logged(event, position) for event, position in batch]
    for model, state in states:
        model.begin_batch(state, entries)
    if claim is not None and not claim():
        return False
    for logged in entries:
        for model, state in states:
            handler = model.handler(logged.kind)
            if handler is not None:
                handler(state, logged)
    for model, state in states:
        model.end_batch(state)
    return True


class ViewRecorder(TrackingRecorder):
    """A tracking recorder that also keeps the read models (mixed into the library's)."""

    paramstyle: ClassVar[str]
    datastore: Any

    @property
    def database(self) -> Database:
        """Transactions on this recorder's datastore, with `?` placeholders."""
        return Database(self.datastore, paramstyle=self.paramstyle)

    @property
    def tracking_table(self) -> str:
        """The library's tracking table (one row per upstream application)."""
        raise NotImplementedError

    @property
    def schema(self) -> tuple[str, ...]:
        """The read models' statements this store runs."""
        return for_store(SCHEMA, postgres=self.paramstyle == "format")

    @property
    def tables(self) -> tuple[str, ...]:
        """The read models' tables in this store."""
        postgres = self.paramstyle == "format"
        return tuple(t for t in TABLES if not (postgres and t in SQLITE_TABLES))

    @property
    def indexes(self) -> tuple[str, ...]:
        """The secondary indexes among them, made after a rebuild's rows."""
        return for_store(INDEXES, postgres=self.paramstyle == "format")

    def project(self, application_name: str, batch: Batch, *, after: int) -> None:
        """Apply a batch to every read model and track its last position, atomically.

        `after` is the position the caller believes the read models are at; if the
        tracking record says otherwise, IntegrityError is raised and nothing is written.
        """
        with self.database.transaction(commit=True) as db, db.pipelined():
            if not apply_batch(db, batch, self._claim(db, application_name, after, batch[-1][1])):
                raise _not_at(application_name, after)

    def rebuild(
        self,
        application_name: str,
        batches: Iterable[Batch],
        progress: Callable[[int], None] = lambda _: None,
    ) -> int:
        """Drop and recreate the read models, then apply the whole log; all or nothing.

        The tables are filled in bulk (see `projections.rebuild`), and their
        secondary indexes made once they are full.
        """
        with self.database.transaction(commit=True) as db:
            return self.rebuild_in(db, application_name, batches, progress)

    def rebuild_in(
        self,
        db: Db,
        application_name: str,
        batches: Iterable[Batch],
        progress: Callable[[int], None] = lambda _: None,
    ) -> int:
        """`rebuild`, in the caller's transaction `db` (a restore's, which stores the
        events of the batches in it as they are read)."""
        applied, last = 0, 0
        with collector_paused(), self.bulk_loading(db):
            self.reset(db, application_name, indexed=False)
            rebuild = Rebuild(db, READ_MODELS)
            for batch in batches:
                rebuild.apply(batch)
                applied += len(batch)
                last = batch[-1][1]
                progress(applied)
            rebuild.finish()
            for statement in self.indexes:
                db.execute(statement)
            self.analyze(db)
            if applied:
                self._advance(db, application_name, 0, last)
            self.mark_current(db)
        return applied

    def project_in(self, db: Db, application_name: str, batch: Batch) -> None:
        """Apply a batch stored in the caller's transaction `db`, and track it, wherever
        the tracking record is (a mirror's new leaves: its positions may skip numbers)."""
        self._advance(db, application_name, self.tracked(db, application_name), batch[-1][1])
        apply_batch(db, batch)

    @contextmanager
    def bulk_loading(self, db: Db) -> Iterator[None]:
        """Settings of `db`'s connection for the length of a rebuild (none by default)."""
        yield

    def analyze(self, db: Db) -> None:
        """Gather the query planner's statistics of tables just filled (none by default)."""

    def is_current(self) -> bool:
        """Whether the read models were written by this version's schema (else: rebuild)."""
        with self.database.transaction(commit=False) as db:
            return bool(db.scalar("SELECT version FROM read_model_schema") == SCHEMA_VERSION)

    def mark_current(self, db: Db) -> None:
        """Record that the read models follow this version's schema (in `db`'s transaction)."""
        db.execute("DELETE FROM read_model_schema")
        db.execute("INSERT INTO read_model_schema VALUES (?)", (SCHEMA_VERSION,))

    @contextmanager
    def reading(self) -> Iterator[Db]:
        """One read transaction: every query in it sees the same committed state."""
        with self.database.transaction(commit=False, snapshot=True) as db:
            yield db

    def reset(self, db: Db, application_name: str, *, indexed: bool = True) -> None:
        """Drop and recreate every read model, and forget their position (in `db`'s
        transaction); without their secondary indexes unless `indexed`."""
        db.execute(
            f"DELETE FROM {self.tracking_table} WHERE application_name = ?", (application_name,)
        )
        for table in self.tables:
            db.execute(f"DROP TABLE IF EXISTS {table}")
        for statement in self.schema:
            if indexed or statement not in self.indexes:
                db.execute(statement)

    def tracked(self, db: Db, application_name: str) -> int:
        """The tracked position, read inside a transaction of the caller's."""
        position: int | None = db.scalar(
            f"SELECT notification_id FROM {self.tracking_table} WHERE application_name = ?",
            (application_name,),
        )
        return position or 0

    def project_saved(self, db: Db, application_name: str, batch: Batch) -> bool:
        """Apply events saved in `db`'s own transaction, and track them, when the read
        models are at the position just before them (so they commit together, or not at
        all). False, and nothing done, when they are not: the projector catches up
        after the commit. The caller's transaction holds the write lock (SQLite) or the
        events table's (PostgreSQL), so no other writer's entries can come in between."""
        claim = self._claim(db, application_name, batch[0][1] - 1, batch[-1][1])
        return apply_batch(db, batch, claim)

    def _advance(self, db: Db, application_name: str, expected: int, position: int) -> None:
        if not self._claim(db, application_name, expected, position)():
            raise _not_at(application_name, expected)

    def _claim(self, db: Db, application_name: str, expected: int, position: int) -> Later:
        """Move the tracking record from `expected` to `position` (a compare-and-set that
        takes the row's write lock), sent now: its answer is a row if it moved."""
        if expected:
            return db.later(
                f"UPDATE {self.tracking_table} SET notification_id = ?"
                " WHERE application_name = ? AND notification_id = ? RETURNING notification_id",
                (position, application_name, expected),
            )
        return db.later(
            f"INSERT INTO {self.tracking_table} (application_name, notification_id)"
            " VALUES (?, ?) ON CONFLICT (application_name) DO NOTHING RETURNING notification_id",
            (application_name, position),
        )


def _not_at(application_name: str, expected: int) -> IntegrityError:
    return IntegrityError(
        f"the read models of {application_name} are no longer at position {expected}"
    )


class SQLiteViewRecorder(ViewRecorder, SQLiteTrackingRecorder):
    """The read models in the SQLite file of the events."""

    paramstyle = "qmark"

    @property
    def tracking_table(self) -> str:
        """The library's SQLite tracking table."""
        return "tracking"

    def construct_create_table_statements(self) -> list[str]:
        """The tracking table, then every read model's tables and indexes."""
        return [*super().construct_create_table_statements(), *self.schema]

    @contextmanager
    def bulk_loading(self, db: Db) -> Iterator[None]:
        """A page cache that holds a rebuild's writes until they commit: the usual one
        spills them to the write-ahead log along the way, many pages again and again."""
        usual = db.scalar("PRAGMA cache_size")
        db.execute(f"PRAGMA cache_size = {-REBUILD_CACHE_KIB}")  # negative: in KiB
        try:
            yield
        finally:
            db.execute(f"PRAGMA cache_size = {int(usual)}")


class PostgresViewRecorder(ViewRecorder, PostgresTrackingRecorder):
    """The read models in the PostgreSQL database of the events."""

    paramstyle = "format"

    def analyze(self, db: Db) -> None:
        """Statistics of the rebuilt tables, now rather than whenever autovacuum comes:
        without them the planner guesses, and sorted the whole list for its first page
        (7 ms instead of 0.2 ms at 10,000 incidents)."""
        for table in self.tables:
            db.execute(f"ANALYZE {table}")

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.extend(SQL(statement).format() for statement in self.schema)

    @property
    def tracking_table(self) -> str:
        """The library's PostgreSQL tracking table, schema-qualified."""
        return f'"{self.datastore.schema}"."{self.tracking_table_name}"'


def view_recorder(factory: InfrastructureFactory[Any], application_name: str) -> ViewRecorder:
    """The view recorder for the factory's database, its tables created if needed.

    When the read models were written by another version's schema, `is_current()`
    says so, and the service rebuilds them from the log before it uses them.
    """
    kind = PostgresViewRecorder if isinstance(factory, PostgresFactory) else SQLiteViewRecorder
    recorder = factory.tracking_recorder(kind)
    assert isinstance(recorder, ViewRecorder)
    with recorder.database.transaction(commit=True) as db:
        db.execute("CREATE TABLE IF NOT EXISTS read_model_schema (version TEXT NOT NULL)")
        if db.scalar("SELECT version FROM read_model_schema") is None and not recorder.tracked(
            db, application_name
        ):
            recorder.mark_current(db)  # a new database: its tables are this version's
    return recorder
