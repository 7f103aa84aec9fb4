"""What a request hears of its write, and by when.

A write is handed to a writer (in this process or the writer process) with the
deadline of its request, and the request waits for the outcome until that
deadline plus `ANSWER_WAIT`. The writers never begin a commit after a change's
deadline, and settle every change they committed within `AFTER_COMMIT` of it
(see `api.writing.group`), so by then the outcome is the true one: a receipt,
or a 503 for a write that was not made. (The exception: a store that stalls in
the middle of a COMMIT begun in time.) `ANSWER_WAIT` is less than the margin by
which every request is answered (`api.storage.deadlines.MARGIN`).

`Writer` is what the routes hand their changes to; a `Job` is a change handed over,
with how to settle it; `UnavailableWrites` logs the writes a store that is away did
not take.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from eventsourcing.persistence import InterfaceError, OperationalError, PersistenceError

from api.http.problems import Problem, store_unavailable, token_refused
from api.storage import deadlines, postgres_commits
from api.storage.recorders import RequestKey
from api.storage.tokens import unrevoked
from api.writing.idempotency import Written
from domain.application import Change
from projections.sql import Database

REPORT_EVERY = 5.0  # seconds between log lines about writes the store did not take
# Past the writers' every bound (AFTER_COMMIT), within the margin of every request.
ANSWER_WAIT = 0.75 * deadlines.MARGIN
IN_DOUBT = f"{postgres_commits.IN_DOUBT}; retry it with the same Idempotency-Key"
# The answer of a write whose writer did not answer in time: a COMMIT begun in time
# that the store stalled in may still land, so it does not say "not written".
NOT_ANSWERED = (
    "the store did not answer in time: the write is most likely not made; retry it "
    "(with an Idempotency-Key, to be sure it is made once)"
)
Outcome = Written | BaseException


@dataclass(frozen=True, slots=True)
class Job:
    """A change handed to a writer: its idempotency key, who hears its outcome, the
    deadline it is committed by (a time.monotonic() instant), or not at all, and the
    id of the token it was sent with, if the writer is to check that token is not
    revoked (`with_live_tokens`)."""

    change: Change
    key: RequestKey | None
    settle: Callable[[Outcome], None]
    deadline: float
    token: str | None = None


def live(jobs: Sequence[Job]) -> list[Job]:
    """The jobs whose deadline has not passed."""
    now = time.monotonic()
    return [job for job in jobs if job.deadline > now]


def with_live_tokens(jobs: list[Job], database: Database) -> tuple[list[Job], dict[int, Outcome]]:
    """The jobs whose token, if they name one, is not revoked (read once for them all),
    and the outcome of each other one (by its id()): 401, or the store's error when it
    could not say."""
    named = {job.token for job in jobs if job.token is not None}
    if not named:
        return jobs, {}
    try:
        live_tokens = unrevoked(database, named)
    except (PersistenceError, deadlines.DeadlinePassed) as error:  # not made: the store is away
        return [j for j in jobs if j.token is None], {id(j): error for j in jobs if j.token}
    refused: dict[int, Outcome] = {
        id(job): token_refused()
        for job in jobs
        if job.token is not None and job.token not in live_tokens
    }
    return [job for job in jobs if id(job) not in refused], refused


def too_late() -> Problem:
    """The answer to a change whose deadline passed before it could be committed."""
    return store_unavailable(
        "not written: the store did not take this write before its deadline; retry it"
    )


def in_doubt() -> Problem:
    """The answer to a change whose commit the store went away during."""
    return store_unavailable(IN_DOUBT)


def answer_of(outcome: Written | BaseException) -> Written | BaseException:
    """An outcome as the request hears it: a missed deadline or a commit in doubt as the
    503 that says which; anything else as it is."""
    if isinstance(outcome, deadlines.CommitInDoubt):
        return in_doubt()
    if isinstance(outcome, deadlines.DeadlinePassed):
        return too_late()
    return outcome


def deadline_of_request(timeout: float) -> float:
    """The deadline of the request being served, or `timeout` seconds from now."""
    return deadlines.current() or time.monotonic() + timeout


def settle_future(future: asyncio.Future[Written], outcome: Outcome) -> None:
    """Give a request waiting on `future` its outcome (on the future's loop), unless it
    was cancelled (its client went away)."""
    if future.done():
        return
    if isinstance(outcome, BaseException):
        future.set_exception(outcome)
    else:
        future.set_result(outcome)


async def outcome_by(future: asyncio.Future[Written], deadline: float) -> Written:
    """The outcome of a write handed to a writer, waited for until `deadline` plus
    ANSWER_WAIT; past that, a 503. No writer begins a commit that late; only one that
    the store began in time and then stalled in (a server or disk that stops
    mid-commit) can still land (see `api.storage.postgres_commits`)."""
    done, _ = await asyncio.wait({future}, timeout=deadline + ANSWER_WAIT - time.monotonic())
    if not done:
        future.cancel()  # the writer's outcome, when it comes, is for no one
        raise store_unavailable(NOT_ANSWERED)
    return future.result()


class UnavailableWrites:
    """Logs the writes the store did not take, a line every few seconds at most (while
    it is away, nearly every write is one)."""

    def __init__(self, log: logging.Logger) -> None:
        self.log = log
        self._count = 0  # since the last line
        self._reported_at = float("-inf")

    def note(self, outcomes: Sequence[Written | BaseException]) -> None:
        """Count the outcomes that say the store was away; log them when it is time."""
        refused = [
            o
            for o in outcomes
            if isinstance(o, OperationalError | InterfaceError)
            or (isinstance(o, Problem) and o.status == 503)
        ]
        if not refused:
            return
        self._count += len(refused)
        now = time.monotonic()
        if now - self._reported_at >= REPORT_EVERY:
            self.log.warning(
                "%d writes not made in %.0f s: the store is unavailable (%s)",
                self._count, min(now - self._reported_at, 999), refused[-1],
            )  # fmt: skip
            self._count, self._reported_at = 0, now


class Writer(Protocol):
    """What the routes hand their changes to: a group writer, here or in a process."""

    def start(self) -> None:
        """Start taking changes."""

    def stop(self) -> None:
        """Finish the changes handed over so far, then stop."""

    async def write(
        self, change: Change, key: RequestKey | None = None, token: str | None = None
    ) -> Written:
        """Carry out a change (once per idempotency key): what was recorded, and whether
        an earlier request with the same key recorded it; refused (401) if `token`, the
        id of the token it was sent with, is revoked by the time it is written."""
        ...
