"""Limits that keep one client from hurting the record: body size, write and read rates.

Bodies over 64 KiB are refused with 413 before they are read in full (by their
Content-Length, or as they stream in). Writes are rate-limited per token with a
token bucket in each serving process: `INCIDENTS_WRITE_RATE` writes per second
sustained, bursts up to `INCIDENTS_WRITE_BURST`; beyond that, 429 with
Retry-After. Reads may be limited too, per client (its token, or else its
address): `INCIDENTS_READ_RATE` a second, bursts of `INCIDENTS_READ_BURST`.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.problems import Problem, problem_response
from api.http.session import session_token

MAX_BODY = 64 * 1024


def too_large() -> Problem:
    """The problem for an oversized body."""
    return Problem(
        413,
        "Content too large",
        f"request bodies are limited to {MAX_BODY // 1024} KiB",
        kind="content-too-large",
    )


class BodyLimit:
    """ASGI middleware refusing request bodies over `limit` bytes with a 413 problem."""

    def __init__(self, app: ASGIApp, limit: int = MAX_BODY) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Check the declared length, then count what streams in."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            response = problem_response(Request(scope), too_large())
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise too_large()
            return message

        await self.app(scope, counted, send)


@dataclass
class _Bucket:
    tokens: float
    updated: float


MAX_BUCKETS = 100_000  # clients remembered at once; full buckets are forgotten first


@dataclass
class RateLimiter:
    """A token bucket per client (a token's name, an address); `rate` 0 turns it off."""

    rate: float
    burst: int
    what: str = "write"
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, name: str) -> None:
        """Spend one request of `name`'s allowance, or raise a 429 problem."""
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
            if len(self._buckets) >= MAX_BUCKETS:
                self._forget_the_rested(now)
            bucket = self._buckets.setdefault(name, _Bucket(float(self.burst), now))
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
            if bucket.tokens >= 1:
                bucket.tokens -= 1
                return
            wait = (1 - bucket.tokens) / self.rate
        raise Problem(
            429,
            "Too many requests",
            f"{name!r} may {self.what} {self.rate:g} times a second "
            f"(bursts of {self.burst}); try again in {wait:.1f} s",
            kind="rate-limited",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )

    def _forget_the_rested(self, now: float) -> None:
        """Forget the clients whose buckets have filled up again (they lose nothing)."""
        rested = [
            name
            for name, bucket in self._buckets.items()
            if bucket.tokens + (now - bucket.updated) * self.rate >= self.burst
        ]
        for name in rested:
            del self._buckets[name]


class ReadLimit:
    """ASGI middleware: reads (GET, HEAD) within `INCIDENTS_READ_RATE` per client, whose
    key is its token (the id part, from the header or its session) or else its address;
    beyond that, 429 with Retry-After. `/healthz` is never limited."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Spend one read of the client's allowance, or answer 429."""
        limiter: RateLimiter | None = None
        if scope["type"] == "http" and scope["method"] in ("GET", "HEAD"):
            parts = getattr(scope["app"].state, "parts", None)
            limiter = None if parts is None else parts.read_limiter
        if limiter is None or limiter.rate <= 0 or scope["path"] == "/healthz":
            await self.app(scope, receive, send)
            return
        try:
            limiter.take(client_key(scope))
        except Problem as problem:
            await problem_response(Request(scope), problem)(scope, receive, send)
            return
        await self.app(scope, receive, send)


def client_key(scope: Scope) -> str:
    """Whom a read counts against: its token's id, or else the address it comes from."""
    token = session_token(scope)
    for name, value in scope["headers"]:
        if name == b"authorization":
            token = value.decode("latin-1").partition(" ")[2].strip()
    if token:
        return "token " + token.partition(".")[0][:40]
    client = scope.get("client")
    return "address " + (client[0] if client else "unknown")
