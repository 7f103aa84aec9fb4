"""The two requests answered in front of the routes: the current view from the cache,
and plain entry writes. Each gives the route's answer (a write sent with `If-Match: *`,
which asks for nothing, goes to the route), never a stale one, and never to a caller
the route would refuse."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import httpx
import psycopg
import pytest

from api.access import Role
from api.http.quick import CurrentViews, QuickWrites
from api.settings import Settings
from tests.conftest import WRITE_PATHS, Live, serving
from tests.support.client import FIGURE, open_incident

SAME_HEADERS = ("etag", "content-type", "content-length")


def through_middleware_alone(
    live: Live,
    path: str,
    headers: list[tuple[bytes, bytes]],
    method: str = "GET",
    body: bytes = b"",
) -> Any:
    """What the middleware of `method` answers by itself: (status, headers, body); or,
    when it hands the request on, None and the body the routes then read."""
    sent: list[dict[str, Any]] = []
    handed_on: list[bytes] = []

    async def routes(scope: Any, receive: Any, send: Any) -> None:
        message = await receive()
        handed_on.append(message.get("body", b""))

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": body}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    class App:
        state = type("State", (), {"parts": live.parts})()

    middleware = CurrentViews(routes) if method == "GET" else QuickWrites(routes)
    scope = {"type": "http", "method": method, "path": path, "query_string": b""}
    asyncio.run(middleware({**scope, "headers": headers, "app": App()}, receive, send))
    if handed_on:
        return None if method == "GET" else (None, handed_on[0])
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
    live.parts.tokens.revoke("short-lived")
    assert http.get(f"/incidents/{incident}", headers=revoked).status_code == 401


@pytest.mark.parametrize("write_path", WRITE_PATHS)
@pytest.mark.parametrize("route", [False, True], ids=["quick", "route"])
def test_a_token_revoked_after_it_wrote_writes_no_more(
    live: Live, http: httpx.Client, route: bool
) -> None:
    """A token found valid is remembered, not read again for a write, and the writer
    reads whether it is revoked once for each group: a write sent after the revocation
    is refused with the problem of a revoked token, and nothing is written. Plain writes
    go the quick path; with an Idempotency-Key, the route's, which reads the token."""
    headers = live.token("short-lived", Role.REPORTER)
    token = headers["Authorization"].removeprefix("Bearer ")
    sent = iter(range(10))

    def post() -> httpx.Response:
        keyed = {"Idempotency-Key": f"key-{next(sent)}"} if route else {}
        return http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=headers | keyed)

    incident = open_incident(http, headers)
    assert post().status_code == 201
    assert live.parts.known_tokens.get(token) is not None  # not read again
    live.parts.tokens.revoke("short-lived")
    read = http.get(f"/incidents/{incident}", headers=headers)  # reads read the token
    assert read.status_code == 401
    for _ in range(2):  # refused by the writer, then (forgotten) by the token's read
        refused = post()
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"] == read.headers["www-authenticate"]
        assert refused.headers["content-type"] == "application/problem+json"
        answer, expected = refused.json(), read.json()
        assert {k: answer[k] for k in ("type", "title", "status", "detail")} == {
            k: expected[k] for k in ("type", "title", "status", "detail")
        }
        assert live.parts.known_tokens.get(token) is None
    assert http.get(f"/incidents/{incident}").json()["version"] == 2


@pytest.mark.parametrize("fault", ["body", "role"])
def test_a_revoked_token_the_server_knows_is_refused_before_the_writes_other_faults(
    live: Live, http: httpx.Client, fault: str
) -> None:
    """A write that the quick path would hand on to the route (a body the route refuses,
    a role too low) makes the route read the token: 401, as for any revoked token, not
    the 422 or 403 the write would get with a token still valid."""
    headers = live.token("short-lived", Role.REPORTER)
    token = headers["Authorization"].removeprefix("Bearer ")
    incident = open_incident(http, headers)
    assert live.parts.known_tokens.get(token) is not None
    live.parts.tokens.revoke("short-lived")
    segment, body = ("figures", {"category": "killed"}) if fault == "body" else (
        "retractions", {"entry": 1, "reason": "did not hold"}
    )  # fmt: skip
    refused = http.post(f"/incidents/{incident}/{segment}", json=body, headers=headers)
    assert refused.status_code == 401
    assert refused.json()["detail"] == "the token is unknown or revoked"
    assert live.parts.known_tokens.get(token) is None


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


