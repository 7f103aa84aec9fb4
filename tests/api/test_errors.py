"""Every error the API answers: an RFC 9457 problem with the right status, and nothing written."""

from __future__ import annotations

import base64
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from api.access import Role
from api.settings import Settings
from tests.conftest import Live, serving
from tests.support.client import open_incident

PROBLEM = "application/problem+json"
KYIV = {"name": "Kyiv Independent"}
FIGURE = {"category": "killed", "text": "40", "as_of": "2024-03-22T21:00:00+03:00", "source": KYIV}


@pytest.fixture
def incident(http: httpx.Client, reporter: dict[str, str]) -> Iterator[str]:
    """An incident with one figure (version 2); the test checks it is still at 2 after."""
    opened = open_incident(http, reporter)
    assert (
        http.post(f"/incidents/{opened}/figures", json=FIGURE, headers=reporter).status_code == 201
    )
    history_before = http.get(f"/incidents/{opened}/history").json()
    yield opened
    assert http.get(f"/incidents/{opened}").json()["version"] == 2, "a refused write wrote"
    assert http.get(f"/incidents/{opened}/history").json() == history_before


def assert_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == PROBLEM
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"] and body["type"]
    return body


def test_malformed_json_is_400(http: httpx.Client, reporter: dict[str, str], incident: str) -> None:
    response = http.post(
        f"/incidents/{incident}/figures",
        content=b'{"category": ',
        headers={**reporter, "Content-Type": "application/json"},
    )
    assert "JSON" in assert_problem(response, 400)["title"]


def test_a_malformed_if_match_is_400(
    http: httpx.Client, reporter: dict[str, str], incident: str
) -> None:
    response = http.post(
        f"/incidents/{incident}/figures", json=FIGURE, headers={**reporter, "If-Match": "two"}
    )
    assert_problem(response, 400)


def test_a_malformed_cursor_is_400(http: httpx.Client) -> None:
    for cursor in ("zzz", "bm90IGpzb24", "WyJhIiwgImIiXQ"):
        assert_problem(http.get("/incidents", params={"cursor": cursor}), 400)


@pytest.mark.parametrize(
    "authorization",
    [None, "Bearer inc_not-a-real-token", "Basic dXNlcjpwYXNz", "Bearer"],
)
def test_writing_without_a_valid_token_is_401(
    http: httpx.Client, incident: str, authorization: str | None
) -> None:
    headers = {"Authorization": authorization} if authorization else {}
    response = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=headers)
    assert_problem(response, 401)
    assert response.headers["www-authenticate"].startswith("Bearer")


def test_a_revoked_token_is_401(live: Live, http: httpx.Client, incident: str) -> None:
    headers = live.token("short-lived", Role.REPORTER)
    live.parts.tokens.revoke("short-lived")
    assert_problem(http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=headers), 401)


def test_a_bad_token_is_refused_even_on_public_reads(http: httpx.Client, incident: str) -> None:
    response = http.get(f"/incidents/{incident}", headers={"Authorization": "Bearer nope"})
    assert_problem(response, 401)


@pytest.mark.parametrize("route", ["revisions", "retractions"])
def test_reporters_cannot_revise_or_retract(
    http: httpx.Client, reporter: dict[str, str], incident: str, route: str
) -> None:
    body = {"entry": 2, "reason": "x"} if route == "retractions" else {"title": "X", "reason": "x"}
    assert_problem(http.post(f"/incidents/{incident}/{route}", json=body, headers=reporter), 403)


def test_readers_cannot_write(live: Live, http: httpx.Client, incident: str) -> None:
    reader = live.token("reader-1", Role.READER)
    assert_problem(http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reader), 403)
    assert_problem(http.post("/incidents", json={}, headers=reader), 403)


UNKNOWN = "00000000-0000-4000-8000-000000000000"


