"""Real reporting timelines posted over HTTP, then read back entry by entry.

Every version of the incident is read three ways (?version=N, ?known_at= the
entry's recorded time, and known_at a microsecond earlier) and compared with an
independent fold of the history; so is the figure series at every known_at; and
at every version, the view and series as reported at moments around the figures'
as_of (?as_of=, alone and with ?version= and ?known_at=).
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest

from tests.conftest import WRITE_PATHS
from tests.support.client import full_history
from tests.support.oracle import (
    expected_series,
    expected_view,
    instant,
    observed_series,
    observed_view,
)
from tests.support.timelines import EDITORIAL, START, Step, random_timeline


@pytest.fixture(params=WRITE_PATHS)
def write_path(request: pytest.FixtureRequest) -> str:
    """These tests are about writes: each runs with the writer in a thread and in a
    process of its own."""
    path: str = request.param
    return path


def post_timeline(
    http: httpx.Client, steps: list[Step], reporter: dict[str, str], editor: dict[str, str]
) -> str:
    """Post every step, checking each status; returns the incident id."""
    incident = ""
    for route, body, status in steps:
        if route == "open":
            response = http.post("/incidents", json=body, headers=reporter)
            incident = response.json().get("id", "")
        else:
            headers = editor if route in EDITORIAL else reporter
            response = http.post(f"/incidents/{incident}/{route}", json=body, headers=headers)
        assert response.status_code == status, (route, body, response.text)
    return incident


def known_at(moment: Any) -> str:
    return moment.isoformat() if not isinstance(moment, str) else moment


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_every_version_reads_as_the_history_says(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str], seed: int
) -> None:
    steps = random_timeline(seed, length=40)
    incident = post_timeline(http, steps, reporter, editor)
    history = full_history(http, incident, page=7)
    assert [e["entry"] for e in history] == list(range(1, len(history) + 1))
    assert len(history) == sum(1 for *_, status in steps if status == 201)
    for entry in history:
        version = entry["entry"]
        expected = expected_view(history, version)
        by_version = http.get(f"/incidents/{incident}", params={"version": version})
        assert by_version.status_code == 200
        assert by_version.headers["etag"] == f'"{version}"'
        assert observed_view(by_version.json()) == expected, f"version {version}"
        recorded = instant(entry["recorded_at"])
        by_time = http.get(f"/incidents/{incident}", params={"known_at": known_at(recorded)})
        assert observed_view(by_time.json()) == expected, f"known_at entry {version}"
        before = http.get(
            f"/incidents/{incident}",
            params={"known_at": known_at(recorded - timedelta(microseconds=1))},
        )
        if version == 1:
            assert before.status_code == 404
        else:
            assert before.json()["version"] == version - 1
        series = http.get(f"/incidents/{incident}/figures", params={"known_at": known_at(recorded)})
        assert observed_series(series.json()["series"]) == expected_series(history, version)
        for moment in reported_moments(history, version, seed):
            check_as_reported(http, incident, history, version, recorded, moment)
    current = http.get(f"/incidents/{incident}").json()
    assert observed_view(current) == expected_view(history, len(history))


def reported_moments(history: list[dict[str, Any]], version: int, seed: int) -> list[datetime]:
    """Moments to read the record as reported at: a figure's as_of, a microsecond before
    it, and before anything was reported."""
    as_ofs = sorted(
        instant(e["data"]["as_of"]) for e in history[:version] if e["type"] == "FigureReported"
    )
    if not as_ofs:
        return [START - timedelta(days=30)]
    pick = as_ofs[(version * seed) % len(as_ofs)]
    return [pick, pick - timedelta(microseconds=1), START - timedelta(days=30)]


def check_as_reported(
    http: httpx.Client,
    incident: str,
    history: list[dict[str, Any]],
    version: int,
    recorded: datetime,
    moment: datetime,
) -> None:
    """The view and series at `version` as reported at `moment`, asked by version and by
    known_at, agree with the oracle."""
    expected = expected_view(history, version, as_of=moment)
    for params in ({"version": version}, {"known_at": known_at(recorded)}):
        asked = {**params, "as_of": moment.isoformat()}
        view = http.get(f"/incidents/{incident}", params=asked)
        assert view.status_code == 200, view.text
        assert instant(view.json()["as_of"]) == moment
        assert observed_view(view.json()) == expected, (version, asked)
    series = http.get(
        f"/incidents/{incident}/figures",
        params={"known_at": known_at(recorded), "as_of": moment.isoformat()},
    )
    assert observed_series(series.json()["series"]) == expected_series(history, version, moment)


def test_a_figure_backfilled_to_an_earlier_as_of_does_not_become_current(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    opened = http.post(
        "/incidents",
        json={
            "title": "Backfill",
            "occurred_at": "2024-03-22T19:58:00+03:00",
            "location": {"name": "Krasnogorsk"},
            "source": {"name": "TASS"},
        },
        headers=reporter,
    ).json()
    path = f"/incidents/{opened['id']}/figures"
    for text, as_of in [
        ("93", "2024-03-23T12:00:00+03:00"),
        ("at least 40", "2024-03-22T21:00:00+03:00"),
    ]:
        response = http.post(
            path,
            json={"category": "killed", "text": text, "as_of": as_of, "source": {"name": "TASS"}},
            headers=reporter,
        )
        assert response.status_code == 201
    view = http.get(f"/incidents/{opened['id']}").json()
    assert view["figures"]["killed"]["text"] == "93"
    assert view["version"] == 3
    series = http.get(path).json()["series"]
    assert [item["text"] for item in series] == ["at least 40", "93"]
