"""Incidents: open one, list them, read one as it stands or stood, its series and history."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated, Any, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.http.caching import IMMUTABLE
from api.http.cursors import decode_cursor, encode_cursor
from api.http.deps import (
    MAX_POSITION,
    AsOf,
    CleanQuery,
    KnownAt,
    Limit,
    LookupsDep,
    OpeningWrite,
    ReaderDep,
    RecordDep,
    SeriesQuery,
    ViewCacheDep,
    ViewsDep,
    write_headers,
)
from api.http.etags import etag
from api.http.problems import Problem, problem_responses
from api.http.receipts import acknowledge, json_response, view_json
from api.http.requests import IncidentCreate, Moment
from api.http.responses import HistoryPage, IncidentPage, IncidentView, Series
from api.http.routes.log import LogDep
from domain.application import Change
from projections import search
from projections.list_pages import ListQuery
from projections.sql import time_key
from projections.views import IncidentViews

router = APIRouter(prefix="/incidents", tags=["incidents"])

READ_PROBLEMS = problem_responses(401, 404, 422)


@router.post(
    "",
    status_code=201,
    response_model=IncidentView,
    responses=problem_responses(400, 401, 403, 409, 413, 415, 422, 429, 503),
    openapi_extra=write_headers(conditional=False),
)
async def open_incident(
    body: IncidentCreate,
    write: OpeningWrite,
    response: Response,
    views: ViewsDep,
    cache: ViewCacheDep,
) -> Response:
    """Open the record of a new incident (entry 1)."""
    written = await write.carry_out(Change(None, body.to_command(write.principal.name)))
    recorded = acknowledge(written, response)
    response.headers["Location"] = f"/incidents/{recorded.incident_id}"
    view = await view_json(views, cache, recorded.incident_id, recorded.version)
    return json_response(view, 201, dict(response.headers))


@router.get("", response_model=IncidentPage, responses=problem_responses(400, 401, 422))
def list_incidents(
    views: ViewsDep,
    _: ReaderDep,
    limit: Limit = 100,
    cursor: Annotated[
        CleanQuery | None, Query(max_length=200, description="`next` of the previous page")
    ] = None,
    q: Annotated[
        CleanQuery | None, Query(max_length=200, description="words to search for")
    ] = None,
    tag: Annotated[CleanQuery | None, Query(max_length=50)] = None,
    occurred_from: Annotated[Moment | None, Query(description="occurred at or after")] = None,
    occurred_to: Annotated[Moment | None, Query(description="occurred at or before")] = None,
    country: Annotated[
        str | None, Query(pattern=r"^[A-Za-z]{2}$", description="ISO 3166-1 alpha-2 code")
    ] = None,
    include: Annotated[
        Literal["withdrawn"] | None, Query(description="withdrawn: list withdrawn incidents too")
    ] = None,
) -> dict[str, Any]:
    """List incidents, newest first (by when they occurred), with text, tag, country and
    date filters; withdrawn incidents only with `include=withdrawn`."""
    if q is not None and len(search.words(q)) > search.MAX_WORDS:
        raise Problem(
            422,
            "Invalid request",
            f"q: search for at most {search.MAX_WORDS} words",
            kind="validation",
        )
    query = ListQuery(
        limit=limit,
        after=decode_cursor(cursor) if cursor else None,
        q=q,
        tag=tag,
        occurred_from=time_key(occurred_from) if occurred_from else None,
        occurred_to=time_key(occurred_to) if occurred_to else None,
        country=country.upper() if country else None,
        include_withdrawn=include == "withdrawn",
    )
    items, after = views.incidents(query)
    return {"items": items, "next": encode_cursor(after) if after else None}


@router.get("/{incident_id}", response_model=IncidentView, responses=READ_PROBLEMS)
async def get_incident(
    incident_id: UUID,
    views: ViewsDep,
    cache: ViewCacheDep,
    lookups: LookupsDep,
    _: ReaderDep,
    known_at: KnownAt = None,
    version: Annotated[int | None, Query(ge=1, description="the view after this entry")] = None,
    as_of: AsOf = None,
) -> Response:
    """The incident as the record stands, or as it stood at `known_at` or `version`; with
    `as_of`, as it had been reported by then."""
    if known_at is not None and version is not None:
        raise Problem(
            422, "Invalid request", "ask for known_at or version, not both", kind="validation"
        )
    at = await lookups.read(lambda db: IncidentViews.resolve(db, incident_id, version, known_at))
    view = await view_json(views, cache, incident_id, at, as_of)
    headers = {"ETag": etag(at)}
    if version is not None:  # a version's view never changes
        headers["Cache-Control"] = IMMUTABLE
    return json_response(view, headers=headers)


@router.get("/{incident_id}/figures", response_model=Series, responses=READ_PROBLEMS)
def figure_series(
    incident_id: UUID,
    views: ViewsDep,
    _: ReaderDep,
    asked: SeriesQuery,
) -> dict[str, Any]:
    """Every figure reported (by `as_of`, if given), by as_of then entry, of every scope
    or of `scope`; retracted ones stay, marked."""
    series = asked.of(views, incident_id)
    return {"series": series}


@router.get("/{incident_id}/history", response_model=HistoryPage, responses=READ_PROBLEMS)
def history(
    incident_id: UUID,
    views: ViewsDep,
    record: RecordDep,
    log: LogDep,
    _: ReaderDep,
    after: Annotated[int, Query(ge=0, le=MAX_POSITION, description="the entry to start after")] = 0,
    limit: Limit = 100,
) -> Response:
    """The entries in order, as recorded, a page at a time (as far as the Merkle tree
    holds them: each with its leaf index)."""
    views.version(incident_id)  # 404 for an incident that does not exist
    entries = record.entries(incident_id, after=after, limit=limit + 1)
    indexes = log.indexed_entries(incident_id, entries)
    page = entries[: min(limit, len(indexes))]
    closed = len(indexes) > limit  # entries follow it: it can never change
    body = HistoryPage.model_validate(
        {
            # HistoryItem leaves out the incident_id
            "entries": [{**asdict(e), "index": i} for e, i in zip(page, indexes, strict=False)],
            "next": page[-1].entry if closed else None,
        }
    ).model_dump_json()
    headers = {"Cache-Control": IMMUTABLE} if closed else {}
    return json_response(body.encode(), headers=headers)
