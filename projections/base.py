"""What every read model is: tables it owns, and a handler per event type it reads.

A handler reads and writes through a *state*: for events applied as they are
written, the transaction itself (or the model's SQL queries over it); for a
rebuild, the model's state held in memory, its rows buffered and written in
bulk. Either way the same handler decides what each event changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, ClassVar, Protocol

from projections.sql import Db, Writes, time_key


class Logged:
    """An event with its position in the log, and the values every read model takes
    from it, worked out once."""

    __slots__ = ("entry", "event", "incident", "kind", "position", "recorded")

    def __init__(self, event: Any, position: int) -> None:
        self.event = event
        self.position = position
        self.incident: str = event.originator_id.hex
        self.entry: int = event.originator_version
        self.kind: str = type(event).__name__
        self.recorded = time_key(event.timestamp)


Handler = Callable[[Any, Logged], None]


class RebuildState(Protocol):
    """What a rebuild offers the read models: its row buffer, its transaction, and the
    memory state of the models applied before the one asking."""

    @property
    def rows(self) -> Writes:
        """Where the handlers' rows wait to be written in bulk."""

    @property
    def db(self) -> Db:
        """The rebuild's transaction."""

    def state_of(self, model: type[ReadModel]) -> Any:
        """The memory state of a model applied before the one asking."""

    def flush(self) -> None:
        """Write every row held so far, so that the transaction's queries see them."""

    def held(self, table: str, key: str) -> list[tuple[int, Sequence[Any]]]:
        """The rows held (not written yet) for `table` that begin with `key` (an incident's
        id), each with its place among them."""

    def replace(self, table: str, place: int, row: Sequence[Any]) -> None:
        """Put `row` in the place of a row held for `table` (a change before it is written)."""


class ReadModel:
    """One read model: its tables, their schema, and `on_<EventType>` handlers.

    Handlers run inside the projection's transaction, with the tracking record,
    and only ever see events in log order. A read model can always be dropped
    and rebuilt from the log.
    """

    tables: ClassVar[tuple[str, ...]] = ()
    sqlite_tables: ClassVar[tuple[str, ...]] = ()  # those of `tables` SQLite alone has
    schema: ClassVar[tuple[str, ...]] = ()
    # The domain rules whose results the model stores (`domain.current.RULE`, ...):
    # part of the schema version, so that a change of rule rebuilds the model.
    rules: ClassVar[tuple[str, ...]] = ()

    def handler(self, kind: str) -> Handler | None:
        """The handler of events of type `kind`, or None when this model ignores them."""
        handler: Handler | None = getattr(self, "on_" + kind, None)
        return handler

    def state(self, db: Db) -> Any:
        """What the handlers read and write in the transaction `db`: `db` itself,
        unless the model reads its own state back."""
        return db

    def memory(self, rebuild: RebuildState) -> Any:
        """What the handlers read and write during a rebuild: the rebuild's row buffer,
        unless the model keeps state in memory."""
        return rebuild.rows

    def finish(self, state: Any) -> None:
        """After a rebuild's last event, write what the memory state held back."""

    def after_rebuild(self, db: Db) -> None:
        """Once a rebuild's rows are all written: fill what is made from them in bulk."""

    def begin_batch(self, state: Any, batch: Sequence[Logged]) -> None:
        """Before the first event of a batch applied through `state` (from `state(db)`):
        read ahead, all at once, what its handlers will read."""

    def end_batch(self, state: Any) -> None:
        """After the last event of a batch applied through `state` (from `state(db)`):
        write what it held back until then."""
