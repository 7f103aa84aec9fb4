"""Deadlines: how long a request, and every store call made for it, may take.

A request gets its deadline when it arrives (`INCIDENTS_STORE_TIMEOUT` seconds
later, see `api.http.deadlines`), and the store calls made for it read the
deadline from their context: a pooled connection is waited for only until then,
SQLite waits for a lock only until then, and a write whose deadline passes before
its transaction commits is rolled back instead (`DeadlinePassed`, a 503 with
nothing written). The group writer carries each change's deadline with it, into
the writer process too, and sets it around the store calls it makes for it.

Deadlines are `time.monotonic()` instants: CLOCK_MONOTONIC, the same in every
process of the machine, so one can be handed to the writer process as it is.

Every request is answered by its deadline plus `MARGIN`: the margin holds what a
commit begun just before the deadline still takes, and the answer's way back.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from eventsourcing.persistence import OperationalError

MARGIN = 1.0  # seconds past its deadline by which every request is answered
# What a writer may still spend after the commit (read models, the answer's way back),
# and how long a commit in doubt is looked for: both well inside the margin.
AFTER_COMMIT = 0.5 * MARGIN

_DEADLINE: ContextVar[float | None] = ContextVar("store_deadline", default=None)
_UNBOUNDED: ContextVar[bool] = ContextVar("unbounded_statements", default=False)


class DeadlinePassed(OperationalError):
    """The deadline passed before the store call could be made or committed: nothing
    was written (an OperationalError, so it is answered as the store being unavailable)."""


class CommitInDoubt(OperationalError):
    """The connection broke while a write was committing, and the store did not answer
    in time to say whether it committed: it may or may not be recorded."""


def current() -> float | None:
    """The deadline of the store calls made in this context, if there is one."""
    return _DEADLINE.get()


def remaining(default: float) -> float:
    """Seconds left before the deadline (`default` when there is none); may be negative."""
    deadline = _DEADLINE.get()
    return default if deadline is None else deadline - time.monotonic()


def check(what: str) -> None:
    """Raise DeadlinePassed if this context's deadline has passed."""
    deadline = _DEADLINE.get()
    if deadline is not None and time.monotonic() >= deadline:
        raise DeadlinePassed(f"the deadline passed {what}: nothing was written")


def set_for_request(deadline: float) -> None:
    """Give this context (a request's task, and the threads it runs work in) a deadline."""
    _DEADLINE.set(deadline)


@contextmanager
def until(deadline: float | None) -> Iterator[None]:
    """Make the store calls of the block by `deadline` (None: no deadline)."""
    token = _DEADLINE.set(deadline)
    try:
        yield
    finally:
        _DEADLINE.reset(token)


@contextmanager
def unbounded_statements() -> Iterator[None]:
    """Let the statements of the block run as long as they take (a rebuild's index
    builds): the statement timeout of serving processes is lifted for them."""
    token = _UNBOUNDED.set(True)
    try:
        yield
    finally:
        _UNBOUNDED.reset(token)


def statements_unbounded() -> bool:
    """Whether this context lifted the statement timeout."""
    return _UNBOUNDED.get()
