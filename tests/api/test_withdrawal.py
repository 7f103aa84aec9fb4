"""Withdrawing an incident opened by mistake: it leaves the list, says so in its view,
refuses every write but a retraction, and comes back when the withdrawal is retracted.
Nothing is deleted."""

from __future__ import annotations

import httpx
import pytest

from tests.conftest import WRITE_PATHS
from tests.support.client import FIGURE, open_incident


@pytest.fixture(params=WRITE_PATHS)
def write_path(request: pytest.FixtureRequest) -> str:
    """Writes are refused alike whichever path carries them out."""
    path: str = request.param
    return path


def listed(http: httpx.Client, **params: str) -> list[str]:
    return [item["id"] for item in http.get("/incidents", params=params).json()["items"]]


def withdraw(http: httpx.Client, editor: dict[str, str], incident: str, **body: str) -> int:
    response = http.post(
        f"/incidents/{incident}/withdrawal",
        json={"reason": "opened twice by mistake", **body},
        headers=editor,
    )
    assert response.status_code == 201, response.text
    entry: int = response.json()["entry"]
    return entry


def test_a_withdrawn_duplicate_leaves_the_list_and_its_view_says_why(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    original = open_incident(http, reporter)
    duplicate = open_incident(http, reporter)

    entry = withdraw(http, editor, duplicate, duplicate_of=original)

    assert duplicate not in listed(http)
    assert original in listed(http)
    assert duplicate in listed(http, include="withdrawn")
    view = http.get(f"/incidents/{duplicate}").json()
    assert view["withdrawn"]["entry"] == entry
    assert view["withdrawn"]["duplicate_of"] == original
    assert view["withdrawn"]["reason"] == "opened twice by mistake"
    assert http.get(f"/incidents/{original}").json()["withdrawn"] is None
    flagged = http.get("/incidents", params={"include": "withdrawn"}).json()["items"]
    assert {item["id"]: item["withdrawn"] for item in flagged} == {
        original: False,
        duplicate: True,
    }


def test_a_withdrawn_incident_refuses_every_write_but_a_retraction(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    entry = withdraw(http, editor, incident)

    refused = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter)
    assert refused.status_code == 409
    problem = refused.json()
    assert problem["type"] == "urn:incidents:problem:incident-withdrawn"
    assert problem["entry"] == entry
    again = http.post(f"/incidents/{incident}/withdrawal", json={"reason": "x"}, headers=editor)
    assert again.status_code == 409
    assert http.get(f"/incidents/{incident}").json()["version"] == 2

    restored = http.post(
        f"/incidents/{incident}/retractions",
        json={"entry": entry, "reason": "not a duplicate after all"},
        headers=editor,
    )
    assert restored.status_code == 201
    assert incident in listed(http)
    assert http.get(f"/incidents/{incident}").json()["withdrawn"] is None
    assert (
        http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter).status_code
        == 201
    )


def test_the_history_and_verify_of_a_withdrawn_incident_stay_whole(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    withdraw(http, editor, incident)

    history = http.get(f"/incidents/{incident}/history").json()["entries"]
    assert [entry["type"] for entry in history] == ["IncidentOpened", "IncidentWithdrawn"]
    assert http.get(f"/incidents/{incident}/verify").json()["ok"] is True


@pytest.mark.parametrize("target", ["itself", "unknown"])
def test_a_duplicate_of_itself_or_of_an_unknown_incident_is_a_422(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str], target: str
) -> None:
    incident = open_incident(http, reporter)
    other = incident if target == "itself" else "00000000-0000-4000-8000-000000000000"

    response = http.post(
        f"/incidents/{incident}/withdrawal",
        json={"reason": "a duplicate", "duplicate_of": other},
        headers=editor,
    )

    assert response.status_code == 422
    assert "duplicate_of" in response.json()["detail"]
    assert http.get(f"/incidents/{incident}").json()["version"] == 1


def test_withdrawing_needs_an_editor(http: httpx.Client, reporter: dict[str, str]) -> None:
    incident = open_incident(http, reporter)

    response = http.post(
        f"/incidents/{incident}/withdrawal", json={"reason": "mine"}, headers=reporter
    )

    assert response.status_code == 403


def test_the_list_filters_by_country(http: httpx.Client, reporter: dict[str, str]) -> None:
    russia = open_incident(http, reporter, location={"name": "Krasnogorsk", "country_code": "RU"})
    britain = open_incident(http, reporter, location={"name": "Manchester", "country_code": "gb"})

    assert listed(http, country="GB") == [britain]
    assert listed(http, country="ru") == [russia]
    assert http.get("/incidents", params={"country": "GBR"}).status_code == 422
