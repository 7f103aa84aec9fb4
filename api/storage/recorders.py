"""The library's SQLite and PostgreSQL persistence, with additions of ours.

1. Idempotency keys are stored in the same transaction as the events they made:
   a request either leaves its entry and its key, or neither, so a retry after a
   crash can never write twice. A key already stored makes the insert raise
   `DuplicateRequest` (not the library's IntegrityError, which would be read as a
   concurrent writer and retried), and nothing is written.
2. Every SQLite connection commits with `synchronous=FULL` in WAL mode: a commit
   reaches the disk before a write is acknowledged, whatever the SQLite build's
   default. (PostgreSQL's default, `synchronous_commit=on`, already does; the
   service refuses to start if it is off.) SQLite connections also keep their
   prepared statements (see `api.storage.pools`).
3. Every store call is bounded by `INCIDENTS_STORE_TIMEOUT` and by the deadline of
   the request it serves (`api.storage.deadlines`, the pools in
   `api.storage.pools`), and a write whose deadline passes before it commits is
   rolled back: just before COMMIT on SQLite, and on PostgreSQL by the client
   and by the server itself (`api.storage.postgres_commits`). The library's
   PostgreSQL recorders retry a failed call ten times, 0.2 s apart, which makes
   an unreachable server a twenty-second wait (and could save a write twice):
   here each call is made once, and the caller's deadline decides.

Selected through PERSISTENCE_MODULE (see `Settings.eventsourcing_env`), which also
passes the store timeout (`STORE_TIMEOUT`) and, for serving processes, the
statement timeout (`STATEMENT_TIMEOUT`).
"""

from __future__ import annotations

import contextlib
import inspect
import os
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent
from eventsourcing.postgres import (
    PostgresAggregateRecorder,
    PostgresApplicationRecorder,
    PostgresFactory,
)
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteFactory
from psycopg import Cursor
from psycopg.rows import DictRow
from psycopg.sql import SQL, Identifier

from api.storage import deadlines
from api.storage.pools import DurableSQLitePool, PostgresPool
from api.storage.postgres_commits import commit_by_statements, insert_by_deadline

# The keys of the library's environment that carry our settings. (The library looks
# a key up with the application's name in front first, INCIDENTS_ here.)
STORE_TIMEOUT = "INCIDENTS_STORE_TIMEOUT"  # seconds: pools, locks, connecting
STATEMENT_TIMEOUT = "INCIDENTS_SERVING_STATEMENT_TIMEOUT"  # seconds, serving processes only
DEFAULT_STORE_TIMEOUT = 2.0
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


LAST_VERSIONS_AT_ONCE = 500  # incidents a query of last_versions asks about


class SQLiteIncidentRecorder(SQLiteApplicationRecorder):
    """The library's SQLite application recorder, storing idempotency keys with events."""

    def last_versions(self, incident_ids: Collection[UUID]) -> dict[UUID, int]:
        """The last entry number of each of these incidents that has any (those with none
        are left out), a query per few hundred where `select_events` takes one each."""
        found: dict[UUID, int] = {}
        ids = list(incident_ids)
        with self.datastore.transaction(commit=False) as c:
            for at in range(0, len(ids), LAST_VERSIONS_AT_ONCE):
                chunk = [one.hex for one in ids[at : at + LAST_VERSIONS_AT_ONCE]]
                c.execute(
                    f"SELECT originator_id, MAX(originator_version) FROM {self.events_table_name}"
                    f" WHERE originator_id IN ({', '.join('?' * len(chunk))})"
                    " GROUP BY originator_id",
                    chunk,
                )
                found.update((UUID(row[0]), row[1]) for row in c.fetchall())
        return found

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
        deadlines.check("before the write could commit")  # rolls the transaction back
        return positions


