"""Writers racing over HTTP: every entry kept, numbered contiguously, no 5xx."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from tests.conftest import WRITE_PATHS, Live
from tests.support.client import open_incident


@pytest.fixture(params=WRITE_PATHS)
def write_path(request: pytest.FixtureRequest) -> str:
    """These tests are about writes: each runs with the writer in a thread and in a
    process of its own."""
    path: str = request.param
    return path


KYIV = {"name": "Kyiv Independent"}


def test_parallel_writers_keep_every_entry_in_contiguous_order(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    writers, each = 8, 40

    def write(writer: int) -> list[int]:
        statuses = []
        with httpx.Client(base_url=live.url, timeout=60) as client:
            for n in range(each):
                response = client.post(
                    f"/incidents/{incident}/figures",
                    headers=reporter,
                    json={
                        "category": "killed",
                        "text": f"{writer * 1000 + n}",
                        "as_of": "2024-03-22T21:00:00+03:00",
                        "source": KYIV,
                    },
                )
                statuses.append(response.status_code)
        return statuses

    with ThreadPoolExecutor(writers) as pool:
        statuses = [s for result in pool.map(write, range(writers)) for s in result]
    assert statuses == [201] * writers * each
    history = http.get(f"/incidents/{incident}/history", params={"limit": 1000}).json()["entries"]
    assert [e["entry"] for e in history] == list(range(1, writers * each + 2))
    values = sorted(e["data"]["value"] for e in history[1:])
    assert values == sorted(w * 1000 + n for w in range(writers) for n in range(each))
    series = http.get(f"/incidents/{incident}/figures").json()["series"]
    assert len(series) == writers * each
    assert http.get(f"/incidents/{incident}").json()["version"] == writers * each + 1


def test_writers_with_the_same_if_match_have_exactly_one_winner(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)

    def write(n: int) -> int:
        with httpx.Client(base_url=live.url, timeout=60) as client:
            return client.post(
                f"/incidents/{incident}/figures",
                headers={**reporter, "If-Match": '"1"'},
                json={
                    "category": "killed",
                    "text": str(n),
                    "as_of": "2024-03-22T21:00:00Z",
                    "source": KYIV,
                },
            ).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = list(pool.map(write, range(8)))
    assert sorted(statuses) == [201] + [412] * 7
    assert http.get(f"/incidents/{incident}").json()["version"] == 2