ENTRIES: dict[str, dict[str, Any]] = {
    "figures": FIGURE,
    "attributions": {
        "party": "Islamic State",
        "stance": "claims",
        "asserted_by": "Islamic State",
        "stated_at": "2024-03-22T23:00:00+03:00",
        "source": {"name": "Amaq"},
    },
    "statements": {
        "speaker": "Kremlin",
        "statement": "A terrorist attack.",
        "stated_at": "2024-03-22T23:30:00+03:00",
        "source": {"name": "TASS"},
    },
    "revisions": {"title": "Crocus City Hall attack, Krasnogorsk", "reason": "place"},
}


@pytest.mark.parametrize("route", [*ENTRIES, "retractions"])
def test_a_plain_write_answers_as_the_route_does(
    live: Live, http: httpx.Client, editor: dict[str, str], route: str
) -> None:
    incident = open_incident(http, editor)
    for _ in range(2):  # entries 2 and 3, to retract
        http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=editor)
    first = {**ENTRIES, "retractions": {"entry": 2, "reason": "wrong"}}[route]
    second = {
        **ENTRIES,
        "revisions": {"summary": "Gunmen opened fire.", "reason": "more"},  # a change again
        "retractions": {"entry": 3, "reason": "wrong"},
    }[route]
    quick = http.post(f"/incidents/{incident}/{route}", json=first, headers=editor)
    routed = http.post(
        f"/incidents/{incident}/{route}", json=second, headers={**editor, "If-Match": "*"}
    )
    assert quick.status_code == routed.status_code == 201, (quick.text, routed.text)
    assert quick.headers["content-type"] == routed.headers["content-type"]
    assert (quick.headers["etag"], routed.headers["etag"]) == ('"4"', '"5"')
    mine, theirs = quick.json(), routed.json()
    assert list(mine) == list(theirs)  # the same fields in the same order
    assert (mine["entry"], theirs["entry"]) == (4, 5)
    assert mine["position"] < theirs["position"]
    if route == "figures":
        assert mine["figure"] == theirs["figure"]
    history = http.get(f"/incidents/{incident}/history").json()["entries"]
    assert [e["reported_by"] for e in history[3:]] == ["editor-1", "editor-1"]


