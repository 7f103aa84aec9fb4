"""Writers of one PostgreSQL database take turns (`api.writing.turns`): the changes
handed over while a writer waited for its turn join its group."""

from __future__ import annotations

import asyncio
import time

import psycopg
import pytest

from api.bootstrap import Parts
from api.settings import Settings
from api.writing import turns
from tests.integration.test_group_writer import figure, opened
from tests.support.processes import key_file_for

pytestmark = pytest.mark.postgres


@pytest.fixture
def settings_pg(postgres_url: str) -> Settings:
    """Settings of the fresh PostgreSQL database."""
    return Settings(database_url=postgres_url, signing_key_file=key_file_for(postgres_url))


def _held(url: str) -> tuple[int, int]:
    """How many sessions hold the writers' turn, and how many wait for it."""
    with psycopg.connect(url, autocommit=True) as admin:
        row = admin.execute(
            "SELECT count(*) FILTER (WHERE granted), count(*) FILTER (WHERE NOT granted)"
            " FROM pg_locks WHERE locktype = 'advisory'"
            " AND classid = %s AND objid = %s AND objsubid = 1",
            (turns.LOCK_KEY >> 32, turns.LOCK_KEY & 0xFFFFFFFF),
        ).fetchone()
    assert row is not None
    return int(row[0]), int(row[1])


def _waits(url: str, count: int) -> None:
    """Wait until `count` sessions wait for the turn."""
    for _ in range(200):
        if _held(url)[1] == count:
            return
        time.sleep(0.01)
    raise AssertionError(f"{count} sessions never waited for the turn")


def test_changes_handed_over_while_the_writer_waits_for_its_turn_join_its_group(
    postgres_url: str, settings_pg: Settings
) -> None:
    """Two processes taking turns each write whole groups: what arrived while a writer
    waited for the other's group goes into its own next group, not a group after it."""
    parts = Parts.open(settings_pg)
    try:
        incident = opened(parts)
        parts.writer.start()
        with psycopg.connect(postgres_url, autocommit=True) as holder:
            holder.execute("SELECT pg_advisory_lock(%s)", (turns.LOCK_KEY,))

            async def written() -> list[int]:
                first = asyncio.ensure_future(parts.writer.write(figure(incident, "40")))
                await asyncio.to_thread(_waits, postgres_url, 1)  # the writer waits its turn
                later = [
                    asyncio.ensure_future(parts.writer.write(figure(incident, f"{41 + n}")))
                    for n in range(4)
                ]
                await asyncio.sleep(0.1)  # handed over, waiting too
                holder.execute("SELECT pg_advisory_unlock(%s)", (turns.LOCK_KEY,))
                outcomes = await asyncio.gather(first, *later)
                return [recorded.entry for recorded, _ in outcomes]

            assert asyncio.run(written()) == [2, 3, 4, 5, 6]
        assert parts.writer.groups_saved == 1  # all five in the group that waited
        assert parts.writer.groups_raced == 0
        for _ in range(200):  # nothing left to write: the turn is given back
            if _held(postgres_url) == (0, 0):
                break
            time.sleep(0.01)
        assert _held(postgres_url) == (0, 0)
    finally:
        parts.close()
