"""The global log: a page at a time, or as Server-Sent Events that resume."""

from __future__ import annotations

import asyncio
import re
import time
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import StreamingResponse
from starlette.concurrency import run_in_threadpool

from api.audit.log import feed_item
from api.http.deps import MAX_POSITION, Limit, LookupsDep, ReaderDep, RecordDep, SettingsDep
from api.http.problems import Problem, problem_responses
from api.http.responses import FeedItem, FeedPage
from api.http.routes.log import LogDep
from api.http.session import session_token
from api.storage.tokens import principal_of

router = APIRouter(tags=["feed"])
POLL = 0.25  # seconds between looks at the log while a stream is idle


@router.get("/feed", response_model=FeedPage, responses=problem_responses(401, 422))
def feed(
    record: RecordDep,
    log: LogDep,
    _: ReaderDep,
    after: Annotated[
        int, Query(ge=0, le=MAX_POSITION, description="the position to start after")
    ] = 0,
    limit: Limit = 100,
) -> dict[str, Any]:
    """The global log in order, a page at a time (as far as the Merkle tree holds it)."""
    page = record.feed(after=after, limit=limit + 1)
    indexes = log.indexed_feed(page)
    items = [
        feed_item(position, entry, index)
        for (position, entry), index in zip(page, indexes, strict=False)
    ]
    more = len(indexes) > limit
    return {"entries": items[:limit], "next": items[limit - 1]["position"] if more else None}


@router.get(
    "/feed/stream",
    response_class=StreamingResponse,
    responses={
        200: {"content": {"text/event-stream": {}}, "description": "the log, live"},
        **problem_responses(400, 401, 422),
    },
)
async def stream(
    request: Request,
    record: RecordDep,
    log: LogDep,
    settings: SettingsDep,
    lookups: LookupsDep,
    reader: ReaderDep,
    after: Annotated[int | None, Query(ge=0, le=MAX_POSITION)] = None,
    last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """The global log as Server-Sent Events (`id:` is the position), from `after` or
    after the client's Last-Event-ID, with keep-alive comments while nothing happens."""
    start = after or 0
    if last_event_id is not None:
        if not re.fullmatch(r"[0-9]{1,16}", last_event_id.strip()):
            raise Problem(
                400,
                "Malformed Last-Event-ID",
                "Last-Event-ID is a feed position",
                kind="malformed-last-event-id",
            )
        start = int(last_event_id)
    shutting_down = request.app.state.shutting_down
    keepalive = settings.stream_keepalive

    token = _token_of(request)

    async def still_allowed() -> bool:
        """A stream opened with a token ends once the token is revoked."""
        if reader is None or token is None:
            return True
        return await lookups.point(principal_of(token)) is not None

    async def events() -> AsyncIterator[str]:
        position, quiet_since = start, time.monotonic()
        checked = time.monotonic()
        yield "retry: 2000\n\n"
        while not shutting_down.is_set():
            if time.monotonic() - checked >= keepalive:
                if not await still_allowed():
                    return
                checked = time.monotonic()
            page = await run_in_threadpool(record.feed, after=position, limit=100)
            # Entries the Merkle tree does not hold yet wait for the next look.
            indexes = await run_in_threadpool(log.indexed_feed, page)
            for (position, entry), index in zip(page, indexes, strict=False):
                item = FeedItem.model_validate(feed_item(position, entry, index)).model_dump_json()
                yield f"id: {position}\ndata: {item}\n\n"
            if indexes:
                quiet_since = time.monotonic()
                continue
            if time.monotonic() - quiet_since >= keepalive:
                yield ": keep-alive\n\n"
                quiet_since = time.monotonic()
            await asyncio.sleep(POLL)

    return StreamingResponse(
        events(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _token_of(request: Request) -> str | None:
    """The token a stream was opened with: its Authorization header's, or its session's."""
    authorization = request.headers.get("authorization")
    if authorization is not None:
        return authorization.strip().partition(" ")[2].strip() or None
    return session_token(request.scope)
