"""The library's SQLite and PostgreSQL persistence, with two additions of ours.

1. Idempotency keys are stored in the same transaction as the events they made:
   a request either leaves its entry and its key, or neither, so a retry after a
   crash can never write twice. A key already stored makes the insert raise
   `DuplicateRequest` (not the library's IntegrityError, which would be read as a
   concurrent writer and retried), and nothing is written.
2. Every SQLite connection commits with `synchronous=FULL` in WAL mode: a commit
   reaches the disk before a write is acknowledged, whatever the SQLite build's
   default. (PostgreSQL's default, `synchronous_commit=on`, already does; the
   service refuses to start if it is off.) SQLite connections also keep their
   prepared statements (see DurableSQLitePool).

Selected through PERSISTENCE_MODULE (see `Settings.eventsourcing_env`).
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from eventsourcing.persistence import InterfaceError, StoredEvent
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresFactory
from eventsourcing.sqlite import (
    SQLiteApplicationRecorder,
    SQLiteConnection,
    SQLiteConnectionPool,
    SQLiteCursor,
    SQLiteFactory,
)
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL

STATEMENT_CACHE = 256  # prepared statements kept per SQLite connection
KEYS_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS idempotency_keys ("
    " scope TEXT NOT NULL,"
    " key TEXT NOT NULL,"
    " fingerprint TEXT NOT NULL,"
    " incident_id TEXT NOT NULL,"
    " entry INTEGER NOT NULL,"
    " created_at TEXT NOT NULL,"
    " PRIMARY KEY (scope, key))",
    "CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at)",
)
_INSERT_KEY = (
    "INSERT INTO idempotency_keys VALUES ({0}, {0}, {0}, {0}, {0}, {0})"
    " ON CONFLICT (scope, key) DO NOTHING RETURNING scope"
)


class DuplicateRequest(Exception):
    """This idempotency key was stored already (by an earlier or a concurrent request)."""


@dataclass(frozen=True, slots=True)
class RequestKey:
    """An idempotency key: who sent it (the token's name), the key, and what it was for."""

    scope: str
    key: str
    fingerprint: str
    created_at: str


def _key_rows(
    stored_events: Sequence[StoredEvent], kwargs: dict[str, Any]
) -> list[tuple[Any, ...]]:
    """The keys to store with these events: `idempotency`, one key for the last event
    (a single write), and `idempotency_keys`, (key, incident id, entry) triples (a
    group of writes)."""
    keyed: list[tuple[RequestKey, Any, int]] = list(kwargs.get("idempotency_keys", ()))
    request: RequestKey | None = kwargs.get("idempotency")
    if request is not None and stored_events:
        last = stored_events[-1]
        keyed.append((request, last.originator_id, last.originator_version))
    return [
        (key.scope, key.key, key.fingerprint, getattr(incident, "hex", str(incident)), entry,
         key.created_at)
        for key, incident, entry in keyed
    ]  # fmt: skip


class SQLiteIncidentRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder, storing idempotency keys with events."""

    def construct_create_table_statements(self) -> list[str]:
        """The events table, then the keys table."""
        return [*super().construct_create_table_statements(), *KEYS_SCHEMA]

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        positions = super()._insert_events(c, stored_events, **kwargs)
        for row in _key_rows(stored_events, kwargs):
            c.execute(_INSERT_KEY.format("?"), row)
            if c.fetchone() is None:
                raise DuplicateRequest(row[1])
        project: Callable[[SQLiteCursor, Sequence[int]], None] | None = kwargs.get("project")
        if project is not None and positions:
            project(c, positions)  # the read models, in this same transaction
        return positions


class PostgresIncidentRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL application recorder, storing idempotency keys with events."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.extend(SQL(s).format() for s in KEYS_SCHEMA)

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        for row in _key_rows(stored_events, kwargs):
            curs.execute(SQL(_INSERT_KEY.format("%s")), row)
            if curs.fetchone() is None:  # fetching syncs the pipeline
                raise DuplicateRequest(row[1])


class DurableSQLitePool(SQLiteConnectionPool):
    """SQLite connections that fsync every commit (WAL with synchronous=FULL), and keep
    their prepared statements.

    The library opens its connections with `cached_statements=True`, which sqlite3
    reads as a cache of one statement: every statement was prepared again each time,
    which made a write's SQL several times slower. So the connections are opened
    here, as the library opens them but with a real statement cache.
    """

    def _create_connection(self) -> SQLiteConnection:
        try:
            connection = sqlite3.connect(
                database=self.db_name,
                uri=True,
                check_same_thread=False,
                isolation_level=None,  # the library begins and commits its transactions
                cached_statements=STATEMENT_CACHE,
                timeout=self.lock_timeout or 5,
            )
        except (sqlite3.Error, TypeError) as error:
            raise InterfaceError(error) from error
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA synchronous = FULL")
        connection.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


def create_private(path: str) -> None:
    """Create a new database file readable by its owner only (SQLite gives its -wal and
    -shm files the same mode); an existing file is left as it is."""
    if path.startswith("file:") or path == ":memory:" or not path:
        return
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))


class IncidentsSQLiteFactory(SQLiteFactory):
    """The library's SQLite persistence, durable, with idempotency keys beside the events."""

    application_recorder_class = SQLiteIncidentRecorder

    def __init__(self, env: Any) -> None:
        name = env.get("SQLITE_DBNAME") if hasattr(env, "get") else None
        if isinstance(name, str):
            create_private(name)
        super().__init__(env)
        plain = self.datastore.pool  # not opened yet: connections are made on first use
        self.datastore.pool = DurableSQLitePool(
            db_name=plain.db_name, lock_timeout=plain.lock_timeout
        )
        plain.close()


class IncidentsPostgresFactory(PostgresFactory):
    """The library's PostgreSQL persistence, with idempotency keys beside the events."""

    application_recorder_class = PostgresIncidentRecorder
