"""What every read model is: tables it owns, and a handler per event type it reads."""

from __future__ import annotations

from typing import Any, ClassVar

from projections.sql import Db


class ReadModel:
    """One read model: its tables, their schema, and `on_<EventType>` handlers.

    Handlers run inside the projection's transaction, with the tracking record,
    and only ever see events in log order. A read model can always be dropped
    and rebuilt from the log.
    """

    tables: ClassVar[tuple[str, ...]] = ()
    schema: ClassVar[tuple[str, ...]] = ()

    def apply(self, db: Db, event: Any, position: int) -> None:
        """Dispatch an event (at `position` in the log) to this model's handler, if any."""
        handler = getattr(self, "on_" + type(event).__name__, None)
        if handler is not None:
            handler(db, event)
