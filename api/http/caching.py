"""HTTP caching: entity tags, If-None-Match, Cache-Control, and HEAD wherever GET works.

A public record is read far more than it is written, and a breaking incident's page
is read by everyone at once: a cache in front (a proxy, a CDN) must be able to keep
answers and revalidate them cheaply. So every successful GET carries an `ETag`
(the incident's version where the route knows it; otherwise a hash of the body),
a request whose `If-None-Match` names it is answered `304 Not Modified` with no
body, and every answer says how long it may be kept: `immutable` for those that
can never change (the route says so: a view at `?version=N`, a history page that
ends before the current version, ...), `no-cache` (keep, but revalidate) for the
rest. `HEAD` is answered as the GET would be, without the body.

Done in one middleware in front of everything, so the quick read path, the routes
and the pages all behave alike. Event streams pass through untouched.
"""

from __future__ import annotations

import hashlib
from typing import Any

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

IMMUTABLE = "public, max-age=31536000, immutable"
REVALIDATE = "no-cache"
_STREAM = b"text/event-stream"


def content_tag(body: bytes) -> str:
    """A strong entity tag for a body: the start of its SHA-256."""
    return '"' + hashlib.sha256(body).hexdigest()[:32] + '"'


def matches(if_none_match: str, tag: str) -> bool:
    """Whether an If-None-Match header names `tag` (weak comparison, as RFC 9110 asks)."""
    wanted = tag.removeprefix("W/")
    candidates = (candidate.strip() for candidate in if_none_match.split(","))
    return any(c == "*" or c.removeprefix("W/") == wanted for c in candidates)


class ConditionalGets:
    """ASGI middleware: ETags, 304s and Cache-Control on GETs; HEAD as a bodiless GET."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer GET and HEAD with their caching headers; pass anything else on."""
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"
        if_none_match = _header(scope, b"if-none-match")
        answer = _Answer(send, head=head, if_none_match=if_none_match)
        await self.app({**scope, "method": "GET"} if head else scope, receive, answer.send)


class _Answer:
    """One response on its way out: held until its entity tag is known, then sent whole,
    without its body (HEAD), or as a 304."""

    def __init__(self, send: Send, *, head: bool, if_none_match: str | None) -> None:
        self._send = send
        self._head = head
        self._if_none_match = if_none_match
        self._start: Message | None = None
        self._chunks: list[bytes] = []
        self._passing = False  # streaming straight through (not a 200, or an event stream)
        self._done = False

    async def send(self, message: Message) -> None:
        """Take a message from the app."""
        if message["type"] == "http.response.start":
            headers = MutableHeaders(scope=message)
            if message["status"] != 200 or headers.get("content-type", "").encode().startswith(
                _STREAM
            ):
                self._passing = True
                await self._send(message)
                return
            self._start = message
            if "etag" in headers:
                await self._decide(headers["etag"], b"", final=False)
            return
        if message["type"] != "http.response.body" or self._done:
            return
        if self._passing:
            await self._send(self._bodiless(message) if self._head else message)
            return
        self._chunks.append(message.get("body", b""))
        if message.get("more_body", False):
            return
        body = b"".join(self._chunks)
        assert self._start is not None
        headers = MutableHeaders(scope=self._start)
        await self._decide(headers.get("etag") or content_tag(body), body, final=True)

    async def _decide(self, tag: str, body: bytes, *, final: bool) -> None:
        """Send the answer once its tag is known: a 304, or the response (whole, or passing
        the rest of its body straight through when its tag came with its headers)."""
        assert self._start is not None
        start = self._start
        headers = MutableHeaders(scope=start)
        headers["etag"] = tag
        if "cache-control" not in headers:
            headers["cache-control"] = REVALIDATE
        if self._if_none_match is not None and matches(self._if_none_match, tag):
            self._done = True
            kept = {"etag": tag, "cache-control": headers["cache-control"]}
            await self._send(
                {
                    "type": "http.response.start",
                    "status": 304,
                    "headers": [(k.encode(), v.encode()) for k, v in kept.items()]
                    + _security_headers(start),
                }
            )
            await self._send({"type": "http.response.body", "body": b""})
            return
        await self._send(start)
        if final:
            await self._send({"type": "http.response.body", "body": b"" if self._head else body})
        else:
            self._passing = True

    @staticmethod
    def _bodiless(message: Message) -> Message:
        return {**message, "body": b""}


def _security_headers(start: Message) -> list[tuple[bytes, bytes]]:
    """The headers a 304 keeps besides its tag: those that say how to treat the resource."""
    keep = {b"vary", b"x-content-type-options", b"referrer-policy"}
    return [(name, value) for name, value in start.get("headers", []) if name.lower() in keep]


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope["headers"]:
        if key == name:
            text: Any = value.decode("latin-1")
            return str(text)
    return None