def test_the_quick_path_carries_out_plain_writes_and_hands_on_the_rest(
    live: Live, http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)
    token = reporter["Authorization"].encode()
    body = json.dumps(FIGURE).encode()
    plain = [
        (b"authorization", token),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    path = f"/incidents/{incident}/figures"
    status, headers, answer = through_middleware_alone(live, path, plain, "POST", body)
    assert status == 201 and headers[b"etag"] == b'"2"'
    assert json.loads(answer)["entry"] == 2
    handed_on = [
        [*plain, (b"if-match", b'"2"')],
        [*plain, (b"idempotency-key", b"k-1")],
        [(b"authorization", b"Bearer nope"), *plain[1:]],
        plain[1:],  # no token
        [plain[0], (b"content-type", b"text/plain"), plain[2]],
    ]
    for headers_sent in handed_on:
        assert through_middleware_alone(live, path, headers_sent, "POST", body) == (None, body)
    invalid = json.dumps({**FIGURE, "category": "bored"}).encode()
    assert through_middleware_alone(live, path, plain, "POST", invalid) == (None, invalid)
    reporter_revising = f"/incidents/{incident}/revisions"
    revision = json.dumps(ENTRIES["revisions"]).encode()
    assert through_middleware_alone(live, reporter_revising, plain, "POST", revision) == (
        None,
        revision,
    )
    assert http.get(f"/incidents/{incident}").json()["version"] == 2  # nothing else written


@pytest.mark.parametrize(
    ("change", "status"),
    [
        ({"text": "a lot"}, 422),  # refused by the domain, after the body validated
        ({"text": "40", "value": 41}, 422),
        ({"category": "bored"}, 422),  # refused by validation: the route answers
        ({"as_of": "yesterday"}, 422),
    ],
)
def test_a_refused_write_gets_the_routes_problem(
    http: httpx.Client, reporter: dict[str, str], change: dict[str, Any], status: int
) -> None:
    incident = open_incident(http, reporter)
    body = {**FIGURE, **change}
    quick = http.post(f"/incidents/{incident}/figures", json=body, headers=reporter)
    routed = http.post(
        f"/incidents/{incident}/figures", json=body, headers={**reporter, "If-Match": "*"}
    )
    assert quick.status_code == routed.status_code == status
    assert quick.headers["content-type"] == routed.headers["content-type"]
    assert quick.json() == routed.json()
    missing = "/incidents/00000000-0000-4000-8000-000000000000/figures"
    unknown = http.post(missing, json=FIGURE, headers=reporter)
    assert unknown.status_code == 404
    assert (
        unknown.json()
        == http.post(missing, json=FIGURE, headers={**reporter, "If-Match": "*"}).json()
    )
    assert http.get(f"/incidents/{incident}").json()["version"] == 1


def test_the_quick_path_keeps_the_write_rate(settings: Settings) -> None:
    limited = settings.model_copy(update={"write_rate": 0.001, "write_burst": 1})
    with serving(limited) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        reporter = live.token("wire", Role.REPORTER)
        incident = open_incident(http, reporter)  # the burst's one write
        refused = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter)
        assert refused.status_code == 429 and refused.headers["retry-after"]
        assert refused.json()["type"] == "urn:incidents:problem:rate-limited"


def test_a_store_that_does_not_answer_is_503_on_the_quick_paths_too(postgres_url: str) -> None:
    settings = Settings(database_url=postgres_url, writer_process=False)
    name = postgres_url.rsplit("/", 1)[1]
    server = postgres_url.rsplit("/", 1)[0] + "/postgres"
    with serving(settings) as live, httpx.Client(base_url=live.url, timeout=60) as http:
        reporter = live.token("wire", Role.REPORTER)
        incident = open_incident(http, reporter)
        assert http.get(f"/incidents/{incident}").status_code == 200  # cached now
        with psycopg.connect(server, autocommit=True) as admin:
            admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS false')
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s",
                (name,),
            )
            try:
                for answer in (
                    http.get(f"/incidents/{incident}"),
                    http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter),
                ):
                    assert answer.status_code == 503, answer.text
                    assert answer.headers["content-type"] == "application/problem+json"
                    assert answer.headers["retry-after"] == "1"
            finally:
                admin.execute(f'ALTER DATABASE "{name}" ALLOW_CONNECTIONS true')


def test_repeated_headers_are_read_as_the_routes_read_them(
    live: Live, http: httpx.Client, editor: dict[str, str]
) -> None:
    incident = open_incident(http, editor)
    reader = live.token("reader-1", Role.READER)["Authorization"].encode()
    body = json.dumps({"entry": 1, "reason": "wrong"}).encode()
    headers = [
        (b"authorization", reader),  # the first: the one the routes read
        (b"authorization", editor["Authorization"].encode()),
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    path = f"/incidents/{incident}/retractions"
    assert through_middleware_alone(live, path, headers, "POST", body) == (None, body)
    refused = http.post(
        path, content=body, headers=[(k.decode(), v.decode()) for k, v in headers[:3]]
    )
    assert refused.status_code == 403
