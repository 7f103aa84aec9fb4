"""The connection pools of both stores, bounded in time and quick to recover.

The library's pools, with our settings (see `api.storage.recorders`, whose
factories put them in place of the library's own):

- PostgreSQL (`PostgresPool`): a connection is waited for until the deadline of
  the request (`api.storage.deadlines`) and never longer than the store timeout;
  connecting gives up after the timeout too (libpq counts whole seconds, at least
  two); TCP keepalives and `tcp_user_timeout` notice a server that went away
  without closing its connections; serving processes also give every statement
  the store timeout (`statement_timeout`). A connection idle for more than a
  second is checked before it is handed out, so the connections a restarted
  server dropped are replaced, not answered with errors; and a pool that lost its
  server tries to connect again every second or so instead of backing off for
  minutes, so it serves again within a second or two of the server's return.
- SQLite (`DurableSQLitePool`): every commit reaches the disk (WAL with
  `synchronous=FULL`); prepared statements are kept; a lock is waited for the
  store timeout at most; and a connection is only ever opened for writing (a
  file that cannot be written when a connection is opened is an error, retried
  by the next request, rather than a read-only connection kept for good).
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import threading
import time
import weakref
from typing import Any
from urllib.parse import quote

import psycopg
from eventsourcing.persistence import InterfaceError
from eventsourcing.postgres import ConnectionPool
from eventsourcing.sqlite import SQLiteConnection, SQLiteConnectionPool

from api.storage import deadlines

STATEMENT_CACHE = 256  # prepared statements kept per SQLite connection
IDLE_CHECK = 1.0  # seconds a PostgreSQL connection may idle before it is checked when taken
MIN_CONNECT_TIMEOUT = 2  # libpq's own floor: a smaller connect_timeout counts as 2


class PostgresPool(ConnectionPool[Any]):
    """The library's psycopg pool, with deadlines, keepalives and quick recovery."""

    def __init__(
        self,
        library_pool: ConnectionPool[Any],
        configure: Any,
        *,
        timeout: float,
        statement_timeout: float | None,
    ) -> None:
        """Take the library's pool's connection arguments and sizes; wait `timeout`
        seconds at most for a connection, and give each statement `statement_timeout`
        seconds (None: no limit)."""
        library_kwargs = library_pool.kwargs
        assert isinstance(library_kwargs, dict), "the library passes its arguments as a dict"
        kwargs: dict[str, Any] = dict(library_kwargs)
        kwargs.update(
            connect_timeout=max(MIN_CONNECT_TIMEOUT, math.ceil(timeout)),
            keepalives=1,
            keepalives_idle=max(1, math.ceil(timeout)),
            keepalives_interval=1,
            keepalives_count=3,
            tcp_user_timeout=math.ceil((timeout + deadlines.MARGIN) * 1000),
        )
        if statement_timeout is not None:
            kwargs["options"] = f"-c statement_timeout={math.ceil(statement_timeout * 1000)}"
        super().__init__(
            connection_class=library_pool.connection_class,
            kwargs=kwargs,
            min_size=library_pool.min_size,
            max_size=library_pool.max_size,
            open=False,
            configure=configure,
            timeout=timeout,
            max_waiting=library_pool.max_waiting,
            max_lifetime=library_pool.max_lifetime,
            # Give up reconnecting after this long; the next request that waits for a
            # connection starts a new try at once (the default backs off for minutes).
            reconnect_timeout=max(1.0, timeout),
            get_password_func=getattr(library_pool, "get_password_func", None),
        )
        self._returned: weakref.WeakKeyDictionary[Any, float] = weakref.WeakKeyDictionary()
        self._unbounded: weakref.WeakSet[Any] = weakref.WeakSet()
        self._returned_lock = threading.Lock()

    def getconn(self, timeout: float | None = None) -> Any:
        """A working connection, waited for until the deadline (and `timeout`) at most."""
        limit = self.timeout if timeout is None else timeout
        left = deadlines.remaining(limit)
        if left <= 0:
            raise deadlines.DeadlinePassed("the deadline passed before a connection was free")
        give_up = time.monotonic() + min(limit, left)
        while True:
            connection = super().getconn(max(give_up - time.monotonic(), 0.001))
            if self._usable(connection):
                break
            super().putconn(connection)  # broken: the pool drops it and connects anew
        if deadlines.statements_unbounded():
            connection.execute("SET statement_timeout = 0")
            self._unbounded.add(connection)
        return connection

    def putconn(self, conn: Any) -> None:
        """Take a connection back, with the statement timeout it was opened with."""
        if conn in self._unbounded:
            self._unbounded.discard(conn)
            if not conn.broken and not conn.closed:
                with contextlib.suppress(psycopg.Error):  # broken now: the pool drops it
                    conn.execute("RESET statement_timeout")
        with self._returned_lock:
            self._returned[conn] = time.monotonic()
        super().putconn(conn)

    def _usable(self, connection: Any) -> bool:
        """Whether a connection works: checked with an empty query when it idled long
        enough for its server to have gone away (a busy pool pays nothing)."""
        with self._returned_lock:
            returned = self._returned.get(connection)
        if returned is not None and time.monotonic() - returned < IDLE_CHECK:
            return True
        try:
            self.check_connection(connection)
        except psycopg.Error:
            return False
        return True


class DurableSQLitePool(SQLiteConnectionPool):
    """SQLite connections that fsync every commit (WAL with synchronous=FULL), keep their
    prepared statements, wait for a lock the store timeout at most, and are opened for
    writing or not at all.

    The library opens its connections with `cached_statements=True`, which sqlite3
    reads as a cache of one statement: every statement was prepared again each time,
    which made a write's SQL several times slower. So the connections are opened
    here, as the library opens them but with a real statement cache.
    """

    def __init__(self, *, db_name: str, busy_timeout: float) -> None:
        """Connections to `db_name`, waiting `busy_timeout` seconds at most for a lock
        (and for a free connection)."""
        super().__init__(db_name=db_name, pool_timeout=busy_timeout)
        self.busy_timeout = busy_timeout

    def get_connection(
        self, timeout: float | None = None, *, is_writer: bool | None = None
    ) -> SQLiteConnection:
        """A connection, waited for until the deadline at most."""
        limit = self.pool_timeout if timeout is None else timeout
        left = deadlines.remaining(limit)
        if left <= 0:
            raise deadlines.DeadlinePassed("the deadline passed before a connection was free")
        return super().get_connection(min(limit, left), is_writer=is_writer)

    def _create_connection(self) -> SQLiteConnection:
        try:
            connection = sqlite3.connect(
                database=_for_writing(self.db_name),
                uri=True,
                check_same_thread=False,
                isolation_level=None,  # the library begins and commits its transactions
                cached_statements=STATEMENT_CACHE,
                timeout=self.busy_timeout,
            )
            connection.execute("PRAGMA journal_mode = WAL")
            connection.execute("PRAGMA synchronous = FULL")
        except (sqlite3.Error, TypeError) as error:
            raise InterfaceError(error) from error
        connection.row_factory = sqlite3.Row
        return SQLiteConnection(sqlite_conn=connection, max_age=self.max_age)


def _for_writing(db_name: str) -> str:
    """The URI that opens a database file for reading and writing, or fails (SQLite
    would otherwise open a file it cannot write read-only, and keep it so)."""
    if db_name.startswith("file:") or db_name == ":memory:" or not db_name:
        return db_name
    return f"file:{quote(db_name)}?mode=rw"
