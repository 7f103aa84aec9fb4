"""Loading a copy of the log: events through the library's own recorder, the read
models and the log's identity beside them, all in one transaction.

Events go in as the library stores them: `mapper.to_stored_event` makes each stored
event (its topic, version and state), and the recorder's own insert statements
write them (`_insert_events` on SQLite; on PostgreSQL the table lock, the notify
and the insert of `_insert_stored_events`, with the positions it returns), the
very statements `insert_events` runs. `insert_events` itself is not called
because it opens a transaction of its own at every call: a restore refused at its
last line, or interrupted, would leave part of a log behind. Here the events,
every read model, the origin and the map of positions commit together, or not at
all.

Positions: a copy's events get the positions its store gives them. SQLite numbers
them 1, 2, 3 ...; PostgreSQL skips numbers the original may not have skipped, and
the other way round. So where a copy's positions part from the original's, the
table `original_positions` keeps the leaf from which they differ and its original
position (usually no row at all), and `copy_position` turns a position of the
original (a JSON checkpoint's) into the copy's.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

from eventsourcing.persistence import StoredEvent

from api.storage.origin import IDENTITY_SCHEMA
from api.storage.recorders import PostgresIncidentRecorder, SQLiteIncidentRecorder
from domain import merkle
from domain.application import IncidentRecord
from projections.models import TREE
from projections.sql import Db
from projections.store import ViewRecorder

POSITIONS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS original_positions ("
    " leaf BIGINT PRIMARY KEY,"
    " position BIGINT NOT NULL)"
)


class LogLoad:
    """One transaction of a copy being loaded: insert events, apply them, keep the rest."""

    def __init__(self, record: IncidentRecord, store: ViewRecorder, db: Db) -> None:
        self.record = record
        self.store = store
        self.db = db
        self.inserted = 0
        self._offset = self._last_offset()

    def insert(self, stored: Sequence[StoredEvent]) -> list[int]:
        """Store events (in log order, made by `mapper.to_stored_event`) as the library
        stores them; their positions."""
        # The recorder's own insert statements, in this transaction (see the module).
        recorder, cursor = self.record.recorder, self.db.cursor
        if isinstance(recorder, SQLiteIncidentRecorder):
            positions = recorder._insert_events(cursor, stored)
        else:
            assert isinstance(recorder, PostgresIncidentRecorder)
            recorder._insert_events(cursor, stored)
            recorder._insert_stored_events(cursor, stored)
            positions = recorder._fetch_ids_after_insert_events(cursor, stored)
        assert positions is not None and len(positions) == len(stored)
        self.inserted += len(stored)
        return list(positions)

    def keep_positions(self, first_leaf: int, original: Sequence[int], copy: Sequence[int]) -> None:
        """Note where the copy's positions of these leaves part from the original's."""
        for leaf, (was, now) in enumerate(zip(original, copy, strict=True), start=first_leaf):
            if was - now != self._offset:
                self._offset = was - now
                self.db.execute("INSERT INTO original_positions VALUES (?, ?)", (leaf, was))

    def events_stored(self) -> int:
        """How many events the log holds, counted in this transaction."""
        table = self.record.recorder.events_table_name  # type: ignore[attr-defined]
        count: int = self.db.scalar(f"SELECT COUNT(*) FROM {table}")
        return count

    def keep(self, name: str, value: str) -> None:
        """Set a row of the log's identity (its origin, what it mirrors)."""
        set_identity(self.db, name, value)

    def frontier(self) -> merkle.Frontier:
        """The growing edge of the tree the copy holds so far."""
        size = TREE.size(self.db)
        return merkle.Frontier(size, list(TREE.hashes(self.db, merkle.range_subtrees(0, size))))

    def _last_offset(self) -> int:
        self.db.execute(POSITIONS_SCHEMA)
        row = self.db.one(
            "SELECT o.position - t.position AS moved FROM original_positions o"
            " JOIN tree_leaves t ON t.leaf = o.leaf ORDER BY o.leaf DESC LIMIT 1"
        )
        return 0 if row is None else int(row["moved"])


@contextmanager
def loading(record: IncidentRecord, store: ViewRecorder) -> Iterator[LogLoad]:
    """A transaction to load a copy in: committed when the block ends, rolled back (nothing
    written) when it raises."""
    with store.database.transaction(commit=True) as db:
        yield LogLoad(record, store, db)


def set_identity(db: Db, name: str, value: str) -> None:
    """Set a row of `log_identity` in `db`'s transaction."""
    db.execute(IDENTITY_SCHEMA)
    db.execute(
        "INSERT INTO log_identity VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = ?",
        (name, value, value),
    )


def identity(db: Db, name: str) -> str | None:
    """A row of `log_identity`, if the table and the row are there."""
    if not _has_table(db, "log_identity"):
        return None
    value: str | None = db.scalar("SELECT value FROM log_identity WHERE name = ?", (name,))
    return value


def original_position(db: Db, leaf: int, position: int) -> int:
    """The original's position of a leaf at `position` in the copy."""
    db.execute(POSITIONS_SCHEMA)
    run = db.one(
        "SELECT o.position - t.position AS moved FROM original_positions o"
        " JOIN tree_leaves t ON t.leaf = o.leaf WHERE o.leaf <= ? ORDER BY o.leaf DESC LIMIT 1",
        (leaf,),
    )
    return position + (0 if run is None else int(run["moved"]))


def copy_position(db: Db, position: int) -> int:
    """The copy's position of the last entry at or before `position` of the original."""
    if not _has_table(db, "original_positions"):
        return position
    runs = db.all(
        "SELECT o.position AS original, t.position AS copy FROM original_positions o"
        " JOIN tree_leaves t ON t.leaf = o.leaf ORDER BY o.leaf"
    )
    # Runs of leaves whose positions differ by the same offset; the first, from leaf 0, by 0.
    offset, end = 0, None
    for run in runs:
        if run["original"] > position:
            end = run["copy"] - 1
            break
        offset = run["original"] - run["copy"]
    moved = position - offset
    return moved if end is None else min(moved, end)


def _has_table(db: Db, table: str) -> bool:
    """Whether the database has this table (a copy made before it had one may not)."""
    found = (
        db.scalar("SELECT to_regclass(?) IS NOT NULL", (table,))
        if db.on_postgres
        else db.scalar("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,))
    )
    return bool(found)
