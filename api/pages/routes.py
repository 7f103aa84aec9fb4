"""Pages for people: the incident list, and an incident with its figures over time.

Rendered on the server from the same read models as the API (Jinja2 templates,
SVG charts, one stylesheet served here: no JavaScript, nothing from elsewhere). The
controls take the API's parameters under the API's names: the list's `q`, `tag`,
`country`, `occurred_from`, `occurred_to` and `include=withdrawn`; the incident's
`known_at` (the record as it stood then) and `as_of` (what had been reported by
then). Links are paths, never built from the Host header.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from jinja2.runtime import Context

from api.http.cursors import decode_cursor, encode_cursor
from api.http.deps import ReaderDep, RecordDep, ViewsDep
from api.http.problems import Problem
from api.pages import incident as shown
from api.pages.times import NotATime, asked_time, moment, parse
from domain.errors import IncidentNotFound
from domain.names import same_name
from domain.text import forbidden_character
from domain.values import Category
from projections import search
from projections.list_pages import ListQuery
from projections.sql import time_key

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
TIMELINE = 1000  # entries shown on a page; the history API has them all
PAGE = 50  # incidents a list page shows unless `limit` says otherwise
COUNTRY = re.compile(r"^[A-Za-z]{2}$")
Text = Annotated[str | None, Query(max_length=200)]

router = APIRouter(prefix="/ui", include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES)


@pass_context
def path_for(context: Context, name: str, /, **params: Any) -> str:
    """The path of a named route (relative to the server: never from the Host header)."""
    request: Request = context["request"]
    return str(request.app.url_path_for(name, **params))


templates.env.filters["moment"] = moment
templates.env.filters["same_name"] = same_name
templates.env.globals["path_for"] = path_for


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A rendered template."""
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    """An error, as a page."""
    return page(request, "error.html", {"title": title, "detail": detail}, status)


def not_a_time(request: Request, error: NotATime) -> HTMLResponse:
    """A time field that could not be read, as a 422 page."""
    return error_page(
        request, 422, "Not a time",
        f"{error.field}: “{error.text}” is not an ISO 8601 time with its offset, "
        "like 2024-03-23T12:00:00Z or 2024-03-23T15:00:00+03:00",
    )  # fmt: skip


