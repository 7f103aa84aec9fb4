"""Point reads on the event loop (`api.storage.lookups`), on both stores: they answer as
the same reads made in a transaction, one or two to a statement, within the deadline,
and on PostgreSQL they recover from connections the server dropped."""

from __future__ import annotations

import asyncio
import time
from typing import Any
from uuid import uuid4

import psycopg
import pytest
from eventsourcing.persistence import OperationalError, ProgrammingError

from api.access import Principal, Role
from api.bootstrap import Parts
from api.settings import Settings
from api.storage import deadlines
from api.storage.loop_reads import APPLICATION_NAME
from api.storage.tokens import TokenStore, principal_of
from projections.models import LISTING
from projections.sql import PointRead, first_value
from tests.support.timelines import apply_step, opening


def run(coroutine: Any) -> Any:
    return asyncio.run(coroutine)


def test_point_reads_answer_as_the_same_reads_in_a_transaction(parts: Parts) -> None:
    editor = parts.tokens.create("night desk", Role.EDITOR)
    revoked = parts.tokens.create("gone", Role.REPORTER)
    parts.tokens.revoke("gone")
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    parts.catch_up()
    tokens = [editor, revoked, editor[:-1] + ("A" if editor[-1] != "A" else "B"), "nonsense", ""]
    lookups = parts.lookups
    for token in tokens:
        with parts.store.database.transaction(commit=False) as db:
            expected = TokenStore.principal(db, token)
        assert run(lookups.point(principal_of(token))) == expected
    assert run(lookups.point(principal_of(editor))) == Principal("night desk", Role.EDITOR)
    assert run(lookups.point(principal_of(revoked))) is None
    assert run(lookups.point(LISTING.version(incident))) == 1
    assert run(lookups.point(LISTING.version(uuid4()))) is None
    # Two in one statement, found or not, in either order.
    both = run(lookups.points(principal_of(editor), LISTING.version(incident)))
    assert both == (Principal("night desk", Role.EDITOR), 1)
    assert run(lookups.points(LISTING.version(uuid4()), principal_of("nonsense"))) == (None, None)
    # The same reads on a transaction's cursor.
    with parts.store.database.transaction(commit=False) as db:
        assert LISTING.version(incident)(db) == 1
        assert principal_of(editor)(db) == Principal("night desk", Role.EDITOR)


def test_a_point_read_after_its_deadline_reads_nothing(parts: Parts) -> None:
    async def late() -> Any:
        with deadlines.until(time.monotonic() - 0.1):
            return await parts.lookups.point(LISTING.version(uuid4()))

    if parts.settings.on_postgres:
        with pytest.raises(deadlines.DeadlinePassed):
            run(late())
    else:  # SQLite answers on the loop at once, without waiting for anything
        assert run(late()) is None


def test_an_error_of_the_store_is_the_librarys(parts: Parts) -> None:
    missing = PointRead("no_such_table", ("x",), "y", 1, first_value)
    with pytest.raises(ProgrammingError if parts.settings.on_postgres else OperationalError):
        run(parts.lookups.point(missing))


def _loop_backends(url: str) -> int:
    """How many of the server's connections are point reads' of the database."""
    with psycopg.connect(url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
            " AND application_name = %s",
            (APPLICATION_NAME,),
        ).fetchone()
    assert row is not None
    return int(row[0])


@pytest.mark.postgres
def test_reads_go_on_after_the_server_drops_the_idle_connections(postgres_url: str) -> None:
    parts = Parts.open(Settings(database_url=postgres_url))
    try:
        lookups = parts.lookups
        ids = [uuid4() for _ in range(8)]

        async def many() -> list[Any]:  # at once: several connections are made
            return await asyncio.gather(*(lookups.point(LISTING.version(i)) for i in ids))

        async def dropped_between() -> tuple[list[Any], list[Any]]:
            first = await many()
            assert _loop_backends(postgres_url) >= 2
            with psycopg.connect(postgres_url, autocommit=True) as admin:
                admin.execute(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    " WHERE datname = current_database() AND application_name = %s",
                    (APPLICATION_NAME,),
                )
            return first, await many()

        assert run(dropped_between()) == ([None] * 8, [None] * 8)
        # And under another event loop, as a second app in one process would be.
        assert run(many()) == [None] * 8
        lookups.close()
        for _ in range(100):  # the server notices the closed sockets at once, or nearly
            if _loop_backends(postgres_url) == 0:
                break
            time.sleep(0.05)
        assert _loop_backends(postgres_url) == 0
    finally:
        parts.close()
