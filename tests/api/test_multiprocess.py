"""Several `incidents serve` processes on one database, and the projection worker.

Any process accepts writes; a read through one process after a 2xx from another
reflects it; racing writers through different processes keep every entry, in
contiguous order; the projections are applied exactly once whichever process
applies them; when the process holding the projection lease dies, another
takes over within seconds.
"""

from __future__ import annotations

import itertools
import os
import signal
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import pytest

from api.bootstrap import Parts
from api.settings import Settings
from domain.commands import ReportFigure
from domain.figures import Figure
from domain.values import Category, Source
from tests.support.client import full_history
from tests.support.client import open_incident as opening
from tests.support.processes import (
    Server,
    create_token,
    launch_server,
    start_server,
    start_worker,
    stop,
    wait_healthy,
)

pytestmark = pytest.mark.slow
KYIV = {"name": "Kyiv Independent"}
FAST = {"projector_interval": "0.3", "write_rate": "0"}  # no write limit: load tests


@pytest.fixture
def two_servers(database_url: str, tmp_path: Path) -> Iterator[tuple[Server, Server]]:
    first = start_server(database_url, tmp_path / "a.log", **FAST)
    second = start_server(database_url, tmp_path / "b.log", **FAST)
    yield first, second
    stop(first)
    stop(second)
    for server in (first, second):
        assert "Traceback" not in server.output(), server.output()


def open_incident(url: str, headers: dict[str, str]) -> str:
    with httpx.Client(base_url=url, timeout=30) as http:
        return opening(http, headers)


def figure(value: int) -> dict[str, Any]:
    return {
        "category": "killed",
        "text": str(value),
        "as_of": "2024-03-23T12:00:00Z",
        "source": KYIV,
    }


def assert_read_models_match_the_log(database_url: str) -> None:
    """Every event appears once in the read models: no gap, no double."""
    parts = Parts.open(Settings(database_url=database_url))
    try:
        log = parts.record.recorder.select_notifications(start=None, limit=10**6)
        assert parts.store.max_tracking_id(parts.record.name) == log[-1].id
        with parts.store.reading() as db:
            positions = [row["position"] for row in db.all("SELECT position FROM entries")]
            assert sorted(positions) == [n.id for n in log]
            for row in db.all("SELECT incident_id, version FROM incidents"):
                top = db.scalar(
                    "SELECT MAX(entry) AS n FROM entries WHERE incident_id = ?",
                    (row["incident_id"],),
                )
                assert top == row["version"]
    finally:
        parts.close()


def test_several_processes_can_start_together_on_a_new_database(
    database_url: str, tmp_path: Path
) -> None:
    servers = [launch_server(database_url, tmp_path / f"{n}.log", **FAST) for n in range(3)]
    try:
        for server in servers:
            wait_healthy(server.url, server.process)
        reporter = create_token(database_url, "wire", "reporter")
        incident = open_incident(servers[0].url, reporter)
        for server in servers:
            assert httpx.get(f"{server.url}/incidents/{incident}").status_code == 200
    finally:
        for server in servers:
            stop(server)


def test_a_write_through_one_process_is_read_through_the_other(
    database_url: str, two_servers: tuple[Server, Server]
) -> None:
    first, second = two_servers
    reporter = create_token(database_url, "wire", "reporter")
    incident = open_incident(first.url, reporter)
    with httpx.Client(timeout=30) as http:
        for n, (writer, reader) in zip(
            range(30), itertools.cycle([(first, second), (second, first)]), strict=False
        ):
            receipt = http.post(
                f"{writer.url}/incidents/{incident}/figures", headers=reporter, json=figure(n)
            ).json()
            view = http.get(f"{reader.url}/incidents/{incident}").json()
            assert view["version"] == receipt["version"]
            assert view["figures"]["killed"]["entry"] == receipt["entry"]
            listed = http.get(f"{reader.url}/incidents").json()["items"][0]
            assert listed["version"] == receipt["version"]
    assert_read_models_match_the_log(database_url)


def test_parallel_writers_through_two_processes_keep_every_entry(
    database_url: str, two_servers: tuple[Server, Server]
) -> None:
    reporter = create_token(database_url, "wire", "reporter")
    incident = open_incident(two_servers[0].url, reporter)

    def write(writer: int) -> list[int]:
        url = two_servers[writer % 2].url
        with httpx.Client(base_url=url, timeout=60) as http:
            return [
                http.post(
                    f"/incidents/{incident}/figures",
                    headers=reporter,
                    json=figure(writer * 1000 + n),
                ).status_code
                for n in range(15)
            ]

    with ThreadPoolExecutor(8) as pool:
        statuses = [s for result in pool.map(write, range(8)) for s in result]
    assert statuses == [201] * 120
    with httpx.Client(base_url=two_servers[1].url, timeout=30) as http:
        history = full_history(http, incident)
    assert [e["entry"] for e in history] == list(range(1, 122))
    assert sorted(e["data"]["value"] for e in history[1:]) == sorted(
        w * 1000 + n for w in range(8) for n in range(15)
    )
    assert_read_models_match_the_log(database_url)


