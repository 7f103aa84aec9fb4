"""Real reporting timelines posted over HTTP, then read back entry by entry.

Every version of the incident is read three ways (?version=N, ?known_at= the
entry's recorded time, and known_at a microsecond earlier) and compared with an
independent fold of the history; so is the figure series at every known_at.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import httpx
import pytest

from tests.support.client import full_history
from tests.support.oracle import (
    expected_series,
    expected_view,
    instant,
    observed_series,
    observed_view,
)
from tests.support.timelines import Step, random_timeline


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
            headers = editor if route in ("revisions", "retractions") else reporter
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
    current = http.get(f"/incidents/{incident}").json()
    assert observed_view(current) == expected_view(history, len(history))


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
