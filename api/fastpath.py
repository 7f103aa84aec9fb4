"""The current view of an incident, answered from the view cache in front of the routes.

`GET /incidents/{id}` without a query is the most frequent request the service
serves, and FastAPI's routing and dependencies cost more than everything else it
needs: one probe for the incident's current version, one dictionary lookup for
that version's JSON. So this middleware answers it when it can: the caller's
token (if any) is good, reads are open to the caller, and the view of the current
version is cached. In every other case (not cached yet, no such incident, a token
to refuse, a query string) the request goes on to the route, which answers it
and caches the view for the next time. Both answer with the same bytes and
headers, which the tests check.
"""

from __future__ import annotations

import re
from uuid import UUID

from starlette.types import ASGIApp, Receive, Scope, Send

from api.deps import authenticate
from api.problems import Problem
from api.service import Service
from projections.models import LISTING

_VIEW = re.compile(r"/incidents/([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})")


class CurrentViews:
    """ASGI middleware: the cached current view of an incident, or on to the routes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Answer a plain GET of an incident from the cache, if it is there."""
        if scope["type"] == "http" and scope["method"] == "GET" and not scope["query_string"]:
            match = _VIEW.fullmatch(scope["path"])
            if match is not None and await self._answered(scope, send, UUID(match[1])):
                return
        await self.app(scope, receive, send)

    async def _answered(self, scope: Scope, send: Send, incident_id: UUID) -> bool:
        service: Service | None = getattr(scope["app"].state, "service", None)
        if service is None:
            return False
        authorization = next(
            (
                value.decode("latin-1")
                for name, value in scope["headers"]
                if name == b"authorization"
            ),
            None,
        )
        try:
            principal = await authenticate(service, authorization)
        except Problem:
            return False  # the route refuses it, with the problem
        if principal is None and service.settings.reads_require_token:
            return False
        version = await service.lookups.read(lambda db: LISTING.version(db, incident_id))
        body = None if version is None else service.view_cache.get(incident_id, version)
        if body is None:
            return False
        headers = [
            (b"etag", f'"{version}"'.encode()),
            (b"content-length", str(len(body)).encode()),
            (b"content-type", b"application/json"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True
