"""A write whose connection breaks while PostgreSQL commits it: looked up, never guessed.

On a cluster of the test's own, `synchronous_standby_names` names a standby that
does not exist, so a COMMIT writes its record and then waits for that standby
(`SyncRep`) with the transaction already committed locally. The test ends the
writer's backend there: the write is recorded and its connection is gone, the
moment a server stopped mid-COMMIT leaves a client in. The writer must look the
write up (`api.storage.postgres_commits`):

- the backend alone ended (`pg_terminate_backend`, what a fast shutdown sends
  every backend), the server still up: the write is found, and answered 201;
- the server stopped (fast) at that moment and away past the deadline: 503 saying the
  write may have been recorded; it is in the log once the server is back, and the
  retry with the same Idempotency-Key is answered with the original receipt,
  nothing written twice.

Both write paths (the writer in a thread and in its own process).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial

import httpx
import psycopg
import pytest

from api.access import Role
from api.settings import Settings
from api.storage import deadlines
from api.writing.answers import IN_DOUBT
from tests.conftest import WRITE_PATHS, serving
from tests.support.client import open_incident
from tests.support.cluster import Cluster, new_database, throwaway_cluster
from tests.support.processes import key_file_for
from tests.support.traffic import logged_markers, statement

pytestmark = pytest.mark.slow
TIMEOUT = 2.0
LATEST = TIMEOUT + deadlines.MARGIN + 0.75  # the client's own share included


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    with throwaway_cluster() as made:
        yield made


@pytest.fixture(params=WRITE_PATHS)
def write_path(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def commits_wait_for_a_ghost(url: str, waiting: bool) -> None:
    """Make every COMMIT on the cluster wait for a standby that never comes, or not."""
    with psycopg.connect(url, autocommit=True) as admin:
        if waiting:
            admin.execute("ALTER SYSTEM SET synchronous_standby_names = 'ghost'")
        else:
            admin.execute("ALTER SYSTEM RESET synchronous_standby_names")
        admin.execute("SELECT pg_reload_conf()")
    time.sleep(0.3)  # the backends read the file again at their next statement


def a_commit_waiting(url: str) -> int:
    """The pid of a backend of `url`'s database whose COMMIT is written and waits for
    the standby, once there is one."""
    name = url.rsplit("/", 1)[-1]
    until = time.monotonic() + TIMEOUT
    with psycopg.connect(url, autocommit=True) as admin:
        while time.monotonic() < until:
            row = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s AND wait_event = 'SyncRep'",
                (name,),
            ).fetchone()
            if row is not None:
                return int(row[0])
            time.sleep(0.005)
    raise AssertionError("no write waited for the standby")


def end_the_committing_backend(url: str) -> None:
    """End the backend whose COMMIT waits, as a fast shutdown would."""
    pid = a_commit_waiting(url)
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def stop_the_server_as_it_commits(url: str, cluster: Cluster) -> None:
    """Stop the server (fast: every backend ended) while a COMMIT waits."""
    a_commit_waiting(url)
    cluster.stop()


def posted_as_it_commits(
    cluster: Cluster,
    http: httpx.Client,
    path: str,
    marker: str,
    headers: dict[str, str],
    end: Callable[[], None],
) -> tuple[httpx.Response, float]:
    """POST the statement `marker` while every COMMIT waits for the ghost, `end` called
    once its COMMIT waits; the answer, and the seconds it took. Afterwards the server
    runs and its COMMITs wait no more."""
    commits_wait_for_a_ghost(cluster.url, True)
    with ThreadPoolExecutor(1) as pool:
        ended = pool.submit(end)
        try:
            asked = time.monotonic()
            response = http.post(path, json=statement(marker), headers=headers)
            took = time.monotonic() - asked
        finally:
            ended.exception()  # (done: the COMMIT was cut, or none waited)
            if not cluster.running():
                cluster.start()
            commits_wait_for_a_ghost(cluster.url, False)
        ended.result()  # (it raises if no write waited for the standby)
    return response, took


def settings_for(url: str, write_path: str) -> Settings:
    return Settings(
        database_url=url,
        store_timeout=TIMEOUT,
        write_rate=0,
        writer_process=write_path == "process",
        signing_key_file=key_file_for(url),
    )


@dataclass(frozen=True)
class Desk:
    """A server on a fresh database of the cluster, a client, a reporter's headers, and
    the statements route of an incident."""

    url: str
    http: httpx.Client
    headers: dict[str, str]
    path: str


@pytest.fixture
def desk(cluster: Cluster, write_path: str) -> Iterator[Desk]:
    url = new_database(cluster)
    settings = settings_for(url, write_path)
    with serving(settings) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        headers = live.token("desk", Role.REPORTER)
        incident = open_incident(http, headers)
        yield Desk(url, http, headers, f"/incidents/{incident}/statements")


def test_a_write_whose_connection_breaks_as_it_commits_is_found_and_answered_201(
    cluster: Cluster, desk: Desk
) -> None:
    http, path, headers = desk.http, desk.path, desk.headers
    end = partial(end_the_committing_backend, desk.url)
    response, _ = posted_as_it_commits(cluster, http, path, "outage-committed", headers, end)
    assert response.status_code == 201, response.text
    entry = response.json()["entry"]
    after = http.post(path, json=statement("outage-after"), headers=headers)
    assert after.status_code == 201, after.text
    assert after.json()["entry"] == entry + 1
    assert logged_markers(desk.url) == {"outage-committed", "outage-after"}


def test_a_write_whose_store_goes_away_as_it_commits_is_503_may_be_recorded_then_its_receipt(
    cluster: Cluster, desk: Desk
) -> None:
    http, path = desk.http, desk.path
    keyed = {**desk.headers, "Idempotency-Key": "in-doubt-1"}
    stop = partial(stop_the_server_as_it_commits, desk.url, cluster)
    response, took = posted_as_it_commits(cluster, http, path, "outage-in-doubt", keyed, stop)
    assert response.status_code == 503, response.text
    assert response.json()["detail"] == IN_DOUBT, response.text
    assert took <= LATEST
    assert logged_markers(desk.url) == {"outage-in-doubt"}  # recorded, as it said it may be
    deadline = time.monotonic() + 15
    while True:  # the pool's connections to the stopped server are replaced
        retry = http.post(path, json=statement("outage-in-doubt"), headers=keyed)
        if retry.status_code != 503 or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert retry.status_code == 201, retry.text
    assert retry.json()["entry"] == 2  # the opening is entry 1
    view = http.get(path.removesuffix("/statements"), headers=desk.headers)
    assert view.status_code == 200 and view.json()["version"] == 2, view.text
    assert logged_markers(desk.url) == {"outage-in-doubt"}  # once
