"""Pages for people: the incident list, and an incident with its figures over time.

Rendered on the server from the same read models as the API (Jinja2 templates,
SVG charts, one stylesheet served here: no JavaScript, no CDN). The "known at"
control has the API's semantics: the page shows the record as it stood then.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from pydantic import TypeAdapter, ValidationError

from api.entry_kinds import BY_EVENT
from api.http.cursors import decode_cursor, encode_cursor
from api.http.deps import ReaderDep, RecordDep, ViewsDep
from api.http.problems import Problem
from api.http.requests import Moment
from api.pages.charts import chart
from domain.entries import Entry
from domain.errors import IncidentNotFound
from domain.values import Category, Stance
from projections.listing import ListQuery

TEMPLATES = Path(__file__).resolve().parent / "templates"
STATIC = Path(__file__).resolve().parent / "static"
TIMELINE = 1000  # entries shown on a page; the history API has them all
STANCES = [Stance.CLAIMS, Stance.CONFIRMS, Stance.ALLEGES, Stance.DENIES, Stance.REJECTS]

router = APIRouter(prefix="/ui", include_in_schema=False)
templates = Jinja2Templates(directory=TEMPLATES)


def moment(text: str | None) -> str:
    """A stored ISO time as people read it, keeping its offset."""
    if not text:
        return ""
    when = datetime.fromisoformat(text.replace("Z", "+00:00"))
    offset = when.strftime("%z")
    zone = "UTC" if offset in ("+0000", "") else f"UTC{offset[:3]}:{offset[3:]}"
    return f"{when:%d %b %Y, %H:%M:%S} {zone}"


templates.env.filters["moment"] = moment


def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> HTMLResponse:
    """A rendered template."""
    return templates.TemplateResponse(request, name, context, status_code=status)


def error_page(request: Request, status: int, title: str, detail: str) -> HTMLResponse:
    """An error, as a page."""
    return page(request, "error.html", {"title": title, "detail": detail}, status)


@router.get("/", name="ui_list", response_class=HTMLResponse)
def incident_list(
    request: Request,
    views: ViewsDep,
    _: ReaderDep,
    q: Annotated[str | None, Query(max_length=200)] = None,
    cursor: Annotated[str | None, Query(max_length=200)] = None,
) -> HTMLResponse:
    """The incidents, newest first, with a search box and their current figures."""
    try:
        after = decode_cursor(cursor) if cursor else None
    except Problem as problem:
        return error_page(request, 400, problem.title, str(problem.detail))
    items, following = views.incidents(ListQuery(limit=50, after=after, q=q or None))
    more = None
    if following is not None:
        more = urlencode({"cursor": encode_cursor(following), **({"q": q} if q else {})})
    return page(request, "list.html", {"items": items, "q": q, "next": more})


@router.get("/incidents/{incident_id}", name="ui_incident", response_class=HTMLResponse)
def incident_page(
    request: Request,
    incident_id: UUID,
    views: ViewsDep,
    record: RecordDep,
    _: ReaderDep,
    known_at: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """An incident: figures, a chart per category, responsibility, and the timeline."""
    when, asked = None, (known_at or "").strip()
    if asked:
        try:
            when = TypeAdapter(Moment).validate_python(asked)
        except ValidationError:
            return error_page(
                request, 422, "Not a time",
                f"“{known_at}” is not an ISO 8601 time with its offset, like 2024-03-23T12:00:00Z",
            )  # fmt: skip
    try:
        view, series = views.page(incident_id, known_at=when)
    except IncidentNotFound as error:
        return error_page(request, 404, "Not in the record", str(error))
    by_category: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in series:
        by_category[item["category"]].append(item)
    ordered = {c.value: by_category[c.value] for c in Category if c.value in by_category}
    entries = record.entries(incident_id, after=max(0, view["version"] - TIMELINE), limit=TIMELINE)
    retracted = set(view["retracted_entries"])
    return page(
        request,
        "incident.html",
        {
            "view": view,
            "known_at": asked or None,
            "series": ordered,
            "charts": {c: chart(c, items, view["figures"].get(c)) for c, items in ordered.items()},
            "parties": parties(view["attributions"]),
            "timeline": [
                row(e, e.entry in retracted) for e in entries if e.entry <= view["version"]
            ],
            "truncated": view["version"] > TIMELINE,
        },
    )


def parties(attributions: list[dict[str, Any]]) -> list[tuple[str, list[tuple[str, list[Any]]]]]:
    """Attributions grouped by party, then by stance (claims, confirms, alleges, denies,
    rejects), parties in the order they were first named."""
    grouped: dict[str, dict[str, list[Any]]] = {}
    for item in attributions:
        grouped.setdefault(item["party"], defaultdict(list))[item["stance"]].append(item)
    return [
        (party, [(s.value, stances[s.value]) for s in STANCES if stances.get(s.value)])
        for party, stances in grouped.items()
    ]


def row(entry: Entry, retracted: bool) -> dict[str, Any]:
    """An entry as the timeline shows it."""
    data = entry.data
    return {
        "entry": entry.entry,
        "what": describe(entry.type, data),
        "source": (data.get("source") or {}).get("name"),
        "valid_time": data.get("as_of") or data.get("stated_at") or data.get("occurred_at"),
        "recorded_at": entry.recorded_at.isoformat(),
        "reported_by": entry.reported_by,
        "retracted": retracted,
    }


def describe(kind: str, data: dict[str, Any]) -> str:
    """One line saying what an entry recorded: its kind's sentence."""
    entry_kind = BY_EVENT.get(kind)
    return kind if entry_kind is None else entry_kind.describe(data)
