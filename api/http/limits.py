"""Limits that keep one client from hurting the record: body size and write rate.

Bodies over 64 KiB are refused with 413 before they are read in full (by their
Content-Length, or as they stream in). Writes are rate-limited per token with a
token bucket in each serving process: `INCIDENTS_WRITE_RATE` writes per second
sustained, bursts up to `INCIDENTS_WRITE_BURST`; beyond that, 429 with
Retry-After.
"""

from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http.problems import Problem, problem_response

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


@dataclass
class WriteRateLimiter:
    """A token bucket per token name; `rate` 0 turns the limit off."""

    rate: float
    burst: int
    _buckets: dict[str, _Bucket] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, name: str) -> None:
        """Spend one write of `name`'s allowance, or raise a 429 problem."""
        if self.rate <= 0:
            return
        now = time.monotonic()
        with self._lock:
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
            f"the token {name!r} may write {self.rate:g} times a second "
            f"(bursts of {self.burst}); try again in {wait:.1f} s",
            kind="rate-limited",
            headers={"Retry-After": str(max(1, math.ceil(wait)))},
        )
