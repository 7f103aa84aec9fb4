"""Deadlines: a request that the store cannot serve in time is a 503 by its deadline plus
the margin, and a write so answered is never committed afterwards.

Another connection holds the lock a write needs (SQLite's write lock, PostgreSQL's
lock on the events table) for longer than the store timeout, then lets go; on both
stores and both write paths; and a read kept waiting by a lock. Then the pieces
underneath: PostgreSQL itself refusing a COMMIT past its deadline, the statement
timeout of serving processes, and pooled connections that the server dropped.
"""

from __future__ import annotations

import sqlite3
import threading
import time

import httpx
import psycopg
import pytest

from api.access import Role
from api.bootstrap import Parts
from api.settings import Settings
from api.storage import deadlines
from api.storage.postgres_commits import TOO_LATE
from tests.conftest import WRITE_PATHS, serving
from tests.support.client import open_incident
from tests.support.processes import key_file_for
from tests.support.traffic import logged_markers, statement

TIMEOUT = 1.0
LATEST = TIMEOUT + deadlines.MARGIN + 0.75  # the client's own share included
HELD = 4.0  # seconds the lock is held: past the deadline and the margin


@pytest.fixture(params=WRITE_PATHS)
def write_path(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def quick(settings: Settings) -> Settings:
    """The test's settings with a store timeout of TIMEOUT seconds, no write limit."""
    return settings.model_copy(update={"store_timeout": TIMEOUT, "write_rate": 0})


class WriteLock:
    """Another connection holding the lock every write needs (SQLite's write lock,
    PostgreSQL's lock on the events table) until `release()`."""

    def __init__(self, settings: Settings) -> None:
        self._lock = threading.Lock()
        self._held = True
        if settings.on_postgres:
            self._postgres = psycopg.connect(settings.database_url)
            self._postgres.execute("LOCK TABLE incidents_events IN EXCLUSIVE MODE")
            self._sqlite = None
        else:
            assert settings.sqlite_file is not None
            self._sqlite = sqlite3.connect(
                settings.sqlite_file, isolation_level=None, check_same_thread=False
            )
            self._sqlite.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        """Let go of the lock (once; later calls do nothing) and close the connection."""
        with self._lock:
            if not self._held:
                return
            self._held = False
            if self._sqlite is not None:
                self._sqlite.execute("ROLLBACK")
                self._sqlite.close()
            else:
                self._postgres.rollback()
                self._postgres.close()


def test_a_write_that_waits_past_its_deadline_is_503_and_never_committed(
    quick: Settings, database_url: str
) -> None:
    with serving(quick) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        headers = live.token("desk", Role.REPORTER)
        incident = open_incident(http, headers)
        lock = WriteLock(quick)
        try:
            threading.Timer(HELD, lock.release).start()
            asked = time.monotonic()
            response = http.post(
                f"/incidents/{incident}/statements", json=statement("outage-late"), headers=headers
            )
            took = time.monotonic() - asked
            assert response.status_code == 503, response.text
            assert response.headers["retry-after"] == "1"
            assert took <= LATEST
            time.sleep(HELD + 1 - took)  # the lock is gone: a late commit would land now
        finally:
            lock.release()
        after = http.post(
            f"/incidents/{incident}/statements", json=statement("outage-after"), headers=headers
        )
        assert after.status_code == 201, after.text
    assert logged_markers(database_url) == {"outage-after"}


@pytest.mark.postgres
def test_a_read_that_waits_past_its_deadline_is_503_in_time(postgres_url: str) -> None:
    settings = Settings(
        database_url=postgres_url,
        store_timeout=TIMEOUT,
        writer_process=False,
        signing_key_file=key_file_for(postgres_url),
    )
    with serving(settings) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        headers = live.token("desk", Role.REPORTER)
        incident = open_incident(http, headers)
        with psycopg.connect(postgres_url) as holder:
            holder.execute("LOCK TABLE incidents IN ACCESS EXCLUSIVE MODE")  # the listing
            asked = time.monotonic()
            response = http.get(f"/incidents/{incident}/history")
            took = time.monotonic() - asked
        assert response.status_code == 503, response.text
        assert took <= LATEST
        assert http.get(f"/incidents/{incident}/history").status_code == 200


@pytest.mark.postgres
def test_postgresql_refuses_a_commit_after_its_deadline(postgres_url: str) -> None:
    parts = Parts.open(Settings(database_url=postgres_url))
    parts.close()
    with psycopg.connect(postgres_url) as connection:
        connection.execute(
            "SELECT set_config('incidents.commit_by', (clock_timestamp() - interval '1 s')::text,"
            " true)"
        )
        connection.execute(
            "INSERT INTO incidents_events (originator_id, originator_version, topic, state)"
            " VALUES (gen_random_uuid(), 1, 'late', '\\x00')"
        )
        with pytest.raises(psycopg.Error) as refused:
            connection.commit()
        assert refused.value.sqlstate == TOO_LATE
        count = connection.execute("SELECT count(*) FROM incidents_events").fetchone()
    assert count == (0,)


@pytest.mark.postgres
def test_only_serving_processes_give_statements_the_store_timeout(postgres_url: str) -> None:
    settings = Settings(database_url=postgres_url, store_timeout=1.5)
    for serving_, expected in ((True, "1500ms"), (False, "0")):
        parts = Parts.open(settings, serving=serving_)
        try:
            with parts.store.database.transaction(commit=False) as db:
                assert db.scalar("SHOW statement_timeout") == expected
        finally:
            parts.close()


@pytest.mark.postgres
def test_connections_the_server_dropped_are_replaced_not_answered_with_errors(
    postgres_url: str,
) -> None:
    parts = Parts.open(Settings(database_url=postgres_url), serving=True)
    try:
        assert parts.record.recorder.max_notification_id() is None
        name = postgres_url.rsplit("/", 1)[-1]
        with psycopg.connect(postgres_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = %s AND pid <> pg_backend_pid()",
                (name,),
            )
        time.sleep(1.2)  # idle long enough to be checked when taken
        for _ in range(5):
            assert parts.record.recorder.max_notification_id() is None
    finally:
        parts.close()
