"""Security headers on every answer the service gives.

Every answer says `X-Content-Type-Options: nosniff` (a browser must not guess a
type: a JSON body must never run as a page) and `Referrer-Policy: no-referrer`.
Every HTML answer (pages, error pages, the docs) also gets a
`Content-Security-Policy` of its own files only, that no other site may frame
(`frame-ancestors 'none'`, and `X-Frame-Options: DENY` for older browsers); a
page that needs an inline script or style sets its own policy, allowing exactly
that one by nonce or hash.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PAGE_POLICY = (
    "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; "
    "form-action 'self'; object-src 'none'"
)


class SecurityHeaders:
    """ASGI middleware: the security headers, added to every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request on; add the headers to its answer."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers["X-Content-Type-Options"] = "nosniff"
                headers["Referrer-Policy"] = "no-referrer"
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", PAGE_POLICY)
                    headers["X-Frame-Options"] = "DENY"
            await send(message)

        await self.app(scope, receive, send_with_headers)
