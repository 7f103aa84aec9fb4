"""A SIGKILL of the server under load loses no acknowledged entry, and after a restart
the read models agree with the log: no gap, no double."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.support.client import full_history, open_incident
from tests.support.processes import create_token, start_server, stop

pytestmark = pytest.mark.slow
KYIV = {"name": "Kyiv Independent"}


def test_a_killed_server_keeps_every_acknowledged_entry(database_url: str, tmp_path: Path) -> None:
    reporter = create_token(database_url, "wire", "reporter")
    server = start_server(database_url, tmp_path / "first.log", write_rate="0")
    incidents = []
    with httpx.Client(base_url=server.url, timeout=30) as http:
        for title in ("Crocus City Hall attack", "Second incident"):
            incidents.append(open_incident(http, reporter, title=title))
    acknowledged: list[dict[str, Any]] = []
    lock = threading.Lock()
    stopping = threading.Event()

    def write(writer: int) -> None:
        with httpx.Client(base_url=server.url, timeout=10) as client:
            n = 0
            while not stopping.is_set():
                n += 1
                incident = incidents[n % 2]
                value = writer * 100_000 + n
                try:
                    response = client.post(
                        f"/incidents/{incident}/figures",
                        headers=reporter,
                        json={
                            "category": "killed",
                            "text": str(value),
                            "as_of": "2024-03-23T12:00:00+03:00",
                            "source": KYIV,
                        },
                    )
                except httpx.HTTPError:
                    return  # the server is gone
                assert response.status_code == 201, response.text
                with lock:
                    acknowledged.append({**response.json(), "value": value})

    writers = [threading.Thread(target=write, args=(w,)) for w in range(6)]
    for thread in writers:
        thread.start()
    time.sleep(2.0)
    os.kill(server.process.pid, signal.SIGKILL)
    server.process.wait(10)
    stopping.set()
    for thread in writers:
        thread.join(30)
    assert len(acknowledged) > 20, "the load did not get going before the kill"

    restarted = start_server(database_url, tmp_path / "second.log", write_rate="0")
    try:
        with httpx.Client(base_url=restarted.url, timeout=30) as http:
            for incident in incidents:
                history = full_history(http, incident)
                numbers = [e["entry"] for e in history]
                assert numbers == list(range(1, len(history) + 1))
                by_entry = {e["entry"]: e["data"]["value"] for e in history[1:]}
                mine = [a for a in acknowledged if a["incident_id"] == incident]
                for receipt in mine:
                    assert by_entry[receipt["entry"]] == receipt["value"]
                view = http.get(f"/incidents/{incident}").json()
                assert view["version"] == len(history)
                series = http.get(f"/incidents/{incident}/figures").json()["series"]
                assert sorted(s["entry"] for s in series) == sorted(by_entry)
                assert len({s["entry"] for s in series}) == len(series)
                listed = {i["id"]: i for i in http.get("/incidents").json()["items"]}
                assert listed[incident]["version"] == len(history)
    finally:
        stop(restarted)
