"""Private reads: with `INCIDENTS_READS_REQUIRE_TOKEN=true`, nothing but `/healthz` is
answered without a valid token: not the API, the pages, the docs, `/openapi.json`,
nor the static files.

API clients send `Authorization: Bearer <token>`. A browser cannot, so a browser
without a session gets a small sign-in page instead of data: one form, posted to
`/ui/sign-in`, with one password field for the token. A valid token becomes a
session cookie (`HttpOnly`, `SameSite=Strict`, `Secure` behind TLS) holding it, and
the browser is sent back to the page it asked for. The cookie only ever opens
reads: writes take the Authorization header alone, so a page of another site can
never write through a reader's browser. The token is checked on every request,
so a revoked token closes its sessions at once.
"""

from __future__ import annotations

import base64
import hashlib
from html import escape
from urllib.parse import parse_qs, quote

from eventsourcing.persistence import InterfaceError, OperationalError
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from api.access import Principal
from api.bootstrap import Parts
from api.http.problems import Problem, problem_response, store_unavailable
from api.http.session import COOKIE, session_token
from api.storage.tokens import principal_of

SIGN_IN = "/ui/sign-in"
OPEN = frozenset({"/healthz", SIGN_IN})
MAX_FORM = 4096

_STYLE = (
    "body{font:16px/1.5 system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem}"
    "input{width:100%;padding:.5rem;font:inherit;box-sizing:border-box}"
    "button{margin-top:1rem;padding:.5rem 1rem;font:inherit}.refused{color:#b00020}"
)
_STYLE_HASH = base64.b64encode(hashlib.sha256(_STYLE.encode()).digest()).decode()
# The sign-in page loads nothing; its one inline style is allowed by its hash.
SIGN_IN_POLICY = (
    f"default-src 'none'; style-src 'sha256-{_STYLE_HASH}'; form-action 'self'; "
    "frame-ancestors 'none'; base-uri 'none'"
)


def sign_in_page(back_to: str, refused: bool = False, status: int = 401) -> HTMLResponse:
    """The sign-in form, sending the browser back to `back_to` once signed in."""
    notice = '<p class="refused">That token is unknown or revoked.</p>' if refused else ""
    html = (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>Sign in - Incident record</title><style>{_STYLE}</style></head><body>"
        "<h1>Incident record</h1><p>Reading this record needs a token.</p>"
        f'{notice}<form method="post" action="{SIGN_IN}">'
        f'<input type="hidden" name="next" value="{escape(back_to)}">'
        '<label for="token">Token</label>'
        '<input id="token" name="token" type="password" autocomplete="current-password"'
        ' required autofocus><button type="submit">Sign in</button></form></body></html>'
    )
    headers = {"Content-Security-Policy": SIGN_IN_POLICY, "Cache-Control": "no-store"}
    return HTMLResponse(html, status_code=status, headers=headers)


def safe_target(target: str) -> str:
    """Where to send a browser after it signs in: a path of this service, never another
    site's address (`//evil.example`, `https://...`)."""
    if not target.startswith("/") or target.startswith("//") or "\\" in target:
        return "/ui/"
    return target


class PrivateReads:
    """ASGI middleware: when reads need a token, a request without a valid one gets the
    sign-in page (a browser) or a 401 problem (anyone else)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Let a request with a valid token (header or session) through."""
        parts: Parts | None = None
        if scope["type"] == "http":
            parts = getattr(scope["app"].state, "parts", None)
        if parts is None or not parts.settings.reads_require_token or scope["path"] == "/healthz":
            await self.app(scope, receive, send)
            return
        request = Request(scope, receive)
        if scope["path"] == SIGN_IN:
            response = await self._sign_in(request, parts)
            await response(scope, receive, send)
            return
        if request.headers.get("authorization") is not None:
            await self.app(scope, receive, send)  # the routes check it, as always
            return
        token = session_token(scope)
        try:
            signed_in = token is not None and await _principal(parts, token) is not None
        except (OperationalError, InterfaceError):
            await problem_response(request, store_unavailable())(scope, receive, send)
            return
        if signed_in:
            await self.app(scope, receive, send)
            return
        await self._refuse(request)(scope, receive, send)

    @staticmethod
    def _refuse(request: Request) -> Response:
        if "text/html" in request.headers.get("accept", "") and request.method in ("GET", "HEAD"):
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return sign_in_page(target)
        problem = Problem(
            401,
            "Unauthorized",
            "reads need a token on this server",
            kind="unauthorized",
            headers={"WWW-Authenticate": "Bearer"},
        )
        return problem_response(request, problem)

    @staticmethod
    async def _sign_in(request: Request, parts: Parts) -> Response:
        if request.method != "POST":
            return sign_in_page(safe_target(request.query_params.get("next", "/ui/")), status=200)
        body = await request.body()
        form = parse_qs(body[:MAX_FORM].decode("utf-8", "replace"))
        target = safe_target((form.get("next") or ["/ui/"])[0])
        token = (form.get("token") or [""])[0].strip()
        if not token or len(token) > MAX_FORM or await _principal(parts, token) is None:
            return sign_in_page(target, refused=True)
        response = RedirectResponse(quote(target, safe="/?=&%:#;,+@!$'()*~-._"), 303)
        response.set_cookie(
            COOKIE,
            token,
            httponly=True,
            samesite="strict",
            secure=_behind_tls(request, parts),
            path="/",
        )
        return response


def _behind_tls(request: Request, parts: Parts) -> bool:
    public = parts.settings.public_url or ""
    return request.url.scheme == "https" or public.startswith("https://")


async def _principal(parts: Parts, token: str) -> Principal | None:
    return await parts.lookups.point(principal_of(token))
