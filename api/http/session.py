"""A browser's session: the cookie that carries its token once it has signed in."""

from __future__ import annotations

from starlette.types import Scope

COOKIE = "incidents_session"


def session_token(scope: Scope) -> str | None:
    """The token of the request's session cookie, if it has one."""
    headers: list[tuple[bytes, bytes]] = scope["headers"]
    for name, value in headers:
        if name == b"cookie":
            for part in value.decode("latin-1").split(";"):
                key, _, token = part.strip().partition("=")
                if key == COOKIE and token:
                    return token
    return None
