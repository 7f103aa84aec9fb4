"""A cursor that speaks one SQL dialect on every store, and how times are keyed.

Read models write portable SQL with `?` placeholders; on PostgreSQL they become
`%s`. Times are stored twice where they are compared: as the ISO text the client
sent (offset kept) and as a fixed-width UTC key, so that text order is time order.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from typing import Any, Protocol

Row = Mapping[str, Any]


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


class Db:
    """One transaction's cursor, with `?` placeholders on every store."""

    def __init__(self, cursor: Cursor, *, paramstyle: str = "qmark") -> None:
        # The library wraps sqlite3 cursors; use the DB-API cursor underneath.
        self.cursor: Any = getattr(cursor, "sqlite_cursor", cursor)
        self._pyformat = paramstyle == "format"

    def sql(self, statement: str) -> str:
        """The statement in this store's placeholder style."""
        return statement.replace("?", "%s") if self._pyformat else statement

    def execute(self, statement: str, params: Sequence[Any] = ()) -> None:
        """Run a statement that returns nothing we read."""
        self.cursor.execute(self.sql(statement), params)

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
    try:
        utc = moment.astimezone(UTC)
    except OverflowError:
        utc = (datetime.min if moment.year < 5000 else datetime.max).replace(tzinfo=UTC)
    return f"{utc.year:04d}-{utc:%m-%dT%H:%M:%S.%f}Z"


def parse_time(moment: datetime | str) -> datetime:
    """A datetime from an event field or from stored ISO text."""
    return moment if isinstance(moment, datetime) else datetime.fromisoformat(moment)


def time_text(moment: datetime | str | None) -> str | None:
    """A time as ISO 8601 text, keeping the offset it was given with."""
    if moment is None or isinstance(moment, str):
        return moment
    return moment.isoformat()


def dumps(value: Any) -> str:
    """JSON for a TEXT column: compact and stable."""
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


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
