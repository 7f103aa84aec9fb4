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
from api.http.deps import MAX_POSITION, Limit, ReaderDep, RecordDep, SettingsDep
from api.http.problems import Problem, problem_responses
from api.http.responses import FeedItem, FeedPage

router = APIRouter(tags=["feed"])
POLL = 0.25  # seconds between looks at the log while a stream is idle


@router.get("/feed", response_model=FeedPage, responses=problem_responses(401, 422))
def feed(
    record: RecordDep,
    _: ReaderDep,
    after: Annotated[
        int, Query(ge=0, le=MAX_POSITION, description="the position to start after")
    ] = 0,
    limit: Limit = 100,
) -> dict[str, Any]:
    """The global log in order, a page at a time."""
    page = record.feed(after=after, limit=limit + 1)
    items = [feed_item(position, entry) for position, entry in page[:limit]]
    return {"entries": items, "next": items[-1]["position"] if len(page) > limit else None}


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
    settings: SettingsDep,
    _: ReaderDep,
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

    async def events() -> AsyncIterator[str]:
        position, quiet_since = start, time.monotonic()
        yield "retry: 2000\n\n"
        while not shutting_down.is_set():
            page = await run_in_threadpool(record.feed, after=position, limit=100)
            for position, entry in page:
                item = FeedItem.model_validate(feed_item(position, entry)).model_dump_json()
                yield f"id: {position}\ndata: {item}\n\n"
            if page:
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
