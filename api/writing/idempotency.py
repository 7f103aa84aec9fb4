"""Carrying out a write once per idempotency key, when it cannot go in a group.

The group writer carries out most writes many to a transaction; these are the
ways a single write is answered: as a replay of an earlier request with the
same key, or alone (read, check, act, save, with the key in the entry's own
transaction, retried on a race).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from uuid import UUID

from api.http.problems import Problem
from api.storage import deadlines
from api.storage.keys import IdempotencyKeys
from api.storage.recorders import DuplicateRequest, RequestKey
from domain.application import Change, IncidentRecord, Recorded
from projections.runner import Projector
from projections.store import ViewRecorder
from projections.views import IncidentViews

Written = tuple[Recorded, bool]  # what was recorded, and whether by an earlier request
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class WriteSide:
    """What carrying out writes needs: the record, its read models and projector, and
    the idempotency keys."""

    record: IncidentRecord
    store: ViewRecorder
    projector: Projector
    views: IncidentViews
    keys: IdempotencyKeys
    # Whether a write is shown by the read models before it is answered: not in a bulk
    # load (`incidents import`), which brings them up once, at its end.
    shows_writes: bool = True

    def recorded(self, incident_id: str, entry: int) -> Recorded:
        """What an earlier write recorded, once the read models show it."""
        self.projector.sync(self.record.recorder.max_notification_id() or 0)
        incident = UUID(hex=incident_id)
        position, recorded_at = self.views.entry(incident, entry)
        return Recorded(incident, entry, recorded_at, position)


def earlier_write(side: WriteSide, key: RequestKey) -> tuple[Recorded, bool] | None:
    """What an earlier request with this key recorded (a replay), if there was one;
    a 422 problem if that request asked for something else."""
    earlier = side.keys.find(key.scope, key.key)
    if earlier is None:
        return None
    if earlier.fingerprint != key.fingerprint:
        raise Problem(
            422,
            "Idempotency key reused",
            "this Idempotency-Key was sent before with a different request",
            kind="idempotency-key-reused",
        )
    return side.recorded(earlier.incident_id, earlier.entry), True


def write_alone(side: WriteSide, change: Change, key: RequestKey | None) -> tuple[Recorded, bool]:
    """Carry out one change, unless its key was seen, and wait for the read models to
    show it; returns what was recorded, and whether an earlier request recorded it.
    Committed by the deadline of the context, or not at all."""
    while True:
        if key is not None and (earlier := earlier_write(side, key)) is not None:
            return earlier
        try:
            with side.record.saving_with(idempotency=key):
                recorded = side.record.carry_out(change)
        except DuplicateRequest:
            continue  # a twin of this request got there first: answer what it recorded
        show_committed(side, recorded.position, deadlines.current())
        return recorded, False


def show_committed(
    side: WriteSide, position: int, deadline: float | None, *, projected: bool = False
) -> None:
    """Bring the read models up to a committed write (at `position`) before it is
    answered; `projected`: its own transaction did.

    With a deadline, they are given until the deadline plus AFTER_COMMIT, and if the
    store does not let them get there, the write is answered all the same: it is
    committed, so its answer is a 2xx, and the read models catch up when the store is
    back (the projector, or the next write). Only then may a read not show it yet.
    """
    if projected:
        side.projector.saw(position)
        return
    if not side.shows_writes:
        return
    if deadline is None:
        side.projector.sync(position)
        return
    until = deadline + deadlines.AFTER_COMMIT
    try:
        with deadlines.until(until):
            side.projector.sync(position, until)
    except Exception as error:
        log.warning(
            "position %d is committed, but the read models could not show it in time: %s",
            position,
            error,
        )
