"""Entries: figures, attributions, statements, revisions and retractions of an incident.

Each write answers with a receipt once the entry is durable and every read model
shows it; `If-Match: "<version>"` makes the write conditional (412 when stale).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from api import commands
from api.deps import EditorDep, IfMatchDep, ReporterDep, ServiceDep, json_body
from api.idempotency import IdempotencyDep, write_once
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
    dependencies=[Depends(json_body)],
    responses=problem_responses(400, 401, 403, 404, 412, 413, 415, 422, 429, 503),
)


@router.post("/figures", status_code=201, response_model=FigureReceipt)
def report_figure(
    incident_id: UUID,
    body: FigureCreate,
    service: ServiceDep,
    reporter: ReporterDep,
    expected: IfMatchDep,
    idem: IdempotencyDep,
    response: Response,
) -> dict[str, Any]:
    """Report a figure: killed, injured, missing... as the source worded it."""
    written = write_once(
        service,
        reporter,
        idem,
        lambda: commands.report_figure(service.app, incident_id, body, reporter.name, expected),
    )
    return {**receipt(service, written, response), "figure": body.figure().as_dict()}


@router.post("/attributions", status_code=201, response_model=EntryReceipt)
def assert_responsibility(
    incident_id: UUID,
    body: AttributionCreate,
    service: ServiceDep,
    reporter: ReporterDep,
    expected: IfMatchDep,
    idem: IdempotencyDep,
    response: Response,
) -> dict[str, Any]:
    """Record who claims, denies, alleges, confirms or rejects a party's responsibility."""
    written = write_once(
        service,
        reporter,
        idem,
        lambda: commands.assert_responsibility(
            service.app, incident_id, body, reporter.name, expected
        ),
    )
    return receipt(service, written, response)


@router.post("/statements", status_code=201, response_model=EntryReceipt)
def record_statement(
    incident_id: UUID,
    body: StatementCreate,
    service: ServiceDep,
    reporter: ReporterDep,
    expected: IfMatchDep,
    idem: IdempotencyDep,
    response: Response,
) -> dict[str, Any]:
    """Record a statement made about the incident: a warning, a reaction..."""
    written = write_once(
        service,
        reporter,
        idem,
        lambda: commands.record_statement(service.app, incident_id, body, reporter.name, expected),
    )
    return receipt(service, written, response)


@router.post("/revisions", status_code=201, response_model=EntryReceipt)
def revise_details(
    incident_id: UUID,
    body: RevisionCreate,
    service: ServiceDep,
    editor: EditorDep,
    expected: IfMatchDep,
    idem: IdempotencyDep,
    response: Response,
) -> dict[str, Any]:
    """Revise the title, summary, location, time or tags (editors)."""
    written = write_once(
        service,
        editor,
        idem,
        lambda: commands.revise_details(service.app, incident_id, body, editor.name, expected),
    )
    return receipt(service, written, response)


@router.post("/retractions", status_code=201, response_model=EntryReceipt)
def retract_entry(
    incident_id: UUID,
    body: RetractionCreate,
    service: ServiceDep,
    editor: EditorDep,
    expected: IfMatchDep,
    idem: IdempotencyDep,
    response: Response,
) -> dict[str, Any]:
    """Retract an earlier entry (editors); it stays in the history, and leaves the views."""
    written = write_once(
        service,
        editor,
        idem,
        lambda: commands.retract_entry(service.app, incident_id, body, editor.name, expected),
    )
    return receipt(service, written, response)