class PostgresIncidentRecorder(PostgresApplicationRecorder):
    """The library's PostgreSQL application recorder, storing idempotency keys with events,
    committing by the deadline, and making each call once."""

    def __init__(self, datastore: Any, **kwargs: Any) -> None:
        super().__init__(datastore, **kwargs)
        self.sql_create_statements.extend(SQL(s).format() for s in KEYS_SCHEMA)
        self.sql_create_statements.extend(
            commit_by_statements(self.datastore.schema, self.events_table_name)
        )

    # The library's methods, without the retries of its decorator.
    select_events = inspect.unwrap(PostgresApplicationRecorder.select_events)
    select_notifications = inspect.unwrap(PostgresApplicationRecorder.select_notifications)
    max_notification_id = inspect.unwrap(PostgresApplicationRecorder.max_notification_id)

    def last_versions(self, incident_ids: Collection[UUID]) -> dict[UUID, int]:
        """The last entry number of each of these incidents that has any (those with none
        are left out), in one query where `select_events` takes one each."""
        if not incident_ids:
            return {}
        statement = SQL(
            "SELECT originator_id, MAX(originator_version) AS version FROM {schema}.{table}"
            " WHERE originator_id = ANY(%s) GROUP BY originator_id"
        ).format(schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))
        with self.datastore.get_connection() as conn, conn.cursor() as curs:
            curs.execute(statement, [list(incident_ids)])
            return {UUID(str(row["originator_id"])): row["version"] for row in curs.fetchall()}

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        """Store events (with their keys) in one transaction, once, committed by the
        deadline of the context or not at all (see `api.storage.postgres_commits`)."""
        return insert_by_deadline(self, stored_events, **kwargs)

    def _insert_events(
        self, curs: Cursor[DictRow], stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> None:
        super()._insert_events(curs, stored_events, **kwargs)
        for row in _key_rows(stored_events, kwargs):
            curs.execute(SQL(_INSERT_KEY.format("%s")), row)
            if curs.fetchone() is None:  # fetching syncs the pipeline
                raise DuplicateRequest(row[1])


class PostgresSnapshotRecorder(PostgresAggregateRecorder):
    """The library's recorder of snapshots, making each call once."""

    insert_events = inspect.unwrap(PostgresAggregateRecorder.insert_events)
    select_events = inspect.unwrap(PostgresAggregateRecorder.select_events)


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
        timeout = _seconds(self.env.get(STORE_TIMEOUT)) or DEFAULT_STORE_TIMEOUT
        self.datastore.pool = DurableSQLitePool(
            db_name=plain.db_name, busy_timeout=min(timeout, plain.lock_timeout or timeout)
        )
        plain.close()


class IncidentsPostgresFactory(PostgresFactory):
    """The library's PostgreSQL persistence, with idempotency keys beside the events, and
    connections bounded in time (see `api.storage.pools`)."""

    application_recorder_class = PostgresIncidentRecorder
    aggregate_recorder_class = PostgresSnapshotRecorder

    def __init__(self, env: Any) -> None:
        super().__init__(env)
        plain = self.datastore.pool  # not opened yet
        self.datastore.pool = PostgresPool(
            plain,
            self.datastore.after_connect_func(),
            timeout=_seconds(self.env.get(STORE_TIMEOUT)) or DEFAULT_STORE_TIMEOUT,
            statement_timeout=_seconds(self.env.get(STATEMENT_TIMEOUT)),
        )
        plain.close()


def _seconds(value: str | None) -> float | None:
    return float(value) if value else None


def last_versions(recorder: Any, incident_ids: Collection[UUID]) -> dict[UUID, int]:
    """The last entry number of each of these incidents that has any: in bulk from our
    recorders, else (the library's in-memory one) an incident at a time."""
    if isinstance(recorder, SQLiteIncidentRecorder | PostgresIncidentRecorder):
        return recorder.last_versions(incident_ids)
    found = {}
    for incident_id in incident_ids:
        last = recorder.select_events(incident_id, desc=True, limit=1)
        if last:
            found[incident_id] = last[0].originator_version
    return found
