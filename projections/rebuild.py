"""A rebuild's pass over the log: the read models' state in memory, rows written in bulk.

Applied one at a time, events make each read model read its state back from its
tables (a source's head, the current details) and write a row or two per
statement. A rebuild owns its tables for its whole transaction, so the state
it needs can live in memory instead: each model's handlers run unchanged against
an in-memory state (see `ReadModel.memory`), the rows they write wait in a
buffer and go out one statement per table per batch, and the listing is written
once per incident at the end rather than at every entry.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from typing import Any

from projections.base import Handler, Logged, ReadModel
from projections.sql import COPY_FROM, Db


class RowBuffer:
    """Rows and updates held back, then written with one statement per table."""

    def __init__(self) -> None:
        self._rows: defaultdict[str, list[Sequence[Any]]] = defaultdict(list)
        self._updates: defaultdict[str, list[Sequence[Any]]] = defaultdict(list)

    def insert(self, table: str, row: Sequence[Any]) -> None:
        """Hold a row for `table`."""
        self._rows[table].append(row)

    def update(self, statement: str, params: Sequence[Any]) -> None:
        """Hold an UPDATE of rows added earlier."""
        self._updates[statement].append(params)

    def held(self, table: str, key: Any) -> list[tuple[int, Sequence[Any]]]:
        """The rows held for `table` whose first value is `key`, with their places."""
        return [
            (place, row) for place, row in enumerate(self._rows.get(table, ())) if row[0] == key
        ]

    def replace(self, table: str, place: int, row: Sequence[Any]) -> None:
        """Put `row` in the place of a row held for `table`."""
        self._rows[table][place] = row

    def flush(self, db: Db) -> None:
        """Write every row held, then run the updates.

        Updates only ever mark rows of earlier entries (retractions), so running
        them after this flush's inserts finds every row they are about.
        """
        few = all(len(rows) < COPY_FROM for rows in self._rows.values())
        with db.pipelined() if few else nullcontext():  # a flush of a few rows: one trip
            for table, rows in self._rows.items():
                db.insert_rows(table, rows)
            for statement, params in self._updates.items():
                db.many(statement, params)
        self._rows.clear()
        self._updates.clear()


class Rebuild:
    """The read models applied to the log batch by batch, from empty tables, in `db`'s
    transaction, in the order given; `finish()` writes what is held back to the end."""

    def __init__(self, db: Db, models: Sequence[ReadModel]) -> None:
        self.db = db
        self.rows = RowBuffer()
        self.models = tuple(models)
        self._states: dict[type[ReadModel], Any] = {}
        for model in self.models:
            self._states[type(model)] = model.memory(self)
        self._handlers: dict[str, list[tuple[Handler, Any]]] = {}
        # One copy of each incident's id text, which the states keep their incidents by.
        self._incidents: dict[str, str] = {}

    def state_of(self, model: type[ReadModel]) -> Any:
        """The memory state of a model applied before the one asking."""
        return self._states[model]

    def flush(self) -> None:
        """Write every row held so far (a model reads some back in the transaction)."""
        self.rows.flush(self.db)

    def held(self, table: str, key: str) -> list[tuple[int, Sequence[Any]]]:
        """The rows held for `table` that begin with `key` (an incident's id)."""
        return self.rows.held(table, key)

    def replace(self, table: str, place: int, row: Sequence[Any]) -> None:
        """Put `row` in the place of a row held for `table`."""
        self.rows.replace(table, place, row)

    def apply(self, batch: Sequence[tuple[Any, int]]) -> None:
        """Apply a batch of (event, position), in log order, and write its rows."""
        incidents = self._incidents
        for event, position in batch:
            logged = Logged(event, position)
            logged.incident = incidents.setdefault(logged.incident, logged.incident)
            handlers = self._handlers.get(logged.kind)
            if handlers is None:
                handlers = self._handlers[logged.kind] = self._handlers_of(logged.kind)
            for handler, state in handlers:
                handler(state, logged)
        self.rows.flush(self.db)

    def finish(self) -> None:
        """Write what the models held back until the last event."""
        for model in self.models:
            model.finish(self._states[type(model)])
        self.rows.flush(self.db)
        for model in self.models:
            model.after_rebuild(self.db)

    def _handlers_of(self, kind: str) -> list[tuple[Handler, Any]]:
        handlers = []
        for model in self.models:
            handler = model.handler(kind)
            if handler is not None:
                handlers.append((handler, self._states[type(model)]))
        return handlers


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for a rebuild.

    A rebuild makes objects by the million and keeps many (the state in memory),
    so the collector would walk an ever larger heap again and again, for a tenth
    of the rebuild's time, to find next to nothing. Reference counting frees
    objects as usual meanwhile; any cycles wait for the collector to resume.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
