"""The two busiest requests, answered in front of FastAPI's routing when they are plain.

Reading an incident as it stands and posting an entry to one are what a busy
server does most, and FastAPI's routing and dependency resolution cost more than
the rest of their work. So two middlewares answer them when they can, with the
same functions the routes use, and hand everything else on to the routes:

- `CurrentViews`: `GET /incidents/{id}` without a query, from the view cache: one
  probe for the current version, one dictionary lookup for that version's JSON.
  Not cached yet, no such incident, a token to refuse: on to the route, which
  answers and caches the view for the next time.
- `QuickWrites`: `POST /incidents/{id}/<segment>` of a kind of entry in the table
  (`api.entry_kinds`), with a JSON body that validates as the kind's request and a
  token of the role the kind needs, without If-Match or Idempotency-Key. Anything else (a problem
  with the token or the body, a conditional or idempotent write) goes on to the
  route with its body, untouched, so the route answers it as it always did. Once a
  write is handed to the group writer, its answer is given here: the receipt, or
  the problem the route would give.

The tests check that both answer with the same bytes and headers as the routes.
"""

from __future__ import annotations

import json
import re
from typing import Any
from uuid import UUID

import pydantic_core
from eventsourcing.persistence import InterfaceError, OperationalError
from pydantic import ValidationError
from starlette.requests import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.access import Principal
from api.bootstrap import Parts
from api.entry_kinds import BY_SEGMENT, EntryKind
from api.http.deps import Write, authenticate_and_read, bearer, read_token
from api.http.etags import etag
from api.http.limits import MAX_BODY
from api.http.problems import Problem, problem_of, problem_response
from api.http.receipts import receipt_of
from api.http.requests import CommandRequest
from api.storage.mirror_state import mirror_of_database
from domain.application import Change
from domain.errors import IncidentError
from projections.models import LISTING

_ID = r"([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})"
_VIEW = re.compile(rf"/incidents/{_ID}")
# The kinds a plain write of which is answered here: those whose receipt needs no read.
_QUICK = {segment: kind for segment, kind in BY_SEGMENT.items() if kind.receipt_lookup is None}
_ENTRY = re.compile(rf"/incidents/{_ID}/({'|'.join(map(re.escape, _QUICK))})")


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
        parts: Parts | None = getattr(scope["app"].state, "parts", None)
        if parts is None:
            return False
        authorization = _first_headers(scope).get(b"authorization")
        try:
            principal, version = await authenticate_and_read(
                parts.lookups,
                authorization.decode("latin-1") if authorization else None,
                LISTING.version(incident_id),
            )
        except (Problem, OperationalError, InterfaceError):
            return False  # the route refuses it, or says the store is unavailable
        if principal is None and parts.settings.reads_require_token:
            return False
        if version is None:
            return False
        body = parts.view_cache.get(incident_id, version)
        if body is None:
            return False
        headers = [
            (b"etag", etag(version).encode()),
            (b"content-length", str(len(body)).encode()),
            (b"content-type", b"application/json"),
        ]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})
        return True


class QuickWrites:
    """ASGI middleware: a plain entry write carried out here, or on to the routes."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Carry out a plain entry write, or hand the request on with its body."""
        if scope["type"] != "http" or scope["method"] != "POST" or scope["query_string"]:
            await self.app(scope, receive, send)
            return
        match = _ENTRY.fullmatch(scope["path"])
        headers = _first_headers(scope)
        declared = headers.get(b"content-length", b"")
        if (
            match is None
            or b"if-match" in headers
            or b"idempotency-key" in headers
            or headers.get(b"content-type", b"").split(b";")[0].strip() != b"application/json"
            or not declared.isdigit()
            or int(declared) > MAX_BODY
        ):
            await self.app(scope, receive, send)
            return
        body, more = await _read(receive)
        kind = _QUICK[match[2]]
        if more or not await self._written(scope, send, UUID(match[1]), kind, headers, body):
            await self.app(scope, _replaying(body, more, receive), send)

    async def _written(
        self, scope: Scope, send: Send, incident_id: UUID, kind: EntryKind[Any],
        headers: dict[bytes, bytes], body: bytes,
    ) -> bool:  # fmt: skip
        admitted = await _admitted(scope, kind, headers, body)
        if admitted is None:
            return False
        parts, (principal, token), request_body = admitted
        try:
            command = request_body.to_command(principal.name)
            write = Write(parts, principal, token, expected=None, key=None)
            recorded, _ = await write.carry_out(Change(incident_id, command))
        except (Problem, IncidentError, OperationalError, InterfaceError) as error:
            problem = problem_of(error)
            assert problem is not None
            await problem_response(Request(scope), problem)(scope, _no_body, send)
            return True
        # The JSON the route's response model gives, from the same serializer.
        encoded = pydantic_core.to_json(receipt_of(recorded, kind, command))
        response_headers = [
            (b"content-length", str(len(encoded)).encode()),
            (b"content-type", b"application/json"),
            (b"etag", etag(recorded.version).encode()),
        ]
        await send({"type": "http.response.start", "status": 201, "headers": response_headers})
        await send({"type": "http.response.body", "body": encoded})
        return True


