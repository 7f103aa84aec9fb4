"""Writes carried out in a process of their own (the served default): the same answers
as in a thread, and a writer process that ends is replaced."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from api.access import Role
from api.settings import Settings
from api.writing.process import ProcessWriter
from tests.conftest import Live, serving
from tests.support.client import FIGURE, full_history, open_incident


@pytest.fixture
def live(settings: Settings) -> Iterator[Live]:
    """The app served with its writer process."""
    with serving(settings.model_copy(update={"writer_process": True})) as server:
        assert isinstance(server.parts.writer, ProcessWriter)
        yield server


def writer_pid(live: Live) -> int:
    """The process id of the live server's writer process."""
    writer = live.parts.writer
    assert isinstance(writer, ProcessWriter) and writer._process is not None
    pid: int = writer._process.pid
    return pid


def test_writes_and_refusals_answer_as_in_a_thread(
    live: Live, http: httpx.Client, editor: dict[str, str]
) -> None:
    incident = open_incident(http, editor)
    posted = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=editor)
    assert posted.status_code == 201 and posted.json()["entry"] == 2
    assert http.get(f"/incidents/{incident}").json()["version"] == 2  # read your write
    stale = http.post(
        f"/incidents/{incident}/figures", json=FIGURE, headers={**editor, "If-Match": '"1"'}
    )
    assert stale.status_code == 412 and stale.headers["etag"] == '"2"'
    assert stale.json()["current_version"] == 2
    unreadable = http.post(
        f"/incidents/{incident}/figures", json={**FIGURE, "text": "a lot"}, headers=editor
    )
    assert unreadable.status_code == 422 and unreadable.json()["text"] == "a lot"
    retracted = http.post(
        f"/incidents/{incident}/retractions", json={"entry": 9, "reason": "no"}, headers=editor
    )
    assert retracted.status_code == 422
    missing = http.post(
        "/incidents/00000000-0000-4000-8000-000000000000/figures", json=FIGURE, headers=editor
    )
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"
    keyed = {**editor, "Idempotency-Key": "once"}
    first = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=keyed)
    again = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=keyed)
    assert again.headers["idempotent-replayed"] == "true" and again.json() == first.json()
    other = http.post(
        f"/incidents/{incident}/figures", json={**FIGURE, "text": "41"}, headers=keyed
    )
    assert other.status_code == 422
    assert [e["entry"] for e in full_history(http, incident)] == [1, 2, 3]


def test_concurrent_writers_each_get_their_entry(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)

    def post(n: int) -> int:
        body = {**FIGURE, "text": str(n)}
        response = http.post(f"/incidents/{incident}/figures", json=body, headers=reporter)
        assert response.status_code == 201, response.text
        entry: int = response.json()["entry"]
        return entry

    with ThreadPoolExecutor(8) as pool:
        entries = list(pool.map(post, range(80)))
    assert sorted(entries) == list(range(2, 82))
    texts = {e["data"]["text"] for e in full_history(http, incident)[1:]}
    assert texts == {str(n) for n in range(80)}


def test_a_writer_process_that_ends_is_replaced(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    ended = writer_pid(live)
    os.kill(ended, signal.SIGKILL)
    deadline = time.monotonic() + 10
    answers = []
    while time.monotonic() < deadline:  # a write may meet the ending process: a 503
        answer = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter)
        answers.append(answer.status_code)
        if answer.status_code == 201:
            break
    assert answers[-1] == 201 and set(answers) <= {201, 503}
    assert writer_pid(live) != ended
    assert http.get(f"/incidents/{incident}").json()["version"] == 2


def test_the_writer_process_ends_with_the_server(settings: Settings) -> None:
    with serving(settings.model_copy(update={"writer_process": True})) as live:
        pid = writer_pid(live)
        with httpx.Client(base_url=live.url, timeout=30) as http:
            open_incident(http, live.token("wire", Role.REPORTER))
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return
        time.sleep(0.05)
    pytest.fail("the writer process outlived its server")
