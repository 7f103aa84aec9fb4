"""Safe in public: security headers on every answer, docs with no internet, private reads
with a browser sign-in, streams that end on revocation, read limits, and redirects that
never trust the Host header."""

from __future__ import annotations

import threading
import time

import httpx
import pytest
from playwright.sync_api import Browser

from api.access import Role
from api.settings import Settings
from tests.conftest import Live, serving
from tests.support.client import FIGURE, open_incident
from tests.support.visits import visiting

# The one thing a docs page may fail to load: ReDoc's decorative Redocly logo, which
# its bundle fetches from a CDN and our policy blocks.
REDOC_LOGO = "cdn.redoc.ly"


def answers(http: httpx.Client, incident: str) -> dict[str, httpx.Response]:
    """One answer of every kind the service gives."""
    return {
        "json": http.get(f"/incidents/{incident}"),
        "list": http.get("/incidents"),
        "problem 404": http.get("/incidents/00000000-0000-4000-8000-000000000000"),
        "problem 405": http.delete("/incidents"),
        "problem 422": http.get("/incidents", params={"limit": 0}),
        "not found": http.get("/nowhere"),
        "304": http.get(f"/incidents/{incident}", headers={"If-None-Match": '"1"'}),
        "head": http.head(f"/incidents/{incident}"),
        "csv": http.get(f"/incidents/{incident}/figures.csv"),
        "page": http.get("/ui/"),
        "error page": http.get("/ui/incidents/00000000-0000-4000-8000-000000000000"),
        "docs": http.get("/docs"),
        "redoc": http.get("/redoc"),
        "openapi": http.get("/openapi.json"),
        "static": http.get("/ui/static/style.css"),
        "docs static": http.get("/docs/static/swagger-ui.css"),
        "health": http.get("/healthz"),
    }


