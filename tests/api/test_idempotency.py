"""Idempotency-Key on every POST: a repeat answers the original and writes nothing."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.access import Role
from tests.conftest import WRITE_PATHS, Live
from tests.support.processes import create_token, start_server, stop


@pytest.fixture(params=WRITE_PATHS)
def write_path(request: pytest.FixtureRequest) -> str:
    """These tests are about writes: each runs with the writer in a thread and in a
    process of its own."""
    path: str = request.param
    return path


KYIV = {"name": "Kyiv Independent"}
OPENING = {
    "title": "Crocus City Hall attack",
    "occurred_at": "2024-03-22T19:58:00+03:00",
    "location": {"name": "Krasnogorsk"},
    "source": KYIV,
}
FIGURE = {
    "category": "killed",
    "text": "at least 40",
    "as_of": "2024-03-22T21:00:00+03:00",
    "source": KYIV,
}


def with_key(headers: dict[str, str], key: str) -> dict[str, str]:
    return {**headers, "Idempotency-Key": key}


def entries(http: httpx.Client, incident: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = http.get(f"/incidents/{incident}/history").json()["entries"]
    return found


def test_a_repeated_figure_answers_the_original_receipt_and_writes_nothing(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = http.post("/incidents", json=OPENING, headers=reporter).json()["id"]
    path = f"/incidents/{incident}/figures"
    first = http.post(path, json=FIGURE, headers=with_key(reporter, "fig-1"))
    again = http.post(path, json=FIGURE, headers=with_key(reporter, "fig-1"))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["etag"] == first.headers["etag"]
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert len(entries(http, incident)) == 2


def test_the_same_json_spelt_differently_is_the_same_request(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = http.post("/incidents", json=OPENING, headers=reporter).json()["id"]
    path = f"/incidents/{incident}/figures"
    headers = {**with_key(reporter, "k"), "Content-Type": "application/json"}
    first = http.post(
        path,
        content=b'{"category":"killed","text":"40","as_of":'
        b'"2024-03-22T21:00:00Z","source":{"name":"TASS"}}',
        headers=headers,
    )
    again = http.post(
        path,
        content=b'{ "source": {"name": "TASS"}, "as_of": '
        b'"2024-03-22T21:00:00Z", "text": "40", "category": "killed" }',
        headers=headers,
    )
    assert again.json() == first.json()
    assert len(entries(http, incident)) == 2


def test_the_same_key_with_another_body_is_422_and_writes_nothing(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = http.post("/incidents", json=OPENING, headers=reporter).json()["id"]
    path = f"/incidents/{incident}/figures"
    assert http.post(path, json=FIGURE, headers=with_key(reporter, "k")).status_code == 201
    other = http.post(path, json={**FIGURE, "text": "at least 60"}, headers=with_key(reporter, "k"))
    assert other.status_code == 422
    assert other.headers["content-type"] == "application/problem+json"
    assert other.json()["type"].endswith("idempotency-key-reused")
    elsewhere = http.post(
        f"/incidents/{incident}/statements",
        headers=with_key(reporter, "k"),
        json={
            "speaker": "x",
            "statement": "y",
            "stated_at": "2024-03-22T21:00:00Z",
            "source": KYIV,
        },
    )
    assert elsewhere.status_code == 422
    assert len(entries(http, incident)) == 2


def test_keys_are_scoped_to_the_token(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    other = live.token("reporter-2", Role.REPORTER)
    incident = http.post("/incidents", json=OPENING, headers=reporter).json()["id"]
    path = f"/incidents/{incident}/figures"
    mine = http.post(path, json=FIGURE, headers=with_key(reporter, "shared"))
    theirs = http.post(path, json=FIGURE, headers=with_key(other, "shared"))
    assert mine.status_code == theirs.status_code == 201
    assert theirs.json()["entry"] == mine.json()["entry"] + 1
    assert "idempotent-replayed" not in theirs.headers


def test_a_repeated_opening_answers_the_same_incident(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    first = http.post("/incidents", json=OPENING, headers=with_key(reporter, "open-1"))
    again = http.post("/incidents", json=OPENING, headers=with_key(reporter, "open-1"))
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert again.headers["location"] == first.headers["location"]
    assert len(http.get("/incidents").json()["items"]) == 1


def test_a_replay_ignores_a_stale_if_match_that_held_the_first_time(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = http.post("/incidents", json=OPENING, headers=reporter).json()["id"]
    path = f"/incidents/{incident}/figures"
    headers = {**with_key(reporter, "cond"), "If-Match": '"1"'}
    first = http.post(path, json=FIGURE, headers=headers)
    again = http.post(path, json=FIGURE, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    stale = http.post(path, json=FIGURE, headers={**reporter, "If-Match": '"1"'})
    assert stale.status_code == 412


def test_concurrent_twins_write_once_and_all_answer_the_same_receipt(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = http.post("/incidents", json=OPENING, headers=reporter).json()["id"]
    barrier = threading.Barrier(8)

    def post(_: int) -> httpx.Response:
        with httpx.Client(base_url=live.url, timeout=30) as client:
            barrier.wait()
            return client.post(
                f"/incidents/{incident}/figures", json=FIGURE, headers=with_key(reporter, "twin")
            )

    with ThreadPoolExecutor(8) as pool:
        responses = list(pool.map(post, range(8)))
    assert [r.status_code for r in responses] == [201] * 8
    assert len({r.json()["entry"] for r in responses}) == 1
    assert sum(1 for r in responses if "idempotent-replayed" not in r.headers) == 1
    assert len(entries(http, incident)) == 2


@pytest.mark.parametrize("key", ["", "a" * 256, 'in "quotes" inside', "with space"])
def test_a_malformed_key_is_400(http: httpx.Client, reporter: dict[str, str], key: str) -> None:
    response = http.post("/incidents", json=OPENING, headers=with_key(reporter, key))
    assert response.status_code == 400
    assert response.headers["content-type"] == "application/problem+json"
    assert http.get("/incidents").json()["items"] == []


@pytest.mark.slow
def test_keys_survive_a_restart(database_url: str, tmp_path: Path) -> None:
    reporter = create_token(database_url, "wire", "reporter")
    server = start_server(database_url, tmp_path / "first.log")
    try:
        first = httpx.post(
            f"{server.url}/incidents",
            json=OPENING,
            headers=with_key(reporter, "across-restarts"),
            timeout=30,
        )
    finally:
        stop(server)
    server = start_server(database_url, tmp_path / "second.log")
    try:
        again = httpx.post(
            f"{server.url}/incidents",
            json=OPENING,
            headers=with_key(reporter, "across-restarts"),
            timeout=30,
        )
        assert again.status_code == 201
        assert again.json() == first.json()
        assert again.headers["idempotent-replayed"] == "true"
        assert len(httpx.get(f"{server.url}/incidents").json()["items"]) == 1
    finally:
        stop(server)