def test_one_if_match_across_processes_has_exactly_one_winner(
    database_url: str, two_servers: tuple[Server, Server]
) -> None:
    reporter = create_token(database_url, "wire", "reporter")
    incident = open_incident(two_servers[0].url, reporter)
    barrier = threading.Barrier(8)

    def write(n: int) -> int:
        with httpx.Client(base_url=two_servers[n % 2].url, timeout=60) as http:
            barrier.wait()
            return http.post(
                f"/incidents/{incident}/figures",
                json=figure(n),
                headers={**reporter, "If-Match": '"1"'},
            ).status_code

    with ThreadPoolExecutor(8) as pool:
        assert sorted(pool.map(write, range(8))) == [201] + [412] * 7


def test_when_the_lease_holder_dies_another_process_takes_over(
    database_url: str, two_servers: tuple[Server, Server], tmp_path: Path
) -> None:
    first, second = two_servers  # the first started first, so it holds the lease
    reporter = create_token(database_url, "wire", "reporter")
    incident = open_incident(second.url, reporter)
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(10)
    # An update recorded without projecting it (as by a process killed right after
    # its write): only the projection loop of the surviving process can apply it.
    writer = Parts.open(Settings(database_url=database_url, run_projections=False))
    try:
        recorded = writer.record.record(
            UUID(incident),
            ReportFigure(
                category=Category.KILLED,
                figure=Figure.parse("at least 40"),
                as_of=datetime.now(UTC),
                note=None,
                source=Source("TASS"),
                reported_by="wire",
            ),
        )
    finally:
        writer.close()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        view = httpx.get(f"{second.url}/incidents/{incident}").json()
        if view["version"] == recorded.version:
            break
        time.sleep(0.1)
    else:
        pytest.fail("the surviving process did not take over the projections within 10 s")
    assert view["figures"]["killed"]["text"] == "at least 40"
    assert_read_models_match_the_log(database_url)


def test_killing_one_process_under_load_leaves_the_other_serving(
    database_url: str, two_servers: tuple[Server, Server]
) -> None:
    first, second = two_servers
    reporter = create_token(database_url, "wire", "reporter")
    incident = open_incident(second.url, reporter)
    acknowledged: list[dict[str, Any]] = []
    survivor_failures: list[int] = []
    stopping = threading.Event()
    lock = threading.Lock()

    def write(writer: int) -> None:
        server = (first, second)[writer % 2]
        with httpx.Client(base_url=server.url, timeout=30) as http:
            for n in itertools.count():
                if stopping.is_set():
                    return
                try:
                    response = http.post(
                        f"/incidents/{incident}/figures",
                        headers=reporter,
                        json=figure(writer * 100_000 + n),
                    )
                except httpx.HTTPError:
                    if server is second:
                        survivor_failures.append(n)
                    return
                if response.status_code != 201:
                    survivor_failures.append(response.status_code)
                    return
                with lock:
                    acknowledged.append({**response.json(), "value": writer * 100_000 + n})

    threads = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for thread in threads:
        thread.start()
    time.sleep(1.5)
    os.kill(first.process.pid, signal.SIGKILL)
    first.process.wait(10)
    before = len(acknowledged)
    time.sleep(1.5)
    stopping.set()
    for thread in threads:
        thread.join(30)
    assert survivor_failures == []
    assert len(acknowledged) > before, "the surviving process stopped taking writes"
    with httpx.Client(base_url=second.url, timeout=30) as http:
        history = full_history(http, incident)
    assert [e["entry"] for e in history] == list(range(1, len(history) + 1))
    by_entry = {e["entry"]: e["data"]["value"] for e in history[1:]}
    for receipt in acknowledged:
        assert by_entry[receipt["entry"]] == receipt["value"]
    stop(second)
    assert_read_models_match_the_log(database_url)


def test_a_projection_worker_serves_processes_that_do_not_project(
    database_url: str, tmp_path: Path
) -> None:
    worker = start_worker(database_url, tmp_path / "worker.log", **FAST)
    quiet = {"run_projections": "false", "projection_wait": "2", **FAST}
    first = start_server(database_url, tmp_path / "a.log", **quiet)
    second = start_server(database_url, tmp_path / "b.log", **quiet)
    try:
        reporter = create_token(database_url, "wire", "reporter")
        incident = open_incident(first.url, reporter)
        with httpx.Client(timeout=30) as http:
            for n in range(10):
                receipt = http.post(
                    f"{first.url}/incidents/{incident}/figures", headers=reporter, json=figure(n)
                ).json()
                assert (
                    http.get(f"{second.url}/incidents/{incident}").json()["version"]
                    == (receipt["version"])
                )
        worker.terminate()
        assert worker.wait(15) == 0
        assert "projection worker stopped" in (tmp_path / "worker.log").read_text()
        # With the worker gone, a write still answers once the read models show it.
        receipt = httpx.post(
            f"{second.url}/incidents/{incident}/figures",
            headers=reporter,
            json=figure(99),
            timeout=30,
        ).json()
        assert (
            httpx.get(f"{first.url}/incidents/{incident}").json()["version"] == receipt["version"]
        )
    finally:
        if worker.poll() is None:
            worker.kill()
        stop(first)
        stop(second)
    assert_read_models_match_the_log(database_url)
