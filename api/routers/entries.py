"""Entries: figures, attributions, statements, revisions and retractions of an incident.

Each write answers with a receipt once the entry is durable and every read model
shows it; `If-Match: "<version>"` makes the write conditional (412 when stale).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Response

from api import commands
from api.deps import EditorWrite, ReporterWrite, write_headers
from api.problems import problem_responses
from api.receipts import receipt
from api.schemas import (
    AttributionCreate,
    EntryReceipt,
    FigureCreate,
    FigureReceipt,
    RetractionCreate,
    RevisionCreate,
    StatementCreate,
)

router = APIRouter(
    prefix="/incidents/{incident_id}",
    tags=["entries"],
    responses=problem_responses(400, 401, 403, 404, 412, 413, 415, 422, 429, 503),
)
HEADERS = write_headers()


@router.post("/figures", status_code=201, response_model=FigureReceipt, openapi_extra=HEADERS)
async def report_figure(
    incident_id: UUID,
    body: FigureCreate,
    write: ReporterWrite,
    response: Response,
) -> dict[str, Any]:
    """Report a figure: killed, injured, missing... as the source worded it."""
    change = commands.report_figure(incident_id, body, write.principal.name, write.expected)
    return receipt(await write.carry_out(change), response, change)


@router.post("/attributions", status_code=201, response_model=EntryReceipt, openapi_extra=HEADERS)
async def assert_responsibility(
    incident_id: UUID,
    body: AttributionCreate,
    write: ReporterWrite,
    response: Response,
) -> dict[str, Any]:
    """Record who claims, denies, alleges, confirms or rejects a party's responsibility."""
    change = commands.assert_responsibility(incident_id, body, write.principal.name, write.expected)
    return receipt(await write.carry_out(change), response, change)


@router.post("/statements", status_code=201, response_model=EntryReceipt, openapi_extra=HEADERS)
async def record_statement(
    incident_id: UUID,
    body: StatementCreate,
    write: ReporterWrite,
    response: Response,
) -> dict[str, Any]:
    """Record a statement made about the incident: a warning, a reaction..."""
    change = commands.record_statement(incident_id, body, write.principal.name, write.expected)
    return receipt(await write.carry_out(change), response, change)


@router.post("/revisions", status_code=201, response_model=EntryReceipt, openapi_extra=HEADERS)
async def revise_details(
    incident_id: UUID,
    body: RevisionCreate,
    write: EditorWrite,
    response: Response,
) -> dict[str, Any]:
    """Revise the title, summary, location, time or tags (editors)."""
    change = commands.revise_details(incident_id, body, write.principal.name, write.expected)
    return receipt(await write.carry_out(change), response, change)


@router.post("/retractions", status_code=201, response_model=EntryReceipt, openapi_extra=HEADERS)
async def retract_entry(
    incident_id: UUID,
    body: RetractionCreate,
    write: EditorWrite,
    response: Response,
) -> dict[str, Any]:
    """Retract an earlier entry (editors); it stays in the history, and leaves the views."""
    change = commands.retract_entry(incident_id, body, write.principal.name, write.expected)
    return receipt(await write.carry_out(change), response, change)