async def _admitted(
    scope: Scope, kind: EntryKind[Any], headers: dict[bytes, bytes], body: bytes
) -> tuple[Parts, tuple[Principal, str], CommandRequest] | None:
    """The parts, the caller (with their token) and the validated body of a write this
    middleware may carry out, within the caller's write rate; None when the route must
    answer it (a refusal: 403, 400, 422, 429)."""
    parts: Parts | None = getattr(scope["app"].state, "parts", None)
    if parts is None or await mirror_of_database(parts.lookups) is not None:
        return None  # a mirror's route refuses it
    try:
        caller = await _caller(parts, headers)
    except (Problem, OperationalError, InterfaceError):
        return None  # the route refuses it, or says the store is unavailable
    if caller is None:
        return None
    principal, token, read_now = caller
    request = _validated(kind, body) if principal.may(kind.role) else None
    if request is not None:
        try:
            parts.limiter.take(principal.name)
            return parts, (principal, token), request
        except Problem:
            pass  # 429: the route takes from the allowance again, and refuses it
    if not read_now:  # so that the route reads it: a revoked token is refused (401) first
        parts.known_tokens.forget(token)
    return None


def _validated(kind: EntryKind[Any], body: bytes) -> CommandRequest | None:
    """The body as the kind's request, read as FastAPI reads it (json.loads, then the
    model); None if it is not one (the route answers with the details: 400 or 422)."""
    try:
        return kind.body.model_validate(json.loads(body))
    except (ValueError, RecursionError, ValidationError):
        return None


def _first_headers(scope: Scope) -> dict[bytes, bytes]:
    """The request's headers by name: the first of repeated ones, as the routes read them."""
    headers: dict[bytes, bytes] = {}
    for name, value in scope["headers"]:
        headers.setdefault(name, value)
    return headers


async def _caller(parts: Parts, headers: dict[bytes, bytes]) -> tuple[Principal, str, bool] | None:
    """Who the Authorization header names, as the routes authenticate them, their token,
    and whether it was read now: a token seen valid lately is not read again
    (`KnownTokens`), since the writer refuses the write if it was revoked since."""
    authorization = headers.get(b"authorization")
    token = bearer(authorization.decode("latin-1") if authorization else None)
    if token is None:
        return None
    known = parts.known_tokens.get(token)
    if known is not None:
        return known, token, False
    return await read_token(parts, token), token, True


async def _read(receive: Receive) -> tuple[bytes, bool]:
    """The request body, up to MAX_BODY; and whether more was sent than that."""
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] != "http.request":
            return b"".join(chunks), True  # the client went away: let the routes see it
        chunk = message.get("body", b"")
        chunks.append(chunk)
        size += len(chunk)
        if size > MAX_BODY:
            return b"".join(chunks), True
        if not message.get("more_body", False):
            return b"".join(chunks), False


def _replaying(body: bytes, more: bool, receive: Receive) -> Receive:
    """`receive` for the routes: the body read so far, then whatever follows."""
    replayed = False

    async def replay() -> Message:
        nonlocal replayed
        if not replayed:
            replayed = True
            return {"type": "http.request", "body": body, "more_body": more}
        return await receive()

    return replay


async def _no_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}
