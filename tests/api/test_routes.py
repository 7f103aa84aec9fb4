"""Every route of DESIGN section 5 over real HTTP: shapes, headers, and what they mean."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from api.access import Role
from api.settings import Settings
from tests.conftest import WRITE_PATHS, serving


@pytest.fixture(params=WRITE_PATHS)
def write_path(request: pytest.FixtureRequest) -> str:
    """These tests are about writes: each runs with the writer in a thread and in a
    process of its own."""
    path: str = request.param
    return path


KYIV = {"name": "Kyiv Independent", "kind": "news_outlet"}
TASS = {"name": "TASS", "kind": "state_media"}


def open_incident(http: httpx.Client, headers: dict[str, str], **fields: Any) -> dict[str, Any]:
    body = {
        "title": "Crocus City Hall attack",
        "occurred_at": "2024-03-22T19:58:00+03:00",
        "location": {"name": "Crocus City Hall, Krasnogorsk", "lat": 55.82, "lon": 37.39},
        "summary": "Gunmen opened fire.",
        "tags": ["terrorism", "Moscow"],
        "source": KYIV,
        **fields,
    }
    response = http.post("/incidents", json=body, headers=headers)
    assert response.status_code == 201, response.text
    result: dict[str, Any] = response.json()
    return result


def figure(text: str, as_of: str, category: str = "killed", source: Any = KYIV) -> dict[str, Any]:
    return {"category": category, "text": text, "as_of": as_of, "source": source}


def test_opening_answers_the_view_with_location_and_etag(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    response = http.post(
        "/incidents",
        json={
            "title": "Crocus City Hall attack",
            "occurred_at": "2024-03-22T19:58:00+03:00",
            "location": {"name": "Crocus City Hall", "country_code": "ru"},
            "source": KYIV,
        },
        headers=reporter,
    )
    assert response.status_code == 201
    view = response.json()
    assert response.headers["location"] == f"/incidents/{view['id']}"
    assert response.headers["etag"] == '"1"'
    assert view["version"] == 1
    assert view["location"]["country_code"] == "RU"
    assert view["opened_at"] == view["updated_at"]
    assert view["figures"] == {} and view["attributions"] == [] and view["statements"] == []
    assert view["retracted_entries"] == []
    assert http.get(f"/incidents/{view['id']}").json() == view


def test_a_figure_receipt_names_the_entry_version_time_position_and_figure(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    response = http.post(
        f"/incidents/{incident['id']}/figures",
        json=figure("at least 40", "2024-03-22T21:00:00+03:00"),
        headers=reporter,
    )
    assert response.status_code == 201
    receipt = response.json()
    assert receipt["incident_id"] == incident["id"]
    assert receipt["entry"] == receipt["version"] == 2
    assert response.headers["etag"] == '"2"'
    assert receipt["position"] >= 2
    assert receipt["figure"] == {
        "text": "at least 40",
        "qualifier": "at_least",
        "value": 40,
        "low": 40,
        "high": None,
        "read_from": "text",
        "scope": None,
        "language": None,
    }


def test_a_structured_figure_gets_its_wording(http: httpx.Client, reporter: dict[str, str]) -> None:
    incident = open_incident(http, reporter)
    response = http.post(
        f"/incidents/{incident['id']}/figures",
        json={
            "category": "injured",
            "qualifier": "more_than",
            "value": 100,
            "as_of": "2024-03-22T21:00:00+03:00",
            "source": KYIV,
        },
        headers=reporter,
    )
    assert response.status_code == 201
    assert response.json()["figure"]["text"] == "more than 100"
    assert response.json()["figure"]["low"] == 101


def test_the_view_shows_the_current_figure_and_each_sources_latest(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    path = f"/incidents/{incident['id']}/figures"
    http.post(path, json=figure("at least 40", "2024-03-22T21:00:00+03:00"), headers=reporter)
    http.post(path, json=figure("93", "2024-03-23T09:00:00+03:00", source=TASS), headers=reporter)
    http.post(path, json=figure("60", "2024-03-23T00:00:00+03:00"), headers=reporter)
    killed = http.get(f"/incidents/{incident['id']}").json()["figures"]["killed"]
    assert (killed["entry"], killed["text"], killed["value"]) == (3, "93", 93)
    assert killed["source"]["name"] == "TASS"
    assert killed["reported_by"] == "reporter-1"
    assert {(f["source"]["name"], f["text"]) for f in killed["by_source"]} == {
        ("TASS", "93"),
        ("Kyiv Independent", "60"),
    }


def test_ties_in_as_of_go_to_the_later_entry(http: httpx.Client, reporter: dict[str, str]) -> None:
    incident = open_incident(http, reporter)
    path = f"/incidents/{incident['id']}/figures"
    http.post(path, json=figure("115", "2024-03-23T12:00:00+03:00", source=TASS), headers=reporter)
    http.post(path, json=figure("133", "2024-03-23T09:00:00Z"), headers=reporter)  # same instant
    killed = http.get(f"/incidents/{incident['id']}").json()["figures"]["killed"]
    assert killed["text"] == "133"


def test_attributions_and_statements_appear_in_the_view(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    base = f"/incidents/{incident['id']}"
    claim = http.post(
        f"{base}/attributions",
        json={
            "party": "Islamic State",
            "stance": "claims",
            "asserted_by": "Islamic State",
            "channel": "Telegram",
            "stated_at": "2024-03-22T23:00:00+03:00",
            "source": KYIV,
        },
        headers=reporter,
    )
    said = http.post(
        f"{base}/statements",
        json={
            "speaker": "Vladimir Putin",
            "statement": "All of this resembles outright blackmail.",
            "stated_at": "2024-03-19T12:00:00+03:00",
            "topic": "reaction",
            "source": TASS,
        },
        headers=reporter,
    )
    assert claim.status_code == said.status_code == 201
    assert "figure" not in claim.json()
    view = http.get(base).json()
    assert view["attributions"] == [
        {
            "entry": 2,
            "party": "Islamic State",
            "stance": "claims",
            "asserted_by": "Islamic State",
            "statement": None,
            "channel": "Telegram",
            "stated_at": "2024-03-22T23:00:00+03:00",
            "source": {**KYIV, "url": None, "published_at": None},
            "recorded_at": claim.json()["recorded_at"],
            "reported_by": "reporter-1",
        }
    ]
    assert view["statements"][0]["speaker"] == "Vladimir Putin"
    assert view["statements"][0]["topic"] == "reaction"


def test_revisions_change_the_details_and_can_clear_the_summary(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    base = f"/incidents/{incident['id']}"
    response = http.post(
        f"{base}/revisions",
        json={
            "title": "Crocus City Hall massacre",
            "summary": None,
            "tags": ["terrorism"],
            "location": {"name": "Krasnogorsk"},
            "reason": "naming",
        },
        headers=editor,
    )
    assert response.status_code == 201
    view = http.get(base).json()
    assert view["title"] == "Crocus City Hall massacre"
    assert view["summary"] is None
    assert view["tags"] == ["terrorism"]
    assert view["location"]["name"] == "Krasnogorsk"
    assert http.get(base, params={"version": 1}).json()["title"] == "Crocus City Hall attack"


def test_a_retracted_figure_leaves_the_view_and_stays_in_the_series_and_history(
    http: httpx.Client, reporter: dict[str, str], editor: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    base = f"/incidents/{incident['id']}"
    http.post(
        f"{base}/figures", json=figure("at least 40", "2024-03-22T21:00:00+03:00"), headers=reporter
    )
    http.post(f"{base}/figures", json=figure("400", "2024-03-23T21:00:00+03:00"), headers=reporter)
    retraction = http.post(
        f"{base}/retractions", json={"entry": 3, "reason": "typo"}, headers=editor
    )
    assert retraction.status_code == 201
    view = http.get(base).json()
    assert view["figures"]["killed"]["text"] == "at least 40"
    assert view["retracted_entries"] == [3]
    series = http.get(f"{base}/figures").json()["series"]
    assert [(s["entry"], s["retracted"]) for s in series] == [(2, False), (3, True)]
    assert series[1]["retracted_at"] == retraction.json()["recorded_at"]
    history = http.get(f"{base}/history").json()["entries"]
    assert [e["type"] for e in history] == [
        "IncidentOpened",
        "FigureReported",
        "FigureReported",
        "EntryRetracted",
    ]
    assert history[3]["data"] == {"entry": 3, "reason": "typo", "source": None}
    assert history[3]["reported_by"] == "editor-1"


def test_the_series_filters_by_category_and_orders_by_as_of(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    base = f"/incidents/{incident['id']}"
    http.post(f"{base}/figures", json=figure("60", "2024-03-23T00:00:00+03:00"), headers=reporter)
    http.post(
        f"{base}/figures",
        json=figure("over 100", "2024-03-22T22:00:00+03:00", "injured"),
        headers=reporter,
    )
    http.post(f"{base}/figures", json=figure("40", "2024-03-22T21:00:00+03:00"), headers=reporter)
    series = http.get(f"{base}/figures").json()["series"]
    assert [s["entry"] for s in series] == [4, 3, 2]
    killed = http.get(f"{base}/figures", params={"category": "killed"}).json()["series"]
    assert [s["entry"] for s in killed] == [4, 2]
    assert all(s["category"] == "killed" for s in killed)


def test_history_pages_with_after_and_limit(http: httpx.Client, reporter: dict[str, str]) -> None:
    incident = open_incident(http, reporter)
    base = f"/incidents/{incident['id']}"
    for n in range(5):
        http.post(
            f"{base}/figures",
            json=figure(str(40 + n), "2024-03-22T21:00:00+03:00"),
            headers=reporter,
        )
    first = http.get(f"{base}/history", params={"limit": 4}).json()
    assert [e["entry"] for e in first["entries"]] == [1, 2, 3, 4]
    assert first["next"] == 4
    rest = http.get(f"{base}/history", params={"after": first["next"], "limit": 4}).json()
    assert [e["entry"] for e in rest["entries"]] == [5, 6]
    assert rest["next"] is None
    assert rest["entries"][0]["data"]["text"] == "43"
    assert "reported_by" not in rest["entries"][0]["data"]


def test_the_list_is_newest_first_searchable_and_pages_by_cursor(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    made = [
        open_incident(
            http,
            reporter,
            title=f"Incident {n}",
            occurred_at=f"2024-0{n}-01T00:00:00Z",
            tags=["flood" if n % 2 else "attack"],
        )
        for n in range(1, 6)
    ]
    listing = http.get("/incidents").json()
    assert [i["id"] for i in listing["items"]] == [m["id"] for m in reversed(made)]
    assert listing["next"] is None
    pages: list[str] = []
    cursor = None
    while True:
        params: dict[str, Any] = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = http.get("/incidents", params=params).json()
        pages += [i["title"] for i in page["items"]]
        cursor = page["next"]
        if cursor is None:
            break
    assert pages == [f"Incident {n}" for n in range(5, 0, -1)]
    floods = http.get("/incidents", params={"tag": "FLOOD"}).json()["items"]
    assert [i["title"] for i in floods] == ["Incident 5", "Incident 3", "Incident 1"]
    found = http.get("/incidents", params={"q": "incident 4"}).json()["items"]
    assert [i["title"] for i in found] == ["Incident 4"]
    window = http.get(
        "/incidents",
        params={
            "occurred_from": "2024-02-01T00:00:00Z",
            "occurred_to": "2024-04-01T00:00:00+00:00",
        },
    ).json()["items"]
    assert [i["title"] for i in window] == ["Incident 4", "Incident 3", "Incident 2"]


def test_the_list_shows_headline_figures(http: httpx.Client, reporter: dict[str, str]) -> None:
    incident = open_incident(http, reporter)
    http.post(
        f"/incidents/{incident['id']}/figures",
        json=figure("at least 40", "2024-03-22T21:00:00+03:00"),
        headers=reporter,
    )
    item = http.get("/incidents").json()["items"][0]
    assert item["figures"]["killed"]["text"] == "at least 40"
    assert item["version"] == 2


def test_search_words_are_words_never_syntax(http: httpx.Client, reporter: dict[str, str]) -> None:
    open_incident(http, reporter, title="Crocus City Hall attack")
    open_incident(http, reporter, title="Manchester Arena bombing", location={"name": "Manchester"})

    def found(q: str) -> list[str]:
        response = http.get("/incidents", params={"q": q})
        assert response.status_code == 200, response.text
        return sorted(item["title"] for item in response.json()["items"])

    assert found("crocus OR manchester") == []  # every word must be found: "or" too
    assert found("CROCUS  hall") == ["Crocus City Hall attack"]
    assert found("manch") == ["Manchester Arena bombing"]  # a word's beginning
    assert found("ches") == []  # not the middle of one
    assert found('"crocus" (* ^hall)') == ["Crocus City Hall attack"]  # no syntax
    assert len(found("%_*")) == 2  # no word at all: nothing to narrow by


def test_if_match_with_the_current_version_writes(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    response = http.post(
        f"/incidents/{incident['id']}/figures",
        json=figure("40", "2024-03-22T21:00:00+03:00"),
        headers={**reporter, "If-Match": '"1"'},
    )
    assert response.status_code == 201


def test_reads_reflect_a_write_as_soon_as_it_is_acknowledged(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    base = f"/incidents/{incident['id']}"
    for n in range(20):
        receipt = http.post(
            f"{base}/figures", json=figure(str(n), "2024-03-22T21:00:00+03:00"), headers=reporter
        ).json()
        assert http.get(base).json()["version"] == receipt["version"]
        assert http.get(f"{base}/figures").json()["series"][-1]["entry"] == receipt["entry"]
        assert http.get("/incidents").json()["items"][0]["version"] == receipt["version"]


def test_health_and_openapi_answer(http: httpx.Client) -> None:
    assert http.get("/healthz").json() == {"status": "ok"}
    schema = http.get("/openapi.json").json()
    assert "/incidents/{incident_id}/retractions" in schema["paths"]
    assert http.get("/docs").status_code == 200


def test_reads_need_a_token_when_configured(settings: Settings) -> None:
    closed = settings.model_copy(update={"reads_require_token": True})
    with serving(closed) as live, httpx.Client(base_url=live.url) as http:
        reader = live.token("reader-1", Role.READER)
        refused = http.get("/incidents")
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        assert refused.headers["www-authenticate"].startswith("Bearer")
        assert http.get("/incidents", headers=reader).status_code == 200
        assert http.get("/healthz").status_code == 200
