"""Entries: figures, attributions, statements, revisions and retractions of an incident.

Each write answers with a receipt once the entry is durable and every read model
shows it; `If-Match: "<version>"` makes the write conditional (412 when stale).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from api.deps import EditorDep, IfMatchDep, ReporterDep, ServiceDep, json_body
from api.idempotency import IdempotencyDep, write_once
from api.problems import problem_responses
from api.schemas import (
    AttributionCreate,
    EntryReceipt,
    FigureCreate,
    FigureReceipt,
    RetractionCreate,
    RevisionCreate,
    StatementCreate,
)
from api.service import Service
from domain.application import Recorded

router = APIRouter(
    prefix="/incidents/{incident_id}",
    tags=["entries"],
    dependencies=[Depends(json_body)],
    responses=problem_responses(400, 401, 403, 404, 412, 413, 415, 422, 429, 503),
)


def receipt(service: Service, written: tuple[Recorded, bool], response: Response) -> dict[str, Any]:
    """Wait until the read models show the entry, then describe it."""
    recorded, replayed = written
    service.projector.sync(recorded.position)
    response.headers["ETag"] = f'"{recorded.version}"'
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return {
        "incident_id": recorded.incident_id,
        "entry": recorded.entry,
        "version": recorded.version,
        "recorded_at": recorded.recorded_at,
        "position": recorded.position,
    }


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
    figure = body.figure()
    written = write_once(
        service,
        reporter,
        idem,
        lambda: service.app.report_figure(
            incident_id,
            category=body.category,
            figure=figure,
            as_of=body.as_of,
            note=body.note,
            source=body.source.to_domain(),
            reported_by=reporter.name,
            expected_version=expected,
        ),
    )
    return {**receipt(service, written, response), "figure": figure.as_dict()}


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
        lambda: service.app.assert_responsibility(
            incident_id,
            party=body.party,
            stance=body.stance,
            asserted_by=body.asserted_by,
            statement=body.statement,
            channel=body.channel,
            stated_at=body.stated_at,
            source=body.source.to_domain(),
            reported_by=reporter.name,
            expected_version=expected,
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
        lambda: service.app.record_statement(
            incident_id,
            speaker=body.speaker,
            statement=body.statement,
            stated_at=body.stated_at,
            topic=body.topic,
            source=body.source.to_domain(),
            reported_by=reporter.name,
            expected_version=expected,
        ),
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
        lambda: service.app.revise_details(
            incident_id,
            changes=body.changes(),
            reason=body.reason,
            source=body.source.to_domain() if body.source else None,
            reported_by=editor.name,
            expected_version=expected,
        ),
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
        lambda: service.app.retract_entry(
            incident_id,
            entry=body.entry,
            reason=body.reason,
            source=body.source.to_domain() if body.source else None,
            reported_by=editor.name,
            expected_version=expected,
        ),
    )
    return receipt(service, written, response)
