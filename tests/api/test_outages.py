"""Outages: the store goes away and comes back while clients read and write.

On a PostgreSQL cluster of the test's own (`tests.support.cluster`; never the
server the rest of the suite shares), stopped for ten seconds under a loop of
marked writes and reads: no request waits past its deadline plus the margin,
every answer is a 2xx, a 503 or a 429, the log holds every write answered 2xx
and none refused (a write whose answer says it cannot tell, its COMMIT cut by the
stop, may be either: `tests/api/test_commits_in_doubt.py`), and reads and writes
succeed again within seconds of the server's return, without a restart. Both write
paths: two `incidents serve` processes (the writer process) with an `incidents
project` worker, and a server in a thread of the test (the group writer in a
thread). Then processes started while the server is down, and a SQLite file that
cannot be written for a while.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from api.access import Role
from api.settings import Settings
from api.storage.deadlines import MARGIN
from api.writing.answers import IN_DOUBT, NOT_ANSWERED
from tests.conftest import serving
from tests.support.client import open_incident
from tests.support.cluster import Cluster, new_database, throwaway_cluster
from tests.support.processes import (
    INCIDENTS,
    create_token,
    environment,
    key_file_for,
    launch_server,
    start_server,
    start_worker,
    stop,
    wait_healthy,
)
from tests.support.traffic import Answer, Traffic, logged_markers, summary

pytestmark = pytest.mark.slow
STORE_TIMEOUT = 2.0  # the default
SLACK = 0.75  # the client's own share of a request's time, on a busy two-core machine
LATEST = STORE_TIMEOUT + MARGIN + SLACK  # no answer may take longer
OUTAGE = 10.0
RECOVERY = 5.0  # seconds after the server's return by which everything succeeds again
SETTINGS = {"projector_interval": "0.3", "write_rate": "0"}


@pytest.fixture
def cluster() -> Iterator[Cluster]:
    with throwaway_cluster() as made:
        yield made


@dataclass(frozen=True)
class Outage:
    """When the server was stopped, when it was being started again, and when it was up."""

    down: float
    starting: float
    up: float


def through_an_outage(cluster: Cluster, traffic: Traffic) -> tuple[list[Answer], Outage]:
    """Run the traffic across a stop of OUTAGE seconds; the answers, and the outage."""
    traffic.start()
    time.sleep(3)
    down = time.monotonic()
    cluster.stop()
    time.sleep(OUTAGE)
    starting = time.monotonic()  # (it takes connections a little before pg_ctl returns)
    cluster.start()
    up = time.monotonic()
    time.sleep(RECOVERY + 4)
    return traffic.stop(), Outage(down, starting, up)


def check_the_answers(answers: list[Answer], outage: Outage) -> None:
    """Every answer in time and of an allowed status; 503s during the outage; nothing
    but success once the server has been back for RECOVERY seconds."""
    about = summary(answers)
    assert answers, "no requests were made"
    assert {a.status for a in answers} <= {200, 201, 429, 503}, about
    late = [a for a in answers if a.seconds > LATEST]
    assert late == [], f"{len(late)} answers took longer than {LATEST} s: {about}"
    # Asked once the server was gone, answered before it came back: none can succeed.
    in_outage = [
        a
        for a in answers
        if outage.down + 0.5 < a.asked_at < a.asked_at + a.seconds < outage.starting
    ]
    served = [a for a in in_outage if a.status != 503]
    assert in_outage and served == [], f"answered without a store: {served[:3]}"
    assert not any("Traceback" in a.detail for a in answers)
    up = outage.up
    recovered = [a for a in answers if a.asked_at > up + RECOVERY]
    assert recovered and all(a.status in (200, 201) for a in recovered), about
    writes_back = [a for a in answers if a.kind == "write" and a.asked_at > up and a.status == 201]
    assert writes_back and min(a.asked_at for a in writes_back) < up + RECOVERY, about


def check_the_log(database_url: str, answers: list[Answer]) -> None:
    """The log holds every write answered 2xx, none of those refused, and of those
    whose answer says it cannot tell (the store went away as they committed: "may have
    been recorded", or the writer's answer came too late: "most likely not made"), any."""
    writes = [a for a in answers if a.kind == "write"]
    answered = {a.marker for a in writes if a.status == 201}
    in_doubt = {
        a.marker
        for a in writes
        if a.status == 503 and (IN_DOUBT in a.detail or NOT_ANSWERED in a.detail)
    }
    refused = {a.marker for a in writes if a.status != 201} - in_doubt
    logged = logged_markers(database_url)
    assert answered - logged == set(), "writes answered 201 are missing from the log"
    committed = [a for a in writes if a.marker in logged & refused]
    assert committed == [], f"writes answered 503 were committed: {committed}"
    assert logged <= answered | in_doubt


def test_two_servers_and_a_worker_ride_out_a_ten_second_outage(
    cluster: Cluster, tmp_path: Path
) -> None:
    url = new_database(cluster)
    settings = {**SETTINGS, "run_projections": "false"}
    worker = start_worker(url, tmp_path / "worker.log")
    servers = [start_server(url, tmp_path / f"{n}.log", **settings) for n in "ab"]
    try:
        headers = create_token(url, "outage-desk", "reporter")
        with httpx.Client(base_url=servers[0].url, timeout=30) as http:
            incident = open_incident(http, headers)
        traffic = Traffic([s.url for s in servers], incident, headers)
        answers, outage = through_an_outage(cluster, traffic)
        check_the_answers(answers, outage)
        check_the_log(url, answers)
        for server in servers:
            assert server.process.poll() is None, server.output()
        assert worker.poll() is None
    finally:
        for server in servers:
            stop(server)
        worker.terminate()
        worker.wait(15)
    for log in tmp_path.glob("*.log"):
        assert "Traceback" not in log.read_text(), log.read_text()


def test_a_server_writing_in_a_thread_rides_out_a_ten_second_outage(cluster: Cluster) -> None:
    url = new_database(cluster)
    settings = Settings(
        database_url=url,
        projector_interval=0.3,
        write_rate=0,
        writer_process=False,
        signing_key_file=key_file_for(url),
    )
    with serving(settings) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        headers = live.token("outage-desk", Role.REPORTER)
        incident = open_incident(http, headers)
        answers, outage = through_an_outage(cluster, Traffic([live.url], incident, headers))
    check_the_answers(answers, outage)
    check_the_log(url, answers)


def test_serve_project_and_mirror_started_while_the_server_is_down_wait_for_it(
    cluster: Cluster, tmp_path: Path
) -> None:
    url = new_database(cluster, password="s3cret-word")
    mirror_url = new_database(cluster)
    cluster.stop()
    worker_log, mirror_log = tmp_path / "worker.log", tmp_path / "mirror.log"
    with worker_log.open("w") as sink:
        worker = subprocess.Popen(
            [INCIDENTS, "project"],
            env=environment(url),
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    server = launch_server(url, tmp_path / "server.log", **SETTINGS, run_projections="false")
    with mirror_log.open("w") as sink:
        mirror = subprocess.Popen(
            [INCIDENTS, "mirror", server.url, "--interval", "0.5"],
            env=environment(mirror_url),
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    try:
        asked = time.monotonic()
        assert _status_soon(f"{server.url}/healthz") == 503  # bound at once, not healthy
        assert time.monotonic() - asked < 10
        time.sleep(3)
        assert server.process.poll() is None and worker.poll() is None and mirror.poll() is None
        assert "waiting for the database" in server.output()
        assert "waiting for the database" in worker_log.read_text()
        assert "waiting for the database" in mirror_log.read_text()

        cluster.start()
        back = time.monotonic()
        wait_healthy(server.url, server.process, seconds=15)
        assert time.monotonic() - back < 10
        headers = create_token(url, "late-desk", "reporter")
        with httpx.Client(base_url=server.url, timeout=30) as http:
            incident = open_incident(http, headers)
            response = http.post(
                f"/incidents/{incident}/statements",
                json={"speaker": "Desk", "statement": "after the wait",
                      "stated_at": "2024-03-22T21:00:00+03:00", "source": {"name": "Desk"}},
                headers=headers,
            )  # fmt: skip
            assert response.status_code == 201, response.text
        deadline = time.monotonic() + 15
        while "caught up" not in worker_log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "caught up" in worker_log.read_text(), worker_log.read_text()
        while "at 2 leaves" not in mirror_log.read_text() and time.monotonic() < deadline:
            time.sleep(0.1)  # the opening and the statement
        assert "at 2 leaves" in mirror_log.read_text(), mirror_log.read_text()
    finally:
        stop(server)
        for process in (worker, mirror):
            process.terminate()
            process.wait(15)
    assert mirror.returncode == 0, mirror_log.read_text()
    for output in (server.output(), worker_log.read_text(), mirror_log.read_text()):
        assert "Traceback" not in output, output
        assert "s3cret-word" not in output
    port = f"postgresql://postgres@127.0.0.1:{cluster.port}/"
    serve_lines = [
        line for line in server.output().splitlines() if "incidents serve: store" in line
    ]
    assert len(serve_lines) == 1 and port in serve_lines[0], server.output()
    assert "projections: left to `incidents project`" in serve_lines[0]
    assert "signing key " in serve_lines[0] and "log origin incident-record/" in serve_lines[0]
    worker_lines = worker_log.read_text().splitlines()
    project_lines = [line for line in worker_lines if "incidents project: store" in line]
    assert len(project_lines) == 1 and port in project_lines[0]
    mirror_lines = [line for line in mirror_log.read_text().splitlines() if ": store " in line]
    assert len(mirror_lines) == 1 and f"incidents mirror {server.url}" in mirror_lines[0]


def test_a_sqlite_file_that_cannot_be_written_for_a_while(tmp_path: Path) -> None:
    """Made immutable (`chattr +i`), since permissions stop neither root nor a process that
    has the file open; its -shm file is left alone (it is mapped into memory: a write
    refused there would be a SIGBUS, not an error)."""
    path = tmp_path / "incidents.db"
    url = f"sqlite:///{path}"
    server = start_server(url, tmp_path / "server.log", **SETTINGS)
    locked = [path, path.with_name(path.name + "-wal")]
    try:
        headers = create_token(url, "outage-desk", "reporter")
        with httpx.Client(base_url=server.url, timeout=30) as http:
            incident = open_incident(http, headers)
        traffic = Traffic([server.url], incident, headers).start()
        time.sleep(2)
        if subprocess.run(["chattr", "+i", *map(str, locked)], check=False).returncode != 0:
            traffic.stop()
            pytest.skip("chattr +i is not allowed here (it needs root)")
        down = time.monotonic()
        time.sleep(5)
        lifting = time.monotonic()  # the files may be writable before `chattr -i` returns
        subprocess.run(["chattr", "-i", *map(str, locked)], check=True)
        up = time.monotonic()
        time.sleep(RECOVERY + 2)
        answers = traffic.stop()
    finally:
        subprocess.run(["chattr", "-i", *map(str, locked)], check=False, capture_output=True)
        stop(server)
    about = summary(answers)
    assert {a.status for a in answers} <= {200, 201, 429, 503}, about
    assert [a for a in answers if a.seconds > LATEST] == [], about
    writes_down = [
        a for a in answers if a.kind == "write" and down + 0.5 < a.asked_at < lifting - a.seconds
    ]
    written = [(round(a.asked_at - down, 2), a.seconds) for a in writes_down if a.status != 503]
    assert writes_down and not written, f"{about}; written while down (s after, took): {written}"
    recovered = [a for a in answers if a.asked_at > up + RECOVERY]
    assert recovered and all(a.status in (200, 201) for a in recovered), about
    check_the_log(url, answers)
    assert "Traceback" not in server.output(), server.output()


def _status_soon(url: str, seconds: float = 10) -> int:
    """The status of the first answer from `url`, tried until it answers."""
    deadline = time.monotonic() + seconds
    while True:
        try:
            return httpx.get(url, timeout=5).status_code
        except httpx.HTTPError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)
