"""Limits: oversized bodies are 413, writes beyond a token's rate are 429 with Retry-After."""

from __future__ import annotations

from collections.abc import Iterator

import httpx

from api.access import Role
from api.settings import Settings
from tests.conftest import serving

KYIV = {"name": "Kyiv Independent"}
OPENING = {
    "title": "T",
    "occurred_at": "2024-03-22T19:58:00+03:00",
    "location": {"name": "L"},
    "source": KYIV,
}


def test_a_body_over_64_kib_is_413_by_its_declared_length(
    http: httpx.Client, reporter: dict[str, str]
) -> None:
    body = {**OPENING, "summary": "x" * (64 * 1024)}
    response = http.post("/incidents", json=body, headers=reporter)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert http.get("/incidents").json()["items"] == []


def test_a_streamed_body_over_64_kib_is_413(http: httpx.Client, reporter: dict[str, str]) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"title": "T", "summary": "'
        for _ in range(70):
            yield b"x" * 1024
        yield b'"}'

    response = http.post(
        "/incidents", content=chunks(), headers={**reporter, "Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert http.get("/incidents").json()["items"] == []


def test_a_body_just_under_the_limit_is_read(http: httpx.Client, reporter: dict[str, str]) -> None:
    body = {**OPENING, "summary": "x" * 10_000}
    assert http.post("/incidents", json=body, headers=reporter).status_code == 201


def test_writes_beyond_a_tokens_rate_are_429_with_retry_after(settings: Settings) -> None:
    limited = settings.model_copy(update={"write_rate": 1.0, "write_burst": 3})
    with serving(limited) as live, httpx.Client(base_url=live.url, timeout=30) as http:
        fast, other = live.token("fast", Role.REPORTER), live.token("other", Role.REPORTER)
        statuses = [
            http.post("/incidents", json=OPENING, headers=fast).status_code for _ in range(5)
        ]
        assert statuses[:3] == [201, 201, 201]
        assert 429 in statuses[3:]
        refused = http.post("/incidents", json=OPENING, headers=fast)
        assert refused.status_code == 429
        assert refused.headers["content-type"] == "application/problem+json"
        assert int(refused.headers["retry-after"]) >= 1
        assert http.post("/incidents", json=OPENING, headers=other).status_code == 201
        assert http.get("/incidents", headers=fast).status_code == 200  # reads are not limited
        written = len(http.get("/incidents").json()["items"])
        assert written == statuses.count(201) + 1
