"""A cursor that speaks one SQL dialect on every store, and how times are keyed.

Read models write portable SQL with `?` placeholders; on PostgreSQL they become
`%s`. Times are stored twice where they are compared: as the ISO text the client
sent (offset kept) and as a fixed-width UTC key, so that text order is time order.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache, lru_cache
from typing import Any, Generic, Protocol, TypeVar

Row = Mapping[str, Any]
T = TypeVar("T")
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


class Later:
    """A query's rows, read once, when first asked for (`Db.later`)."""

    __slots__ = ("_read", "_rows")

    def __init__(self, read: Callable[[], list[Row]]) -> None:
        self._read = read
        self._rows: list[Row] | None = None

    def __call__(self) -> list[Row]:
        if self._rows is None:
            self._rows = self._read()
        return self._rows


class Db:
    """One transaction's cursor, with `?` placeholders on every store."""

    def __init__(self, cursor: Cursor, *, paramstyle: str = "qmark", pipeline: Any = None) -> None:
        """`pipeline`: the psycopg pipeline the cursor's connection is in already, if any
        (its statements are then `pipelined` from the start)."""
        # The library wraps sqlite3 cursors; use the DB-API cursor underneath.
        self.cursor: Any = getattr(cursor, "sqlite_cursor", cursor)
        self._pyformat = paramstyle == "format"
        self._pipeline: Any = pipeline

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

    def later(self, statement: str, params: Sequence[Any] = ()) -> Later:
        """A query sent now whose rows are read when asked for. In a pipeline on
        PostgreSQL, queries sent this way one after another are answered together, in
        one round trip, at the first read of any of them (each one sees what the
        statements sent before it did); elsewhere it runs at once."""
        if self._pipeline is None:
            rows = self.all(statement, params)
            return Later(lambda: rows)
        cursor = self.cursor.connection.cursor()
        cursor.execute(self.sql(statement), params)

        def read() -> list[Row]:
            with cursor:
                return list(cursor.fetchall())

        return Later(read)

    def all_at_once(self, *queries: tuple[str, Sequence[Any]]) -> list[list[Row]]:
        """Every row of each query: on PostgreSQL sent together and answered in one round
        trip (a pipeline), where one after another they cost a round trip each."""
        with self.pipelined():
            sent = [self.later(statement, params) for statement, params in queries]
            return [rows() for rows in sent]

    def with_pairs(
        self, name: str, columns: tuple[str, str], rows: Sequence[tuple[str, int]]
    ) -> tuple[str, tuple[Any, ...]]:
        """A WITH clause naming the (text, integer) `rows` as the table `name`, and its
        parameters. On PostgreSQL the statement is the same whatever their number (two
        arrays), so that a query using it is planned once (a prepared statement), where a
        VALUES list of each length is planned anew, which costs more than running it."""
        first, second = columns
        if self._pyformat:
            arrays = ([row[0] for row in rows], [row[1] for row in rows])
            table = "SELECT * FROM unnest(?::text[], ?::integer[])"
            return f"WITH {name} ({first}, {second}) AS ({table}) ", arrays
        values = ", ".join("(?, ?)" for _ in rows)
        params = tuple(value for row in rows for value in row)
        return f"WITH {name} ({first}, {second}) AS (VALUES {values}) ", params

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


@dataclass(frozen=True, slots=True)
class PointRead(Generic[T]):
    """A read of one row by its key, and what the row means: the reads in front of nearly
    every request (who a token names, an incident's version). Being declared rather than
    run, several can go to the store as one statement (`point_statement`), and they can
    be run on an event loop's connection as well as on a `Db` (`api.storage.lookups`).

    `answer` is given the row's values in the order of `columns`, or None: no such row.
    """

    table: str
    columns: tuple[str, ...]
    key_column: str
    key: Any
    answer: Callable[[tuple[Any, ...] | None], T]

    def __call__(self, db: Db) -> T:
        """The answer, read on `db`."""
        statement, params = point_statement((self,))
        (answer,) = point_answers((self,), db.one(statement, params))
        return answer  # type: ignore[no-any-return]

    @property
    def shape(self) -> tuple[str, tuple[str, ...], str]:
        """What the statement depends on (not the key)."""
        return self.table, self.columns, self.key_column


def first_value(row: tuple[Any, ...] | None) -> Any:
    """A `PointRead`'s answer: its one column's value, or None without a row."""
    return None if row is None else row[0]


def point_statement(reads: Sequence[PointRead[Any]]) -> tuple[str, list[Any]]:
    """One statement for all of `reads` (`?` placeholders), and its parameters: a single
    row holding, for each read in turn, a column that is NULL when it found no row, then
    its columns."""
    return _point_statement(tuple(read.shape for read in reads)), [read.key for read in reads]


@lru_cache(maxsize=64)
def _point_statement(shapes: tuple[tuple[str, tuple[str, ...], str], ...]) -> str:
    joins = []
    for n, (table, columns, key_column) in enumerate(shapes):
        selected = ", ".join(f"{column} AS p{n}_{i}" for i, column in enumerate(columns))
        joins.append(
            f" LEFT JOIN (SELECT 1 AS p{n}, {selected} FROM {table} WHERE {key_column} = ?)"
            f" AS r{n} ON 1 = 1"
        )
    found = ", ".join(
        f"r{n}.p{n}, " + ", ".join(f"r{n}.p{n}_{i}" for i in range(len(columns)))
        for n, (_, columns, _) in enumerate(shapes)
    )
    return f"SELECT {found} FROM (SELECT 1 AS one) AS one{''.join(joins)}"


def point_answers(reads: Sequence[PointRead[Any]], row: Any) -> list[Any]:
    """Each read's answer, from the row of its `point_statement` (a mapping or a sequence
    of its values)."""
    values = tuple(row.values()) if isinstance(row, Mapping) else tuple(row)
    answers, at = [], 0
    for read in reads:
        width = 1 + len(read.columns)
        found = values[at : at + width]
        at += width
        answers.append(read.answer(None if found[0] is None else found[1:]))
    return answers


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
