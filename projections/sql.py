"""A cursor that speaks one SQL dialect on every store, and how times are keyed.

Read models write portable SQL with `?` placeholders; on PostgreSQL they become
`%s`. Times are stored twice where they are compared: as the ISO text the client
sent (offset kept) and as a fixed-width UTC key, so that text order is time order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import Any, Protocol

Row = Mapping[str, Any]
# A schema statement for one store only starts with its marker (a SQL comment).
SQLITE_ONLY = "-- sqlite only\n"
POSTGRES_ONLY = "-- postgresql only\n"


def for_store(statements: Iterable[str], *, postgres: bool) -> tuple[str, ...]:
    """The statements one store runs: those for both, and its own (markers dropped)."""
    other, own = (SQLITE_ONLY, POSTGRES_ONLY) if postgres else (POSTGRES_ONLY, SQLITE_ONLY)
    return tuple(s.removeprefix(own) for s in statements if not s.startswith(other))


class Cursor(Protocol):
    """The part of a DB-API cursor the read models use."""

    def execute(self, sql: Any, params: Any = ...) -> Any:
        """Run one statement."""

    def executemany(self, sql: Any, params: Any) -> Any:
        """Run one statement for each set of parameters."""

    def fetchone(self) -> Any:
        """The next row, or None."""

    def fetchall(self) -> Any:
        """The remaining rows."""


class Writes(Protocol):
    """Where a read model writes rows: straight into a transaction (`Db`), or into a
    buffer that a rebuild writes table by table."""

    def insert(self, table: str, row: Sequence[Any]) -> None:
        """Add a row, its values in the table's column order."""

    def update(self, statement: str, params: Sequence[Any]) -> None:
        """Change rows already added (an UPDATE)."""


COPY_FROM = 100  # rows from which PostgreSQL is sent them with COPY


@cache
def insert_statement(table: str, width: int) -> str:
    """The INSERT of a whole row of `width` values into `table`."""
    return f"INSERT INTO {table} VALUES ({', '.join('?' * width)})"


class Db:
    """One transaction's cursor, with `?` placeholders on every store."""

    def __init__(self, cursor: Cursor, *, paramstyle: str = "qmark") -> None:
        # The library wraps sqlite3 cursors; use the DB-API cursor underneath.
        self.cursor: Any = getattr(cursor, "sqlite_cursor", cursor)
        self._pyformat = paramstyle == "format"
        self._pipeline: Any = None

    @contextmanager
    def pipelined(self) -> Iterator[None]:
        """On PostgreSQL, statements sent without waiting for each one's answer: a
        statement whose result is read (a query's rows, a row count) waits for every
        statement before it, so a batch of writes costs a round trip per query instead of
        one per statement. An error surfaces at the next wait, or at the block's end.
        On SQLite, nothing changes."""
        if not self._pyformat or self._pipeline is not None:
            yield
            return
        with self.cursor.connection.pipeline() as pipeline:
            self._pipeline = pipeline
            try:
                yield
            finally:
                self._pipeline = None

    @property
    def on_postgres(self) -> bool:
        """Whether this is a PostgreSQL transaction (else SQLite)."""
        return self._pyformat

    def sql(self, statement: str) -> str:
        """The statement in this store's placeholder style."""
        return statement.replace("?", "%s") if self._pyformat else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        """Run a statement that returns nothing we read."""
        self.cursor.execute(self.sql(statement), params)

    def insert(self, table: str, row: Sequence[Any]) -> None:
        """Add a row, its values in the table's column order."""
        self.cursor.execute(self.sql(insert_statement(table, len(row))), row)

    def update(self, statement: str, params: Sequence[Any]) -> None:
        """Change rows already added (an UPDATE)."""
        self.cursor.execute(self.sql(statement), params)

    def insert_rows(self, table: str, rows: Sequence[Sequence[Any]]) -> None:
        """Add many whole rows to `table`, in its column order: on PostgreSQL as one COPY
        (a stream, where an INSERT per row is a round trip's worth of work each), unless
        they are few (a COPY costs two round trips of its own) or `pipelined`."""
        if not rows:
            return
        if self._pyformat and len(rows) >= COPY_FROM and self._pipeline is None:
            with self.cursor.copy(f"COPY {table} FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            self.cursor.executemany(self.sql(insert_statement(table, len(rows[0]))), rows)

    def many(self, statement: str, params: Iterable[Sequence[Any]]) -> None:
        """Run a statement once per parameter set."""
        rows = list(params)
        if rows:
            self.cursor.executemany(self.sql(statement), rows)

    def one(self, statement: str, params: Sequence[Any] = ()) -> Row | None:
        """The first row of a query, or None."""
        self.cursor.execute(self.sql(statement), params)
        row: Row | None = self.cursor.fetchone()
        return row

    def all(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        """Every row of a query."""
        self.cursor.execute(self.sql(statement), params)
        return list(self.cursor.fetchall())

    @property
    def rowcount(self) -> int:
        """How many rows the last statement changed."""
        if self._pipeline is not None:
            self._pipeline.sync()  # the count comes with the statement's answer
        count: int = self.cursor.rowcount
        return count

    def scalar(self, statement: str, params: Sequence[Any] = ()) -> Any:
        """The first column of the first row, or None."""
        row = self.one(statement, params)
        return None if row is None else next(iter(dict(row).values()))


def time_key(moment: datetime) -> str:
    """A fixed-width UTC key: comparing keys as text compares the instants.

    A moment whose UTC time falls outside the years 1-9999 (only a query bound can:
    the domain refuses such times) is clamped to the first or last key.
    """
    utc = moment
    if moment.tzinfo is not UTC:  # the log stamps every entry in UTC: no conversion to pay
        try:
            utc = moment.astimezone(UTC)
        except OverflowError:
            utc = (datetime.min if moment.year < 5000 else datetime.max).replace(tzinfo=UTC)
    return "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ" % (  # noqa: UP031 (faster than isoformat or an f-string)
        utc.year,
        utc.month,
        utc.day,
        utc.hour,
        utc.minute,
        utc.second,
        utc.microsecond,
    )


def time_texts(moment: datetime) -> tuple[str, str]:
    """A moment's `time_text` and `time_key`, remembered: the same times (reports' as_of)
    come back entry after entry."""
    return _time_texts(moment, moment.utcoffset())


@lru_cache(maxsize=4096)
def _time_texts(moment: datetime, offset: timedelta | None) -> tuple[str, str]:
    # Equal instants can differ in offset, and so in text: the offset is part of the key.
    return moment.isoformat(), time_key(moment)


def parse_time(moment: datetime | str) -> datetime:
    """A datetime from an event field or from stored ISO text."""
    return moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)


def time_text(moment: datetime | str | None) -> str | None:
    """A time as ISO 8601 text, keeping the offset it was given with."""
    if moment is None or isinstance(moment, str):
        return moment
    return moment.isoformat()


_ENCODER = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False)


