"""How a write is acknowledged, and how views are answered as JSON.

Writes go through the group writer, which answers once the entry is durable and
every read model shows it. Views are answered from the view cache when they are
there: a version's view never changes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import Response
from starlette.concurrency import run_in_threadpool

from api.entry_kinds import EntryKind
from api.http.etags import etag
from api.http.responses import IncidentView
from api.storage.lookups import ViewCache
from api.writing.idempotency import Written
from domain.application import Recorded
from domain.commands import Command
from projections.views import IncidentViews


def acknowledge(written: Written, response: Response) -> Recorded:
    """Set the entry's ETag (and say if it was replayed)."""
    recorded, replayed = written
    response.headers["ETag"] = etag(recorded.version)
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return recorded


def receipt(
    written: Written, response: Response, kind: EntryKind[Any], command: Command
) -> dict[str, Any]:
    """Acknowledge the entry and describe it (with what its kind adds, as the figure)."""
    acknowledge(written, response)
    return receipt_of(written[0], kind, command)


def receipt_of(recorded: Recorded, kind: EntryKind[Any], command: Command) -> dict[str, Any]:
    """The receipt of an entry: what it is, when it entered the record, and where."""
    return {
        "incident_id": recorded.incident_id,
        "entry": recorded.entry,
        "version": recorded.version,
        "recorded_at": recorded.recorded_at,
        "position": recorded.position,
        **kind.receipt_extra(command),
    }


async def view_json(
    views: IncidentViews,
    cache: ViewCache,
    incident_id: UUID,
    version: int,
    as_of: datetime | None = None,
) -> bytes:
    """The incident's view at `version` (as reported by `as_of`), as the JSON of an
    IncidentView; views as they stand are cached (a version's view never changes)."""
    if as_of is not None:
        return await run_in_threadpool(_render, views, incident_id, version, as_of)
    body = cache.get(incident_id, version)
    if body is None:
        body = await run_in_threadpool(_render, views, incident_id, version, None)
        cache.put(incident_id, version, body)
    return body


def _render(views: IncidentViews, incident_id: UUID, version: int, as_of: datetime | None) -> bytes:
    view = views.view(incident_id, version=version, as_of=as_of)
    return IncidentView.model_validate(view).model_dump_json().encode()


def json_response(
    body: bytes, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A response of JSON that is already encoded."""
    return Response(body, status_code, headers, media_type="application/json")