@router.get("/", name="ui_list", response_class=HTMLResponse)
def incident_list(
    request: Request,
    views: ViewsDep,
    _: ReaderDep,
    q: Text = None,
    tag: Annotated[str | None, Query(max_length=50)] = None,
    country: Annotated[str | None, Query(max_length=10)] = None,
    occurred_from: Annotated[str | None, Query(max_length=100)] = None,
    occurred_to: Annotated[str | None, Query(max_length=100)] = None,
    include: Annotated[str | None, Query(max_length=20)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = PAGE,
) -> HTMLResponse:
    """The incidents, newest first, filtered as the API filters them, a page at a time."""
    asked = {
        "q": (q or "").strip(), "tag": (tag or "").strip(), "country": (country or "").strip(),
        "occurred_from": (occurred_from or "").strip(), "occurred_to": (occurred_to or "").strip(),
        "include": "withdrawn" if include == "withdrawn" else "",
    }  # fmt: skip
    raw = {"q": q, "tag": tag, "country": country, "cursor": cursor, "include": include}
    for name, value in raw.items():
        found = forbidden_character(value or "")
        if found is not None:
            return error_page(request, 422, "Not a text", f"{name} must not contain {found}")
    if len(search.words(asked["q"])) > search.MAX_WORDS:
        return error_page(
            request, 422, "Too many words", f"search for at most {search.MAX_WORDS} words"
        )
    if asked["country"] and not COUNTRY.match(asked["country"]):
        return error_page(
            request, 422, "Not a country code",
            f"“{asked['country']}” is not an ISO 3166-1 alpha-2 code, like GB or RU",
        )  # fmt: skip
    try:
        start = asked_time("occurred_from", asked["occurred_from"])
        end = asked_time("occurred_to", asked["occurred_to"])
        after = decode_cursor(cursor) if cursor else None
    except NotATime as error:
        return not_a_time(request, error)
    except Problem as problem:
        return error_page(request, 400, problem.title, str(problem.detail))
    items, following = views.incidents(
        ListQuery(
            limit=limit, after=after, q=asked["q"] or None, tag=asked["tag"] or None,
            occurred_from=time_key(start) if start else None,
            occurred_to=time_key(end) if end else None,
            country=asked["country"].upper() or None,
            include_withdrawn=bool(asked["include"]),
        )
    )  # fmt: skip
    filters = {name: value for name, value in asked.items() if value}
    if limit != PAGE:
        filters["limit"] = str(limit)
    more = None
    if following is not None:
        more = urlencode({**filters, "cursor": encode_cursor(following)})
    for item in items:
        item["figures"] = {
            c.value: item["figures"][c.value] for c in Category if c.value in item["figures"]
        }
    return page(
        request,
        "list.html",
        {"items": items, "asked": asked, "filtered": filters, "next": more, "first": cursor},
    )


@router.get("/incidents/{incident_id}", name="ui_incident", response_class=HTMLResponse)
def incident_page(
    request: Request,
    incident_id: UUID,
    views: ViewsDep,
    record: RecordDep,
    _: ReaderDep,
    known_at: Annotated[str | None, Query(max_length=100)] = None,
    as_of: Annotated[str | None, Query(max_length=100)] = None,
    version: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """An incident: figures, a chart per series, responsibility, and the timeline; as the
    record stood at `known_at` or after entry `version`, as reported by `as_of`."""
    try:
        when, reported = asked_time("known_at", known_at), asked_time("as_of", as_of)
    except NotATime as error:
        return not_a_time(request, error)
    after = (version or "").strip()
    if after and not (after.isascii() and after.isdigit() and int(after) >= 1):
        return error_page(
            request, 422, "Not a version",
            f"version: “{after}” is not an entry number (1 for the opening, 2, 3…)",
        )  # fmt: skip
    if after and when is not None:
        return error_page(request, 422, "Two moments", "ask for known_at or version, not both")
    entry = int(after) if after else None
    try:
        view, series = views.page(incident_id, known_at=when, version=entry, as_of=reported)
    except IncidentNotFound as error:
        return not_found(request, views, incident_id, (known_at or "").strip(), str(error))
    entries = record.entries(incident_id, after=max(0, view["version"] - TIMELINE), limit=TIMELINE)
    retracted = set(view["retracted_entries"])
    occurred = parse(view["occurred_at"])
    return page(
        request,
        "incident.html",
        {
            "view": view,
            "known_at": (known_at or "").strip() or None,
            "version": entry,
            "as_of": (as_of or "").strip() or None,
            "known_at_value": (known_at or "").strip() or view["updated_at"],
            "as_of_value": (as_of or "").strip() or shown.latest_valid_time(view, series),
            "cards": shown.cards(view["figures"]),
            "series": shown.series_shown(view, series, occurred),
            "parties": shown.parties(view["attributions"]),
            "timeline": [
                shown.row(e, e.entry in retracted, reported)
                for e in entries
                if e.entry <= view["version"]
            ],
            "truncated": view["version"] > TIMELINE,
        },
    )


def not_found(
    request: Request, views: ViewsDep, incident_id: UUID, known_at: str, detail: str
) -> HTMLResponse:
    """A 404 that says why: no such incident, or not yet in the record at `known_at`;
    it explains the two times and links to the incident as it stands."""
    try:
        now = views.view(incident_id)
    except IncidentNotFound:
        now = None
    context = {"incident_id": str(incident_id), "known_at": known_at, "now": now, "detail": detail}
    return page(request, "not_found.html", context, 404)