def test_every_answer_carries_the_security_headers(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    incident = open_incident(http, reporter)

    for kind, response in answers(http, incident).items():
        assert response.headers.get("x-content-type-options") == "nosniff", kind
        assert response.headers.get("referrer-policy") == "no-referrer", kind
        if response.headers.get("content-type", "").startswith("text/html"):
            policy = response.headers["content-security-policy"]
            assert "default-src 'self'" in policy, kind
            assert "frame-ancestors 'none'" in policy, kind
            assert "unsafe-inline" not in policy, kind
            assert response.headers["x-frame-options"] == "DENY", kind


def test_the_redirect_to_the_pages_is_relative_whatever_the_host(http: httpx.Client) -> None:
    response = http.get("/ui", headers={"Host": "evil.example"}, follow_redirects=False)

    assert response.status_code == 308
    assert response.headers["location"] == "/ui/"


@pytest.mark.parametrize("path", ["/docs", "/redoc"])
def test_the_docs_render_with_the_network_blocked(browser: Browser, live: Live, path: str) -> None:
    with visiting(browser, live.url) as visit:
        visit.page.goto(live.url + path)
        if path == "/docs":
            visit.page.wait_for_selector(".opblock", timeout=15_000)
            assert visit.page.locator(".opblock").count() >= 20
        else:
            visit.page.wait_for_selector("h1", timeout=15_000)
            assert "Incident record" in visit.page.locator("h1").first.inner_text()
            assert visit.page.locator("h2").count() >= 10

        assert visit.outside == []
        assert [e for e in visit.errors if REDOC_LOGO not in e] == []


def closed(settings: Settings) -> Settings:
    """The settings of a server whose reads need a token."""
    return settings.model_copy(update={"reads_require_token": True, "stream_keepalive": 0.5})


@pytest.mark.parametrize(
    "path", ["/incidents", "/ui/", "/docs", "/redoc", "/openapi.json", "/ui/static/style.css",
             "/docs/static/swagger-ui.css", "/feed", "/checkpoint/key"],
)  # fmt: skip
def test_private_reads_close_everything_but_the_health_check(settings: Settings, path: str) -> None:
    with serving(closed(settings)) as live, httpx.Client(base_url=live.url) as http:
        reader = live.token("reader-1", Role.READER)

        assert http.get(path).status_code == 401
        assert http.get(path, headers=reader).status_code == 200
        assert http.get("/healthz").status_code == 200


def test_a_browser_signs_in_once_and_reads_the_pages(browser: Browser, settings: Settings) -> None:
    with serving(closed(settings)) as live:
        secret = live.token("reader-1", Role.READER)["Authorization"].removeprefix("Bearer ")
        with visiting(browser, live.url) as visit:
            visit.page.goto(live.url + "/ui/?q=crocus")
            assert visit.page.locator("input[type=password]").count() == 1
            visit.page.fill("input[type=password]", "inc_0123456789abcdef.not-a-token")
            visit.page.click("button[type=submit]")
            assert "unknown or revoked" in visit.page.content()

            visit.errors.clear()  # the sign-in page is a 401, which the console reports
            visit.page.fill("input[type=password]", secret)
            visit.page.click("button[type=submit]")
            visit.page.wait_for_load_state()

            assert visit.page.url == live.url + "/ui/?q=crocus"
            assert visit.page.locator("input[type=password]").count() == 0
            cookie = visit.page.context.cookies()[0]
            assert (cookie["httpOnly"], cookie["sameSite"]) == (True, "Strict")
            assert visit.outside == []
            assert visit.errors == []

            live.parts.tokens.revoke("reader-1")
            visit.page.goto(live.url + "/ui/")
            assert visit.page.locator("input[type=password]").count() == 1


def test_a_session_cookie_opens_reads_but_never_writes(settings: Settings) -> None:
    with serving(closed(settings)) as live, httpx.Client(base_url=live.url) as http:
        secret = live.token("editor-1", Role.EDITOR)["Authorization"].removeprefix("Bearer ")
        signed = http.post(
            "/ui/sign-in", data={"token": secret, "next": "/incidents"}, follow_redirects=False
        )
        assert signed.status_code == 303
        assert signed.headers["location"] == "/incidents"
        assert "HttpOnly" in signed.headers["set-cookie"]
        assert "SameSite=strict" in signed.headers["set-cookie"]

        assert http.get("/incidents").status_code == 200  # the cookie, kept by the client
        refused = http.post("/incidents", json={"title": "x"})
        assert refused.status_code == 401


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_signing_in_never_sends_a_browser_to_another_site(settings: Settings, target: str) -> None:
    with serving(closed(settings)) as live, httpx.Client(base_url=live.url) as http:
        secret = live.token("reader-1", Role.READER)["Authorization"].removeprefix("Bearer ")

        signed = http.post(
            "/ui/sign-in", data={"token": secret, "next": target}, follow_redirects=False
        )

        assert signed.headers["location"] == "/ui/"


def test_an_open_stream_ends_once_its_token_is_revoked(settings: Settings) -> None:
    with serving(closed(settings)) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        reader = live.token("reader-1", Role.READER)
        ended = threading.Event()

        def listen() -> None:
            with http.stream("GET", "/feed/stream", headers=reader) as response:
                for _ in response.iter_lines():
                    pass
            ended.set()

        listener = threading.Thread(target=listen, daemon=True)
        listener.start()
        time.sleep(1.0)
        assert not ended.is_set()
        revoked_at = time.monotonic()
        live.parts.tokens.revoke("reader-1")

        assert ended.wait(timeout=10)
        assert time.monotonic() - revoked_at <= 0.5 + 2  # the keep-alive, and a poll


def test_reads_beyond_the_read_rate_are_429_with_retry_after(
    settings: Settings,
) -> None:
    limited = settings.model_copy(update={"read_rate": 1.0, "read_burst": 3})
    with serving(limited) as live, httpx.Client(base_url=live.url) as http:
        statuses = [http.get("/incidents").status_code for _ in range(5)]
        other = live.token("reader-1", Role.READER)

        assert statuses[:3] == [200, 200, 200]
        refused = http.get("/incidents")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert http.get("/incidents", headers=other).status_code == 200  # its own allowance
        assert http.get("/healthz").status_code == 200


def test_writes_are_not_counted_as_reads(settings: Settings) -> None:
    limited = settings.model_copy(update={"read_rate": 1.0, "read_burst": 1})
    with serving(limited) as live, httpx.Client(base_url=live.url) as http:
        reporter = live.token("reporter-1", Role.REPORTER)
        incident = open_incident(http, reporter)
        for _ in range(3):
            response = http.post(f"/incidents/{incident}/figures", json=FIGURE, headers=reporter)
            assert response.status_code == 201