@pytest.mark.parametrize(
    "path",
    [f"/incidents/{UNKNOWN}", f"/incidents/{UNKNOWN}/figures", f"/incidents/{UNKNOWN}/history"],
)
def test_reading_an_unknown_incident_is_404(http: httpx.Client, path: str) -> None:
    assert_problem(http.get(path), 404)


def test_writing_to_an_unknown_incident_is_404(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    assert_problem(http.post(f"/incidents/{UNKNOWN}/figures", json=FIGURE, headers=reporter), 404)


def test_a_version_beyond_the_current_one_is_404(http: httpx.Client, incident: str) -> None:
    assert_problem(http.get(f"/incidents/{incident}", params={"version": 3}), 404)


def test_known_at_before_the_incident_existed_is_404(http: httpx.Client, incident: str) -> None:
    for path in (f"/incidents/{incident}", f"/incidents/{incident}/figures"):
        assert_problem(http.get(path, params={"known_at": "2024-03-22T20:00:00Z"}), 404)


def test_unknown_routes_and_methods_are_problems(http: httpx.Client, incident: str) -> None:
    assert_problem(http.get("/nowhere"), 404)
    assert_problem(http.delete(f"/incidents/{incident}"), 405)
    assert_problem(http.put("/incidents"), 405)


def test_a_stale_if_match_is_412_and_names_the_current_version(
    http: httpx.Client, reporter: dict[str, str], incident: str
) -> None:
    response = http.post(
        f"/incidents/{incident}/figures", json=FIGURE, headers={**reporter, "If-Match": '"1"'}
    )
    body = assert_problem(response, 412)
    assert body["current_version"] == 2
    assert response.headers["etag"] == '"2"'


def test_a_body_that_is_not_json_is_415(
    http: httpx.Client, reporter: dict[str, str], incident: str
) -> None:
    response = http.post(
        f"/incidents/{incident}/figures",
        content=b"category=killed",
        headers={**reporter, "Content-Type": "application/x-www-form-urlencoded"},
    )
    assert_problem(response, 415)


@pytest.mark.parametrize(
    ("change", "where"),
    [
        ({"as_of": "2024-03-22T21:00:00"}, "as_of"),  # naive
        ({"unexpected": 1}, "unexpected"),
        ({"category": "dead"}, "category"),
        ({"value": True, "text": None, "qualifier": "exact"}, "value"),
        ({"value": -1, "text": None, "qualifier": "exact"}, "value"),
        ({"value": 10**9 + 1, "text": None, "qualifier": "exact"}, "value"),
        ({"source": {"name": ""}}, "source"),
        ({"source": {"name": "x", "kind": "blog"}}, "kind"),
        ({"as_of": "2999-01-01T00:00:00Z"}, "as_of"),
        ({"text": None}, "text"),
        ({"text": "40 or so"}, "40 or so"),
        ({"text": "40", "qualifier": "at_least"}, "qualifier"),
        ({"text": "40", "low": 41}, "low"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_an_invalid_figure_is_422_and_says_why(
    http: httpx.Client, reporter: dict[str, str], incident: str, change: dict[str, Any], where: str
) -> None:
    body = {k: v for k, v in {**FIGURE, **change}.items() if v is not None}
    response = http.post(f"/incidents/{incident}/figures", json=body, headers=reporter)
    problem = assert_problem(response, 422)
    assert where in problem["detail"] or where in str(problem.get("errors"))


def test_an_unreadable_figure_names_the_text(
    http: httpx.Client, reporter: dict[str, str], incident: str
) -> None:
    response = http.post(
        f"/incidents/{incident}/figures", json={**FIGURE, "text": "a lot"}, headers=reporter
    )
    assert assert_problem(response, 422)["text"] == "a lot"


@pytest.mark.parametrize(("entry", "why"), [(1, "opens"), (3, "does not exist")])
def test_retracting_the_opening_or_a_missing_entry_is_422(
    http: httpx.Client, editor: dict[str, str], incident: str, entry: int, why: str
) -> None:
    response = http.post(
        f"/incidents/{incident}/retractions", json={"entry": entry, "reason": "x"}, headers=editor
    )
    assert why in assert_problem(response, 422)["detail"]


def test_retracting_twice_or_a_retraction_is_422(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    base = f"/incidents/{open_incident(http, reporter, title='T')}"
    http.post(f"{base}/figures", json=FIGURE, headers=reporter)
    assert (
        http.post(
            f"{base}/retractions", json={"entry": 2, "reason": "x"}, headers=editor
        ).status_code
        == 201
    )
    again = http.post(f"{base}/retractions", json={"entry": 2, "reason": "x"}, headers=editor)
    assert "already retracted" in assert_problem(again, 422)["detail"]
    of_retraction = http.post(
        f"{base}/retractions", json={"entry": 3, "reason": "x"}, headers=editor
    )
    assert "is a retraction" in assert_problem(of_retraction, 422)["detail"]
    assert http.get(base).json()["version"] == 3


@pytest.mark.parametrize(
    "body",
    [
        {"reason": "nothing named"},
        {"title": "Crocus City Hall attack", "reason": "the same title"},
        {"title": None, "reason": "cannot clear a title"},
        {"title": "x" * 301, "reason": "too long"},
        {"tags": [f"t{n}" for n in range(51)], "reason": "too many tags"},
        {"title": "New"},
    ],
)
def test_refused_revisions_are_422(
    http: httpx.Client, editor: dict[str, str], incident: str, body: dict[str, Any]
) -> None:
    assert_problem(http.post(f"/incidents/{incident}/revisions", json=body, headers=editor), 422)


def test_an_invalid_opening_is_422(http: httpx.Client, reporter: dict[str, str]) -> None:
    for body in (
        {},
        {
            "title": "T",
            "occurred_at": "2024-03-22T19:58:00",
            "location": {"name": "L"},
            "source": KYIV,
        },
        {
            "title": "T",
            "occurred_at": "2024-03-22T19:58:00Z",
            "location": {"name": "L", "lat": 91, "lon": 0},
            "source": KYIV,
        },
        {
            "title": "T",
            "occurred_at": "2024-03-22T19:58:00Z",
            "location": {"name": "L", "lat": 1},
            "source": KYIV,
        },
        {"title": "T", "occurred_at": "2024-03-22T19:58:00Z", "location": {"name": "L"}},
    ):
        assert_problem(http.post("/incidents", json=body, headers=reporter), 422)
    assert http.get("/incidents").json()["items"] == []


def test_bad_query_parameters_are_422(http: httpx.Client, incident: str) -> None:
    base = f"/incidents/{incident}"
    assert_problem(http.get(base, params={"known_at": "2024-03-22T21:00:00"}), 422)
    assert_problem(http.get(base, params={"known_at": "yesterday"}), 422)
    assert_problem(http.get(base, params={"version": 0}), 422)
    assert_problem(http.get(base, params={"version": 1, "known_at": "2030-01-01T00:00:00Z"}), 422)
    assert_problem(http.get(f"{base}/figures", params={"category": "dead"}), 422)
    assert_problem(http.get(f"{base}/history", params={"limit": 1001}), 422)
    assert_problem(http.get(f"{base}/history", params={"after": -1}), 422)
    assert_problem(http.get("/incidents", params={"limit": 0}), 422)
    assert_problem(http.get("/incidents/not-a-uuid"), 422)


@pytest.mark.parametrize("moment", ["0001-01-01T05:00:00+14:00", "9999-12-31T23:00:00-12:00"])
def test_times_beyond_the_calendar_in_utc_are_422_and_write_nothing(
    http: httpx.Client, reporter: dict[str, str], incident: str, moment: str
) -> None:
    assert_problem(
        http.post(
            f"/incidents/{incident}/figures", json={**FIGURE, "as_of": moment}, headers=reporter
        ),
        422,
    )
    opening = {"title": "T", "occurred_at": moment, "location": {"name": "L"}, "source": KYIV}
    assert_problem(http.post("/incidents", json=opening, headers=reporter), 422)


def test_known_at_beyond_the_calendar_still_answers(http: httpx.Client, incident: str) -> None:
    base = f"/incidents/{incident}"
    assert_problem(http.get(base, params={"known_at": "0001-01-01T05:00:00+14:00"}), 404)
    assert http.get(base, params={"known_at": "9999-12-31T23:00:00-12:00"}).json()["version"] == 2
    listing = http.get("/incidents", params={"occurred_from": "0001-01-01T00:00:00+01:00"})
    assert [i["id"] for i in listing.json()["items"]] == [incident]


def test_times_must_be_iso_8601_text(
    http: httpx.Client, reporter: dict[str, str], incident: str
) -> None:
    assert_problem(http.get(f"/incidents/{incident}", params={"known_at": "1732574030"}), 422)
    assert_problem(
        http.post(
            f"/incidents/{incident}/figures", json={**FIGURE, "as_of": 1732574030}, headers=reporter
        ),
        422,
    )


@pytest.mark.parametrize("text", ["x\u0000y", "bell\u0007", "\u001b[31mred"])
def test_control_characters_in_text_are_422(
    http: httpx.Client, reporter: dict[str, str], incident: str, text: str
) -> None:
    response = http.post(
        f"/incidents/{incident}/statements",
        headers=reporter,
        json={
            "speaker": text,
            "statement": "said",
            "stated_at": "2024-03-22T21:00:00Z",
            "source": KYIV,
        },
    )
    assert "a control character" in assert_problem(response, 422)["detail"]


def test_control_characters_in_search_are_422(http: httpx.Client) -> None:
    assert_problem(http.get("/incidents", params={"q": "x\u0000"}), 422)
    assert_problem(http.get("/incidents", params={"tag": "x\u0000"}), 422)


def cursor(value: object) -> str:
    """A cursor made the way the service makes them, around any value."""
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode()


def test_odd_cursors_and_positions_are_4xx(http: httpx.Client, incident: str) -> None:
    assert_problem(
        http.get("/incidents", params={"cursor": cursor(["2024-03-22T17:00:00.000000Z", 5])}), 400
    )
    assert_problem(http.get("/incidents", params={"cursor": cursor("[" * 100)}), 400)
    assert_problem(http.get("/incidents", params={"cursor": "W" * 500}), 422)
    assert_problem(http.get(f"/incidents/{incident}/history", params={"after": 2**63}), 422)


@pytest.mark.parametrize(
    "body",
    [b'{"category": "\xe3"}', b"\xf9t\x93\xd0", b"[" * 30_000 + b"]" * 30_000],
    ids=["latin-1 in JSON", "not text", "nested too deep"],
)
def test_a_json_body_that_cannot_be_decoded_is_malformed_json(
    http: httpx.Client, reporter: dict[str, str], incident: str, body: bytes
) -> None:
    response = http.post(
        f"/incidents/{incident}/figures",
        content=body,
        headers={**reporter, "Content-Type": "application/json"},
    )
    problem = assert_problem(response, 400)
    assert problem["type"] == "urn:incidents:problem:malformed-json"


def test_a_store_that_cannot_take_a_write_is_503_with_retry_after(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'locked.db'}", sqlite_lock_timeout=1)
    with serving(settings) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        reporter = live.token("wire", Role.REPORTER)
        locker = sqlite3.connect(tmp_path / "locked.db", isolation_level=None)
        locker.execute("BEGIN EXCLUSIVE")  # another program holds the file's write lock
        try:
            response = http.post(
                "/incidents",
                headers=reporter,
                json={
                    "title": "T",
                    "occurred_at": "2024-03-22T19:58:00+03:00",
                    "location": {"name": "L"},
                    "source": KYIV,
                },
            )
        finally:
            locker.execute("ROLLBACK")
            locker.close()
        body = assert_problem(response, 503)
        assert response.headers["retry-after"] == "1"
        assert "Traceback" not in body["detail"]
