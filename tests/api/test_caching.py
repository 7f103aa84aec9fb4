"""HTTP caching: an ETag on every read of an incident, 304 for If-None-Match, immutable
answers marked so, the rest to be revalidated, and HEAD wherever GET works."""

from __future__ import annotations

import httpx
import pytest

from api.http.caching import IMMUTABLE, REVALIDATE
from tests.support.client import FIGURE, open_incident


@pytest.fixture
def incident(http: httpx.Client, reporter: dict[str, str]) -> str:
    """An incident with two figures (version 3)."""
    opened = open_incident(http, reporter)
    for text in ("at least 40", "at least 60"):
        body = {**FIGURE, "text": text}
        http.post(f"/incidents/{opened}/figures", json=body, headers=reporter).raise_for_status()
    return opened


READS = [
    "/incidents/{id}",
    "/incidents/{id}?as_of=2024-03-22T22:00:00%2B03:00",
    "/incidents/{id}/figures",
    "/incidents/{id}/figures.csv",
    "/incidents/{id}/history",
    "/incidents/{id}/changes?from=1",
    "/incidents/{id}/verify",
    "/ui/incidents/{id}",
]


@pytest.mark.parametrize("path", READS)
def test_every_read_has_an_etag_that_if_none_match_answers_with_a_304(
    http: httpx.Client, incident: str, path: str
) -> None:
    url = path.format(id=incident)
    first = http.get(url)
    assert first.status_code == 200
    tag = first.headers["etag"]

    again = http.get(url, headers={"If-None-Match": tag})

    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == tag
    assert again.headers["cache-control"] == first.headers["cache-control"]


@pytest.mark.parametrize("path", READS)
def test_a_new_entry_changes_the_tag_of_what_it_changes(
    http: httpx.Client, reporter: dict[str, str], incident: str, path: str
) -> None:
    url = path.format(id=incident)
    tag = http.get(url).headers["etag"]
    body = {**FIGURE, "text": "at least 93", "as_of": "2024-03-22T21:30:00+03:00"}
    http.post(f"/incidents/{incident}/figures", json=body, headers=reporter).raise_for_status()

    assert http.get(url, headers={"If-None-Match": tag}).status_code == 200


@pytest.mark.parametrize("path", READS)
def test_head_answers_as_get_without_the_body(http: httpx.Client, incident: str, path: str) -> None:
    url = path.format(id=incident)
    got = http.get(url)

    head = http.head(url)

    assert head.status_code == 200
    assert head.content == b""
    assert head.headers["etag"] == got.headers["etag"]
    assert head.headers["content-type"] == got.headers["content-type"]


def test_the_current_view_is_revalidated_and_a_versions_view_is_immutable(
    http: httpx.Client, incident: str
) -> None:
    current = http.get(f"/incidents/{incident}")
    fixed = http.get(f"/incidents/{incident}", params={"version": 2})

    assert current.headers["etag"] == '"3"'
    assert current.headers["cache-control"] == REVALIDATE
    assert fixed.headers["cache-control"] == IMMUTABLE


def test_a_weak_tag_and_a_list_of_tags_match(http: httpx.Client, incident: str) -> None:
    url = f"/incidents/{incident}"

    assert http.get(url, headers={"If-None-Match": 'W/"3"'}).status_code == 304
    assert http.get(url, headers={"If-None-Match": '"1", "3"'}).status_code == 304
    assert http.get(url, headers={"If-None-Match": '"2"'}).status_code == 200


def test_a_history_page_that_ends_before_the_current_version_is_immutable(
    http: httpx.Client, incident: str
) -> None:
    closed = http.get(f"/incidents/{incident}/history", params={"limit": 2})
    open_page = http.get(f"/incidents/{incident}/history", params={"after": 2, "limit": 2})

    assert closed.json()["next"] == 2
    assert closed.headers["cache-control"] == IMMUTABLE
    assert open_page.json()["next"] is None
    assert open_page.headers["cache-control"] == REVALIDATE


def test_changes_between_two_named_versions_are_immutable(
    http: httpx.Client, incident: str
) -> None:
    named = http.get(f"/incidents/{incident}/changes", params={"from": 1, "to": 2})
    to_now = http.get(f"/incidents/{incident}/changes", params={"from": 1})

    assert named.headers["cache-control"] == IMMUTABLE
    assert to_now.headers["cache-control"] == REVALIDATE


def test_head_works_on_the_list_and_the_pages(http: httpx.Client, incident: str) -> None:
    for url in ("/incidents", "/ui/", "/healthz", "/feed"):
        response = http.head(url)
        assert response.status_code == 200, url
        assert response.content == b""


def test_a_missing_incident_is_a_404_problem_to_head_as_well(http: httpx.Client) -> None:
    response = http.head("/incidents/00000000-0000-4000-8000-000000000000")

    assert response.status_code == 404
    assert response.content == b""