def dumps(value: Any) -> str:
    """JSON for a TEXT column: compact and stable."""
    return _ENCODER.encode(value)


def dumps_source(source: dict[str, Any]) -> str:
    """JSON for a source (a flat mapping of text values): `dumps`, remembered, since the
    same few sources come back entry after entry."""
    try:
        return _dumps_items(tuple(source.items()))
    except TypeError:  # an unhashable value: no source has one, but still correct
        return dumps(source)


@lru_cache(maxsize=1024)
def _dumps_items(items: tuple[tuple[str, Any], ...]) -> str:
    return dumps(dict(items))


def loads(text: str | None) -> Any:
    """JSON from a TEXT column (None stays None)."""
    return None if text is None else json.loads(text)


class Database:
    """Transactions on the library's datastore, handing out `Db` cursors."""

    def __init__(self, datastore: Any, *, paramstyle: str) -> None:
        self.datastore = datastore
        self.paramstyle = paramstyle

    @contextmanager
    def transaction(self, *, commit: bool, snapshot: bool = False) -> Iterator[Db]:
        """A transaction, committed on success when `commit`; rolled back otherwise.

        With `snapshot`, every statement sees the same committed state (SQLite's read
        transactions always do; PostgreSQL needs REPEATABLE READ for it).
        """
        with self.datastore.transaction(commit=commit) as cursor:
            db = Db(cursor, paramstyle=self.paramstyle)
            if snapshot and self.paramstyle == "format":
                db.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            yield db

    @contextmanager
    def point_reads(self) -> Iterator[Db]:
        """A cursor for reads that each stand alone (a token, an incident's version).

        On PostgreSQL each statement is its own transaction (the pool's connections are
        in autocommit): one round trip a read, where BEGIN and ROLLBACK around it make
        three. Each sees the latest committed state, so a read of two statements may see
        two states. On SQLite, a read transaction as `transaction` makes.
        """
        if self.paramstyle != "format":
            with self.transaction(commit=False) as db:
                yield db
            return
        with self.datastore.get_connection() as connection, connection.cursor() as cursor:
            yield Db(cursor, paramstyle=self.paramstyle)
