"""The current view answered from the cache, in front of the routes: the same answer
as the route's, never a stale one, and never to a caller the route would refuse."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx

from api.fastpath import CurrentViews
from api.settings import Settings
from api.tokens import Role
from tests.client import open_incident
from tests.conftest import Live, serving

FIGURE = {
    "category": "killed",
    "text": "at least 40",
    "as_of": "2024-03-22T21:00:00+03:00",
    "source": {"name": "TASS"},
}
SAME_HEADERS = ("etag", "content-type", "content-length")


def through_middleware_alone(live: Live, path: str, headers: list[tuple[bytes, bytes]]) -> Any:
    """What CurrentViews answers by itself: (status, headers, body), or None when it
    hands the request on."""
    sent: list[dict[str, Any]] = []
    handed_on: list[bool] = []

    async def routes(scope: Any, receive: Any, send: Any) -> None:
        handed_on.append(True)

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b""}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    class App:
        state = type("State", (), {"service": live.service})()

    scope = {"type": "http", "method": "GET", "path": path, "query_string": b""}
    asyncio.run(CurrentViews(routes)({**scope, "headers": headers, "app": App()}, receive, send))
    if handed_on:
        return None
    start, body = sent
    return start["status"], dict(start["headers"]), body["body"]


def test_the_cached_view_is_the_routes_view(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    assert http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter).is_success
    by_route = http.get(f"/incidents/{incident}", params={"version": 2})
    first, cached = http.get(f"/incidents/{incident}"), http.get(f"/incidents/{incident}")
    for answer in (first, cached):
        assert answer.status_code == 200
        assert answer.content == by_route.content
        assert {h: answer.headers[h] for h in SAME_HEADERS} == {
            h: by_route.headers[h] for h in SAME_HEADERS
        }
    alone = through_middleware_alone(live, f"/incidents/{incident}", [])
    assert alone is not None, "the middleware did not answer from the cache"
    status, headers, body = alone
    assert (status, body) == (200, by_route.content)
    assert headers[b"etag"].decode() == by_route.headers["etag"] == '"2"'


def test_a_write_is_seen_by_the_next_read(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    for entry in range(2, 6):
        assert http.get(f"/incidents/{incident}").json()["version"] == entry - 1
        posted = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter)
        assert posted.json()["entry"] == entry
        view = http.get(f"/incidents/{incident}")
        assert view.json()["version"] == entry and view.headers["etag"] == f'"{entry}"'


def test_the_cache_answers_no_one_the_route_would_refuse(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    assert http.get(f"/incidents/{incident}").status_code == 200  # now cached
    bad = http.get(f"/incidents/{incident}", headers={"Authorization": "Bearer nope"})
    assert bad.status_code == 401
    assert bad.headers["content-type"] == "application/problem+json"
    assert (
        through_middleware_alone(
            live, f"/incidents/{incident}", [(b"authorization", b"Bearer nope")]
        )
        is None
    )
    revoked = live.token("short-lived", Role.READER)
    live.service.tokens.revoke("short-lived")
    assert http.get(f"/incidents/{incident}", headers=revoked).status_code == 401


def test_a_closed_server_answers_no_cached_view_without_a_token(settings: Settings) -> None:
    closed = settings.model_copy(update={"reads_require_token": True})
    with serving(closed) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        reader = live.token("reader", Role.READER)
        incident = open_incident(http, live.token("wire", Role.REPORTER))
        assert http.get(f"/incidents/{incident}", headers=reader).status_code == 200
        assert http.get(f"/incidents/{incident}").status_code == 401
        assert http.get(f"/incidents/{incident}", headers=reader).status_code == 200


def test_an_unknown_incident_is_404_whatever_is_cached(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    open_incident(http, reporter)
    missing = http.get("/incidents/00000000-0000-4000-8000-000000000000")
    assert missing.status_code == 404
    assert missing.headers["content-type"] == "application/problem+json"


def test_without_the_cache_every_read_is_answered_by_the_route(settings: Settings) -> None:
    uncached = settings.model_copy(update={"view_cache_mb": 0})
    with serving(uncached) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        reporter = live.token("wire", Role.REPORTER)
        incident = open_incident(http, reporter)
        for _ in range(2):
            assert http.get(f"/incidents/{incident}").json()["version"] == 1
        assert through_middleware_alone(live, f"/incidents/{incident}", []) is None
