"""What the record says now and as reported at any moment, on the Manchester Arena
timeline of 22-23 May 2017: scopes beside the headline, a headline source an editor
chose, sources that disagree, and `?as_of=`."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from tests.support.client import open_incident

POLICE = {"name": "Greater Manchester Police", "kind": "official"}
BBC = {"name": "BBC News", "kind": "news_outlet"}
TABLOID = {"name": "Daily Star", "kind": "news_outlet"}
REVIEW = {"name": "Kerslake Review", "kind": "official"}
INQUIRY = {"name": "Manchester Arena Inquiry", "kind": "official"}
OPENING = {
    "title": "Manchester Arena bombing",
    "occurred_at": "2017-05-22T22:31:00+01:00",
    "location": {"name": "Manchester Arena", "country_code": "GB"},
    "source": POLICE,
}


def report(
    http: httpx.Client, headers: dict[str, str], incident: str, text: str, as_of: str,
    source: dict[str, str], category: str = "injured", **extra: Any,
) -> dict[str, Any]:  # fmt: skip
    body = {"category": category, "text": text, "as_of": as_of, "source": source, **extra}
    response = http.post(f"/incidents/{incident}/figures", json=body, headers=headers)
    assert response.status_code == 201, response.text
    receipt: dict[str, Any] = response.json()
    return receipt


@pytest.fixture
def manchester(http: httpx.Client, reporter: dict[str, str]) -> str:
    """The injured figures as they came in, from four sources, one of them scoped."""
    incident = open_incident(http, reporter, **OPENING)
    report(http, reporter, incident, "59", "2017-05-23T08:00:00+01:00", POLICE)
    report(http, reporter, incident, "nearly 60", "2017-05-23T09:00:00+01:00", BBC)
    report(http, reporter, incident, "116", "2018-03-27T12:00:00+01:00", REVIEW)
    report(http, reporter, incident, "more than 50", "2018-03-27T13:00:00+01:00", TABLOID)
    report(
        http, reporter, incident, "more than 800", "2023-03-02T12:00:00+00:00", INQUIRY,
        scope="including psychological harm",
    )  # fmt: skip
    return incident


def test_a_scoped_series_stands_beside_the_headline_and_never_replaces_it(
    http: httpx.Client, manchester: str
) -> None:
    injured = http.get(f"/incidents/{manchester}").json()["figures"]["injured"]

    assert injured["text"] == "more than 50"  # the latest unscoped report
    assert injured["scope"] is None
    scoped = injured["scoped"]["including psychological harm"]
    assert (scoped["text"], scoped["scope"]) == ("more than 800", "including psychological harm")


def test_a_headline_source_chosen_by_an_editor_is_followed(
    http: httpx.Client, editor: dict[str, str], manchester: str
) -> None:
    response = http.post(
        f"/incidents/{manchester}/headlines",
        json={"category": "injured", "source_name": "kerslake review", "reason": "official"},
        headers=editor,
    )
    assert response.status_code == 201, response.text
    assert response.json()["source_reported"] is True

    injured = http.get(f"/incidents/{manchester}").json()["figures"]["injured"]
    assert (injured["text"], injured["source"]["name"]) == ("116", "Kerslake Review")
    assert injured["followed_source"] == "Kerslake Review"  # as the series first spelt it


def test_retracting_the_choice_goes_back_to_the_latest_figure_of_any_source(
    http: httpx.Client, editor: dict[str, str], manchester: str
) -> None:
    choice = http.post(
        f"/incidents/{manchester}/headlines",
        json={"category": "injured", "source_name": "Kerslake Review", "reason": "official"},
        headers=editor,
    ).json()
    http.post(
        f"/incidents/{manchester}/retractions",
        json={"entry": choice["entry"], "reason": "chosen by mistake"},
        headers=editor,
    ).raise_for_status()

    injured = http.get(f"/incidents/{manchester}").json()["figures"]["injured"]
    assert (injured["text"], injured["followed_source"]) == ("more than 50", None)


def test_a_source_that_never_reported_is_accepted_and_the_receipt_says_so(
    http: httpx.Client, editor: dict[str, str], reporter: dict[str, str], manchester: str
) -> None:
    body = {"category": "injured", "source_name": "NHS England", "reason": "the hospitals' count"}
    response = http.post(f"/incidents/{manchester}/headlines", json=body, headers=editor)

    assert response.status_code == 201
    assert response.json()["source_reported"] is False
    injured = http.get(f"/incidents/{manchester}").json()["figures"]["injured"]
    assert injured["text"] == "more than 50"  # nothing of it yet: the latest stands
    nhs = {"name": "NHS England", "kind": "official"}
    report(http, reporter, manchester, "119", "2017-05-25T12:00:00+01:00", nhs)
    assert http.get(f"/incidents/{manchester}").json()["figures"]["injured"]["text"] == "119"


def test_sources_that_cannot_all_be_right_are_flagged_with_their_hull(
    http: httpx.Client, manchester: str
) -> None:
    injured = http.get(f"/incidents/{manchester}").json()["figures"]["injured"]

    # "more than 50" (51 up) and 116 are an hour apart and overlap; 59 is a year before.
    assert injured["disagreement"] is None
    early = http.get(
        f"/incidents/{manchester}", params={"as_of": "2017-05-23T10:00:00+01:00"}
    ).json()["figures"]["injured"]
    assert early["text"] == "nearly 60"  # high 59: overlaps 59, so no disagreement
    assert early["disagreement"] is None


def test_a_disagreement_names_the_sources_and_the_hull_of_their_intervals(
    http: httpx.Client, reporter: dict[str, str], manchester: str
) -> None:
    report(http, reporter, manchester, "at least 120", "2018-03-27T14:00:00+01:00", BBC)

    disagreement = http.get(f"/incidents/{manchester}").json()["figures"]["injured"]["disagreement"]
    assert disagreement == {
        "low": 51,
        "high": None,
        "sources": ["BBC News", "Daily Star", "Kerslake Review"],  # the latest first
    }


def test_as_reported_at_a_moment_shows_the_figures_reported_by_then(
    http: httpx.Client, manchester: str
) -> None:
    view = http.get(
        f"/incidents/{manchester}", params={"as_of": "2017-05-23T08:30:00+01:00"}
    ).json()

    assert view["as_of"] == "2017-05-23T08:30:00+01:00"
    assert view["figures"]["injured"]["text"] == "59"
    assert [f["text"] for f in view["figures"]["injured"]["by_source"]] == ["59"]
    series = http.get(
        f"/incidents/{manchester}/figures", params={"as_of": "2017-05-23T09:00:00+01:00"}
    ).json()["series"]
    assert [item["text"] for item in series] == ["59", "nearly 60"]


def test_before_the_first_report_the_view_has_no_figures(
    http: httpx.Client, manchester: str
) -> None:
    response = http.get(f"/incidents/{manchester}", params={"as_of": "2017-05-22T22:00:00+01:00"})

    assert response.status_code == 200
    assert response.json()["figures"] == {}


def test_as_reported_at_combines_with_a_version(http: httpx.Client, manchester: str) -> None:
    view = http.get(
        f"/incidents/{manchester}",
        params={"version": 3, "as_of": "2018-12-31T00:00:00+00:00"},
    ).json()

    assert view["version"] == 3
    assert view["figures"]["injured"]["text"] == "nearly 60"


def test_the_series_narrows_to_a_scope(http: httpx.Client, manchester: str) -> None:
    path = f"/incidents/{manchester}/figures"

    scoped = http.get(path, params={"scope": "Including Psychological Harm"}).json()["series"]
    plain = http.get(path, params={"scope": ""}).json()["series"]

    assert [item["text"] for item in scoped] == ["more than 800"]
    assert len(plain) == 4
    assert all(item["scope"] is None for item in plain)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"category": "wounded", "source_name": "BBC News", "reason": "x"}, "category"),
        ({"category": "injured", "reason": "x"}, "source_name"),
        ({"category": "injured", "source_name": "BBC", "reason": ""}, "reason"),
    ],
)
def test_a_bad_headline_choice_is_a_422_and_writes_nothing(
    http: httpx.Client, editor: dict[str, str], manchester: str, body: dict[str, Any], field: str
) -> None:
    before = http.get(f"/incidents/{manchester}").json()["version"]

    response = http.post(f"/incidents/{manchester}/headlines", json=body, headers=editor)

    assert response.status_code == 422
    assert field in response.json()["detail"]
    assert http.get(f"/incidents/{manchester}").json()["version"] == before


def test_a_naive_as_of_is_a_422(http: httpx.Client, manchester: str) -> None:
    response = http.get(f"/incidents/{manchester}", params={"as_of": "2017-05-23T08:00:00"})

    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"


def test_choosing_a_headline_source_needs_an_editor(
    http: httpx.Client, reporter: dict[str, str], manchester: str
) -> None:
    body = {"category": "injured", "source_name": "BBC News", "reason": "x"}

    assert (
        http.post(f"/incidents/{manchester}/headlines", json=body, headers=reporter).status_code
        == 403
    )


def test_a_source_is_shown_as_the_incident_first_spelt_it(
    http: httpx.Client, reporter: dict[str, str], manchester: str
) -> None:
    """The same source spelt another way later is one source, named as first seen in
    the views and series, in every category; its entry keeps the spelling it was sent in."""
    respelt = {"name": "greater  manchester POLICE", "kind": "official"}
    later = report(http, reporter, manchester, "22", "2018-03-28T12:00:00+01:00", respelt, "killed")
    report(http, reporter, manchester, "64", "2018-03-28T13:00:00+01:00", respelt)
    view = http.get(f"/incidents/{manchester}").json()["figures"]
    assert view["killed"]["source"]["name"] == POLICE["name"]  # first spelt in another category
    injured = view["injured"]
    assert (injured["text"], injured["source"]["name"]) == ("64", POLICE["name"])
    names = [figure["source"]["name"] for figure in injured["by_source"]]
    assert names.count(POLICE["name"]) == 1 and respelt["name"] not in names
    series = http.get(f"/incidents/{manchester}/figures").json()
    assert {f["source"]["name"] for f in series["series"]} == {
        s["name"] for s in (POLICE, BBC, REVIEW, TABLOID, INQUIRY)
    }
    entry = http.get(f"/incidents/{manchester}/history", params={"after": later["entry"] - 1})
    assert entry.json()["entries"][0]["data"]["source"]["name"] == respelt["name"]


def test_a_chosen_source_is_named_as_first_spelt_in_any_category(
    http: httpx.Client, editor: dict[str, str], reporter: dict[str, str], manchester: str
) -> None:
    """The police have reported only injured figures when an editor chooses them, spelt
    their own way, as the killed series' headline source."""
    body = {"category": "killed", "source_name": "GREATER manchester police", "reason": "x"}
    response = http.post(f"/incidents/{manchester}/headlines", json=body, headers=editor)
    assert response.status_code == 201, response.text
    report(http, reporter, manchester, "22", "2017-05-23T11:00:00+01:00", BBC, "killed")
    killed = http.get(f"/incidents/{manchester}").json()["figures"]["killed"]
    assert killed["followed_source"] == POLICE["name"]
