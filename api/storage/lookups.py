"""Point reads a request needs first, answered on the event loop.

Who is asking (one token row) and which version of an incident to show (one
index probe) are the reads in front of nearly every request. They are declared
as `PointRead`s, and one or two go to the store as a single statement, made on
the event loop itself: on SQLite through a read-only connection of its own (a
reader of a WAL database does not wait for the writer), on PostgreSQL through a
few async connections (`api.storage.loop_reads`). Either way a request costs no
hop to a worker thread. Other reads run in the threadpool, each statement on its
own on PostgreSQL (no BEGIN and ROLLBACK around it: `Database.point_reads`).

Views are cached as JSON by (incident, version): entries are never changed, so a
version's view never changes either, and the current view costs one probe for
the current version and one dictionary lookup.

None of them can hang a request: the event loop's SQLite connection waits 100 ms
for a lock at most (then the read goes through the store), PostgreSQL's reads
wait only until the request's deadline, and a read through the store waits for a
pooled connection only until the deadline too (`api.storage.deadlines`, which the
threadpool inherits with the request's context), its statements bounded by the
store timeout.
"""

from __future__ import annotations

import sqlite3
import threading
from collections import OrderedDict
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

from starlette.concurrency import run_in_threadpool

from api.storage.loop_reads import LoopReads
from projections.sql import Database, Db, PointRead, point_answers, point_statement

T = TypeVar("T")
U = TypeVar("U")
_BUSY_MS = 100  # a reader is busy only while a WAL file is recovered; then use a thread


class Lookups:
    """Runs point reads on the event loop, and other small reads on SQLite's loop
    connection or in the threadpool."""

    def __init__(self, database: Database, sqlite_file: Path | None) -> None:
        self.database = database
        self._connection: sqlite3.Connection | None = None
        self._loop_reads: LoopReads | None = None
        if database.paramstyle == "format":  # PostgreSQL
            pool = database.datastore.pool
            self._loop_reads = LoopReads(pool.kwargs, timeout=pool.timeout)
        self._lock = threading.Lock()  # one loop uses it; tests may run several apps
        if sqlite_file is not None:
            self._connection = sqlite3.connect(
                sqlite_file, check_same_thread=False, isolation_level=None
            )
            self._connection.row_factory = sqlite3.Row
            self._connection.execute("PRAGMA query_only = ON")
            self._connection.execute(f"PRAGMA busy_timeout = {_BUSY_MS}")

    async def read(self, query: Callable[[Db], T]) -> T:
        """The result of `query`, run on a read cursor."""
        if self._connection is not None:
            try:
                with self._lock:
                    return query(Db(self._connection.cursor()))
            except sqlite3.OperationalError:
                pass  # busy (or the file is being replaced): read through the store
        return await run_in_threadpool(self._read_in_store, query)

    async def point(self, read: PointRead[T]) -> T:
        """The answer of one point read."""
        (answer,) = await self._answers((read,))
        return answer  # type: ignore[no-any-return]

    async def points(self, first: PointRead[T], second: PointRead[U]) -> tuple[T, U]:
        """The answers of two point reads, read in one statement."""
        one, two = await self._answers((first, second))
        return one, two

    async def _answers(self, reads: tuple[PointRead[Any], ...]) -> list[Any]:
        statement, params = point_statement(reads)
        if self._loop_reads is not None:
            row = await self._loop_reads.one(statement.replace("?", "%s"), params)
            return point_answers(reads, row)
        if self._connection is not None:
            try:
                with self._lock:
                    row = self._connection.execute(statement, params).fetchone()
                return point_answers(reads, row)
            except sqlite3.OperationalError:
                pass  # busy (or the file is being replaced): read through the store
        return await run_in_threadpool(
            self._read_in_store, lambda db: point_answers(reads, db.one(statement, params))
        )

    def _read_in_store(self, query: Callable[[Db], T]) -> T:
        with self.database.point_reads() as db:
            return query(db)

    def close(self) -> None:
        """Close the event loop's connections."""
        if self._connection is not None:
            self._connection.close()
        if self._loop_reads is not None:
            self._loop_reads.close()


class ViewCache:
    """Incident views as JSON by (incident, version), the least recently used dropped
    once they hold more than `max_bytes`."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._views: OrderedDict[tuple[UUID, int], bytes] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, incident_id: UUID, version: int) -> bytes | None:
        """The view's JSON, if cached."""
        with self._lock:
            body = self._views.get((incident_id, version))
            if body is not None:
                self._views.move_to_end((incident_id, version))
            return body

    def put(self, incident_id: UUID, version: int, body: bytes) -> None:
        """Cache a view's JSON."""
        if len(body) > self.max_bytes // 4:
            return  # a giant incident would push out everything else (or no cache)
        with self._lock:
            if (incident_id, version) in self._views:
                return
            self._views[(incident_id, version)] = body
            self._bytes += len(body)
            while self._bytes > self.max_bytes:
                _, dropped = self._views.popitem(last=False)
                self._bytes -= len(dropped)
