"""The log, read from a position on and decoded, in batches (of (event, position))."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from domain.application import IncidentRecord
from projections.store import Batch

BATCH_SIZE = 500


class LogDamaged(RuntimeError):
    """A stored event cannot be decoded: the read models cannot go past it."""


def log_batches(app: IncidentRecord, after: int, size: int = BATCH_SIZE) -> Iterator[Batch]:
    """The log after position `after`, decoded, in batches of (event, position).

    A stored event that cannot be decoded ends the batches there: the events before
    it come as a last batch, then LogDamaged, because applying the events after it
    would make the views lie.
    """
    while True:
        notifications = app.recorder.select_notifications(
            start=after, limit=size, inclusive_of_start=False
        )
        if not notifications:
            return
        batch: list[tuple[Any, int]] = []
        for notification in notifications:
            try:
                batch.append((app.decode(notification), notification.id))
            except Exception as error:
                if batch:
                    yield batch
                msg = (
                    f"the stored event at position {notification.id} cannot be decoded "
                    f"({error}); `incidents verify` names it"
                )
                raise LogDamaged(msg) from error
        yield batch
        after = notifications[-1].id
