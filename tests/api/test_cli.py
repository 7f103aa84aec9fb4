"""The `incidents` command, run as real processes: tokens, serve, rebuild, demo."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import httpx
import pytest

from tests.support.client import open_incident
from tests.support.processes import (
    INCIDENTS,
    create_token,
    environment,
    free_port,
    run,
    served,
    wait_healthy,
)

pytestmark = pytest.mark.slow
KYIV = {"name": "Kyiv Independent"}


def test_tokens_are_created_listed_and_revoked(database_url: str) -> None:
    created = run(database_url, "tokens", "create", "night-desk", "--role", "editor").stdout
    token = created.strip().splitlines()[-1]
    assert token.startswith("inc_") and len(token) > 40
    listing = run(database_url, "tokens", "list").stdout
    assert "night-desk" in listing and "editor" in listing
    assert token not in listing
    again = run(database_url, "tokens", "create", "night-desk", "--role", "reader", check=False)
    assert again.returncode == 2 and "never reused" in again.stderr
    run(database_url, "tokens", "revoke", "night-desk")
    assert "night-desk" in run(database_url, "tokens", "list").stdout
    twice = run(database_url, "tokens", "revoke", "night-desk", check=False)
    assert twice.returncode == 2 and "already revoked" in twice.stderr
    bad_role = run(database_url, "tokens", "create", "x", "--role", "god", check=False)
    assert bad_role.returncode == 2


def test_the_admin_log_names_who_created_and_revoked_each_token(database_url: str) -> None:
    run(database_url, "tokens", "create", "night-desk", "--role", "editor", "--by", "alice")
    run(database_url, "tokens", "revoke", "night-desk", "--by", "bob")

    log = run(database_url, "tokens", "log").stdout.splitlines()

    assert [line.split()[2:] for line in log[1:]] == [
        ["create", "night-desk", "editor", "alice"],
        ["revoke", "night-desk", "editor", "bob"],
    ]


def test_the_server_takes_tokens_made_and_revoked_while_it_runs(database_url: str) -> None:
    with served(database_url) as server:
        url = server.url
        reporter = create_token(database_url, "wire", "reporter")
        with httpx.Client(base_url=url, timeout=30) as http:
            incident = open_incident(http, reporter)
            history = http.get(f"/incidents/{incident}/history").json()["entries"]
            assert history[0]["reported_by"] == "wire"
            run(database_url, "tokens", "revoke", "wire")
            refused = http.post(
                f"/incidents/{incident}/figures",
                headers=reporter,
                json={
                    "category": "killed",
                    "text": "40",
                    "as_of": "2024-03-22T21:00:00Z",
                    "source": KYIV,
                },
            )
            assert refused.status_code == 401


def test_rebuild_shows_progress_and_changes_no_answer(database_url: str) -> None:
    with served(database_url) as server:
        url = server.url
        reporter = create_token(database_url, "wire", "reporter")
        with httpx.Client(base_url=url, timeout=30) as http:
            incident = open_incident(http, reporter)
            for n in range(30):
                http.post(
                    f"/incidents/{incident}/figures",
                    headers=reporter,
                    json={
                        "category": "killed",
                        "text": f"at least {40 + n}",
                        "as_of": f"2024-03-2{2 + n % 5}T21:00:00Z",
                        "source": KYIV,
                    },
                )
            before = [
                http.get(f"/incidents/{incident}", params={"version": v}).json()
                for v in range(1, 32)
            ]
            series = http.get(f"/incidents/{incident}/figures").json()
    rebuilt = run(database_url, "rebuild")
    assert "rebuild" in rebuilt.stderr and "31/31" in rebuilt.stderr.replace(",", "")
    assert "rebuilt the read models from 31 events" in rebuilt.stderr
    with served(database_url) as server, httpx.Client(base_url=server.url, timeout=30) as http:
        after = [
            http.get(f"/incidents/{incident}", params={"version": v}).json() for v in range(1, 32)
        ]
        assert after == before
        assert http.get(f"/incidents/{incident}/figures").json() == series


def test_demo_serves_the_crocus_incident_with_an_editor_token(tmp_path: Path) -> None:
    port = free_port()
    database = tmp_path / "demo.db"
    process = subprocess.Popen(
        [INCIDENTS, "demo", "--port", str(port), "--database", str(database)],
        env=environment("sqlite:///unused.db"),
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline().strip() for _ in range(6)]
        url, token = f"http://127.0.0.1:{port}", lines[-1]
        assert any(url in line for line in lines)
        assert any(f"{url}/ui/incidents/" in line for line in lines)  # its page
        wait_healthy(url, process)
        with httpx.Client(base_url=url, timeout=30) as http:
            items = http.get("/incidents").json()["items"]
            assert [i["title"] for i in items] == ["Crocus City Hall attack"]
            view = http.get(f"/incidents/{items[0]['id']}").json()
            assert view["figures"]["killed"]["text"] == "at least 40"
            assert view["figures"]["injured"]["low"] == 101
            assert {(a["party"], a["stance"]) for a in view["attributions"]} == {
                ("Islamic State", "claims"),
                ("Islamic State", "confirms"),
                ("Russian special services", "alleges"),
                ("Ukraine", "denies"),
            }
            assert {s["speaker"] for s in view["statements"]} == {
                "U.S. Embassy in Russia",
                "Vladimir Putin",
            }
            retract = http.post(
                f"/incidents/{view['id']}/retractions",
                headers={"Authorization": f"Bearer {token}"},
                json={"entry": 2, "reason": "checking the demo token"},
            )
            assert retract.status_code == 201
    finally:
        process.terminate()
        process.wait(15)
        if process.stdout is not None:
            process.stdout.close()
    again = subprocess.run(
        [INCIDENTS, "demo", "--port", str(port), "--database", str(database)],
        env=environment("sqlite:///unused.db"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert again.returncode == 2 and "fresh database" in again.stderr


def test_serve_stops_cleanly_on_sigterm(database_url: str) -> None:
    with served(database_url) as server:
        server.process.terminate()
        assert server.process.wait(15) in (0, -signal.SIGTERM)  # uvicorn re-raises the signal
        assert "Traceback" not in server.output()
        assert "Application shutdown complete" in server.output()
