"""PostgreSQL reads on the event loop: a few connections of psycopg's async kind.

The reads in front of nearly every request (who a token names, an incident's
version) are one statement each. Made through the threadpool, such a read costs
more in the hops to a worker thread and back than in the server's work; made on
the event loop, through a connection of its own, it costs a round trip. So each
serving process keeps up to `SIZE` such connections, in autocommit, made with
the store pool's arguments (its timeouts, keepalives and statement timeout).

Like the pool, they hold to the request's deadline and recover by themselves: a
read waits for a connection, connects and runs only until the deadline (then
`DeadlinePassed`); a connection that breaks is dropped, and a read that found a
connection broken after it idled (the server restarted) is tried once more on a
new one. Errors are the library's (`eventsourcing.persistence`), as from the store.

The connections belong to the event loop that made them: a server has one loop,
but a test may run several apps, or one app under several loops, one after another.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing import persistence

from api.storage import deadlines

SIZE = 4  # connections per process: the loop runs on one core, the server on the other
APPLICATION_NAME = "incidents point reads"  # as the server lists them (pg_stat_activity)

# psycopg's errors as the library raises them, the most specific first.
_AS_THE_LIBRARY = (
    (psycopg.InterfaceError, persistence.InterfaceError),
    (psycopg.OperationalError, persistence.OperationalError),
    (psycopg.DataError, persistence.DataError),
    (psycopg.IntegrityError, persistence.IntegrityError),
    (psycopg.InternalError, persistence.InternalError),
    (psycopg.ProgrammingError, persistence.ProgrammingError),
    (psycopg.NotSupportedError, persistence.NotSupportedError),
    (psycopg.DatabaseError, persistence.DatabaseError),
)


class LoopReads:
    """Single statements on the event loop, through up to SIZE connections."""

    def __init__(self, kwargs: dict[str, Any], *, timeout: float) -> None:
        """Connect with `kwargs` (psycopg's); wait `timeout` seconds at most for a read
        made without a deadline."""
        self._kwargs = {k: v for k, v in kwargs.items() if k != "row_factory"}
        self._kwargs.setdefault("application_name", APPLICATION_NAME)
        self._timeout = timeout
        self._loop: asyncio.AbstractEventLoop | None = None
        self._idle: list[psycopg.AsyncConnection[Any]] = []
        self._free = asyncio.Semaphore(SIZE)
        self._closed = False

    async def one(self, statement: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        """The first row of `statement` (`%s` placeholders), or None."""
        left = deadlines.remaining(self._timeout)
        if left <= 0:
            raise deadlines.DeadlinePassed("the deadline passed before the read")
        try:
            async with asyncio.timeout(min(left, self._timeout)):
                return await self._one(statement, params)
        except TimeoutError as error:
            raise deadlines.DeadlinePassed("the store did not answer the read in time") from error

    async def _one(self, statement: str, params: Sequence[Any]) -> tuple[Any, ...] | None:
        self._bind()
        async with self._free:
            for retry in (True, False):
                connection, idled = await self._take()
                try:
                    cursor = await connection.execute(statement, params)
                    row: tuple[Any, ...] | None = await cursor.fetchone()
                except psycopg.Error as error:
                    _finish(connection)
                    if retry and idled and connection.broken:
                        continue  # dropped by the server while it idled: a new one
                    raise _as_the_library(error) from error
                except BaseException:  # cancelled mid-statement: its state is unknown
                    _finish(connection)
                    raise
                self._give_back(connection)
                return row
        raise AssertionError("unreachable")  # pragma: no cover

    def _bind(self) -> None:
        """Start afresh under a new event loop: the old loop's connections cannot be used."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self.close()
            self._closed = False
            self._loop = loop
            self._free = asyncio.Semaphore(SIZE)

    async def _take(self) -> tuple[psycopg.AsyncConnection[Any], bool]:
        """A connection, and whether it idled in the pool (else it is new)."""
        if self._idle:
            return self._idle.pop(), True
        try:
            connection = await psycopg.AsyncConnection.connect(**self._kwargs, autocommit=True)
        except psycopg.Error as error:
            raise _as_the_library(error) from error
        return connection, False

    def _give_back(self, connection: psycopg.AsyncConnection[Any]) -> None:
        if self._closed or connection.broken:
            _finish(connection)
        else:
            self._idle.append(connection)

    def close(self) -> None:
        """Close the idle connections (from any thread: no await needed), and any given
        back from now on."""
        self._closed = True
        idle, self._idle = self._idle, []
        for connection in idle:
            _finish(connection)


def _finish(connection: psycopg.AsyncConnection[Any]) -> None:
    """Close a connection without awaiting: its socket is closed by libpq at once."""
    with contextlib.suppress(Exception):
        connection.pgconn.finish()


def _as_the_library(error: psycopg.Error) -> persistence.PersistenceError:
    for theirs, ours in _AS_THE_LIBRARY:
        if isinstance(error, theirs):
            return ours(str(error))
    return persistence.PersistenceError(str(error))
