"""How a write is carried out and acknowledged, and how views are answered as JSON.

Writes go through the group writer, which answers once the entry is durable and
every read model shows it. Views are answered from the view cache when they are
there: a version's view never changes.
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import Response
from starlette.concurrency import run_in_threadpool

from api.schemas import IncidentView
from api.service import Service
from domain.application import Change, Recorded


def acknowledge(written: tuple[Recorded, bool], response: Response) -> Recorded:
    """Set the entry's ETag (and say if it was replayed)."""
    recorded, replayed = written
    response.headers["ETag"] = f'"{recorded.version}"'
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return recorded


def receipt(written: tuple[Recorded, bool], response: Response, change: Change) -> dict[str, Any]:
    """Acknowledge the entry and describe it (with the figure, for a figure)."""
    acknowledge(written, response)
    return receipt_of(written[0], change)


def receipt_of(recorded: Recorded, change: Change) -> dict[str, Any]:
    """The receipt of an entry: what it is, when it entered the record, and where."""
    body = {
        "incident_id": recorded.incident_id,
        "entry": recorded.entry,
        "version": recorded.version,
        "recorded_at": recorded.recorded_at,
        "position": recorded.position,
    }
    if change.command == "report_figure":
        body["figure"] = change.fields["figure"].as_dict()
    return body


async def view_json(service: Service, incident_id: UUID, version: int) -> bytes:
    """The incident's view at `version`, as the JSON of an IncidentView."""
    body = service.view_cache.get(incident_id, version)
    if body is None:
        body = await run_in_threadpool(_render, service, incident_id, version)
        service.view_cache.put(incident_id, version, body)
    return body


def _render(service: Service, incident_id: UUID, version: int) -> bytes:
    view = service.views.view(incident_id, version=version)
    return IncidentView.model_validate(view).model_dump_json().encode()


def json_response(
    body: bytes, status_code: int = 200, headers: dict[str, str] | None = None
) -> Response:
    """A response of JSON that is already encoded."""
    return Response(body, status_code, headers, media_type="application/json")
