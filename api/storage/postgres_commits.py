"""Saving events on PostgreSQL by a deadline, so that a late write never commits.

A write carries the deadline of its request (`api.storage.deadlines`). Saving it:

1. The transaction tells the server when it must commit by (`incidents.commit_by`,
   the time left reckoned on the server's own clock), and a deferred constraint
   trigger on the events table refuses the COMMIT once that time has passed. So a
   COMMIT that reaches the server late (stuck in a paused server's socket, say)
   rolls back there, whatever the client does meanwhile.
2. Before it sends COMMIT, the client checks the deadline too, and rolls back if
   it passed (`DeadlinePassed`: nothing written).
3. If the connection breaks while COMMIT is under way, the write may or may not
   have committed. It is looked up on a new connection until the deadline plus
   `AFTER_COMMIT`: found (its stored bytes equal, so not another writer's), it
   succeeded; not found once the deadline has passed, it never will commit (the
   trigger); the store still unreachable then, `CommitInDoubt`.

What remains: a write whose COMMIT began before its deadline and was committed
by the server, but whose success could not be learned before the deadline plus
`AFTER_COMMIT` (the connection broke at that moment and the server stayed
unreachable; or the commit's flush to disk stalled for longer than that) is
answered 503 although it is recorded. Its answer says it may be recorded; a retry
with the same Idempotency-Key is then answered with the original receipt.

The library retries a failed insert ten times, which could save twice a write
whose first COMMIT succeeded unseen: here a write is tried once.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError, StoredEvent
from psycopg.sql import SQL, Composed, Identifier

from api.storage import deadlines

TOO_LATE = "IR001"  # the SQLSTATE of a COMMIT refused past its deadline
IN_DOUBT = "the store went away while this write was committing: it may have been recorded"
SETTLED = 0.2  # seconds after a deadline by which the server has refused a late COMMIT
_COMMIT_BY = SQL(
    "SELECT set_config('incidents.commit_by',"
    " (clock_timestamp() + make_interval(secs => %s))::text, true)"
)


def commit_by_statements(schema: str, table: str) -> list[Composed]:
    """The function and the deferred trigger that refuse a COMMIT past its deadline
    (a transaction that set none, as the command line's, is never refused)."""
    function = Identifier(schema, "incidents_commit_by")
    return [
        SQL(
            "CREATE OR REPLACE FUNCTION {0}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
            " IF clock_timestamp() > NULLIF(current_setting('incidents.commit_by', true), '')"
            "::timestamptz THEN RAISE EXCEPTION 'the deadline of this write passed before it"
            " could commit' USING ERRCODE = '{1}'; END IF; RETURN NULL; END $$"
        ).format(function, SQL(TOO_LATE)),
        SQL(
            "DO $$ BEGIN CREATE CONSTRAINT TRIGGER incidents_commit_by AFTER INSERT ON {0}"
            " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION {1}();"
            " EXCEPTION WHEN duplicate_object THEN NULL; END $$"
        ).format(Identifier(schema, table), function),
    ]


class _CommitLost(Exception):
    """The connection broke while COMMIT was under way."""


def insert_by_deadline(
    recorder: Any, stored_events: Sequence[StoredEvent], **kwargs: Any
) -> Sequence[int] | None:
    """Insert events as the library's PostgreSQL application recorder does (its
    `_insert_events` first, all in one pipelined transaction), once, by the deadline of
    the context; their notification ids. A `project(cursor, ids, pipeline)` in `kwargs` brings
    the read models up to them in the same transaction, before it commits."""
    deadline = deadlines.current()
    try:
        return _insert(recorder, stored_events, deadline, **kwargs)
    except _CommitLost:
        if deadline is None or not stored_events:
            raise deadlines.CommitInDoubt(IN_DOUBT) from None
        return _look_up(recorder, stored_events, deadline)


def _insert(
    recorder: Any, stored_events: Sequence[StoredEvent], deadline: float | None, **kwargs: Any
) -> Sequence[int] | None:
    committing = False
    failure: Exception | None = None
    ids: Sequence[int] | None = None
    with recorder.datastore.get_connection() as conn:
        try:
            with conn.pipeline() as pipeline, conn.transaction():
                with conn.cursor() as curs:
                    if deadline is not None:
                        curs.execute(_COMMIT_BY, (max(deadline - time.monotonic(), 0.0),))
                    recorder._insert_events(curs, stored_events, **kwargs)
                if stored_events:
                    with conn.cursor() as curs:
                        try:
                            recorder._insert_stored_events(curs, stored_events, **kwargs)
                            pipeline.sync()  # a conflict raises here, not at COMMIT
                            ids = recorder._fetch_ids_after_insert_events(
                                curs, stored_events, **kwargs
                            )
                        except Exception as error:
                            failure = error  # raised once the pipeline is closed
                        else:
                            project = kwargs.get("project")
                            failure = _projected(curs, ids, project, pipeline)
                            if failure is not None:
                                raise psycopg.Rollback  # nothing is committed
                if failure is None:
                    deadlines.check("before the write could commit")  # rolls back
                    committing = True
        except psycopg.Error as error:
            if committing and error.sqlstate == TOO_LATE:
                raise deadlines.DeadlinePassed(
                    "the deadline passed before the write could commit: nothing was written"
                ) from None
            if committing and (conn.broken or conn.closed):
                raise _CommitLost from error
            raise
        if failure is not None:
            raise failure  # in the connection's block: the library translates it
    return ids


def _projected(
    curs: Any, ids: Sequence[int] | None, project: Any, pipeline: psycopg.Pipeline
) -> Exception | None:
    """Bring the read models up to the events just inserted, in their transaction (when
    asked to, by a `project(cursor, ids, pipeline)`); what failed here, if anything did.
    Their statements go in the insert's pipeline; those after their last read are
    answered with the COMMIT, in the same round trip: one that fails aborts the
    transaction, so the COMMIT commits nothing and the failure is raised; a connection
    that breaks meanwhile leaves the write in doubt, looked up as any COMMIT cut short."""
    if project is None or not ids:
        return None
    try:
        project(curs, ids, pipeline)
    except Exception as error:
        return error
    return None


def _look_up(recorder: Any, stored_events: Sequence[StoredEvent], deadline: float) -> list[int]:
    """The notification ids of events whose COMMIT was lost, once the store says whether
    they were stored; DeadlinePassed if they were not, CommitInDoubt if it cannot say."""
    give_up = deadline + deadlines.AFTER_COMMIT
    while True:
        try:
            with deadlines.until(give_up):
                found = _stored_ids(recorder, stored_events)
        except (OperationalError, InterfaceError, psycopg.Error):
            found, reached = None, False
        else:
            reached = True
        if found is not None:
            return found
        now = time.monotonic()
        if reached and now >= deadline + SETTLED:
            raise deadlines.DeadlinePassed(
                "the connection broke as the write committed, and it did not commit"
            )
        if now >= give_up:
            raise deadlines.CommitInDoubt(IN_DOUBT)
        time.sleep(0.05)


def _stored_ids(recorder: Any, stored_events: Sequence[StoredEvent]) -> list[int] | None:
    """The notification ids of these events if this very write stored them (the first
    one's bytes compared: another writer may have stored the same versions since)."""
    table = Identifier(recorder.datastore.schema, recorder.events_table_name)
    id_type = SQL(recorder.datastore.originator_id_type)
    statement = SQL(
        "SELECT e.notification_id, e.state FROM unnest(%s::{0}[], %s::bigint[])"
        " WITH ORDINALITY AS k(id, version, n) JOIN {1} e"
        " ON e.originator_id = k.id AND e.originator_version = k.version ORDER BY k.n"
    ).format(id_type, table)
    ids = [e.originator_id for e in stored_events]
    versions = [e.originator_version for e in stored_events]
    with recorder.datastore.transaction(commit=False) as curs:
        curs.execute(statement, (ids, versions))
        rows = curs.fetchall()
    if len(rows) != len(stored_events) or bytes(rows[0]["state"]) != stored_events[0].state:
        return None
    return [row["notification_id"] for row in rows]
