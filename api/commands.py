"""The write commands, from a request body to the application: one place for the API
routes and the bulk import.

Each function takes a validated request body (the API's schemas) and carries it out
through the application; `carry_out` validates a raw JSON body first, for callers
that did not come through FastAPI.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from pydantic import BaseModel

from api.schemas import (
    AttributionCreate,
    FigureCreate,
    IncidentCreate,
    RetractionCreate,
    RevisionCreate,
    StatementCreate,
)
from domain.application import IncidentRecord, Recorded


def open_incident(
    app: IncidentRecord, body: IncidentCreate, reported_by: str, incident_id: UUID | None = None
) -> Recorded:
    """Open an incident (with a given id when importing one)."""
    return app.open_incident(
        title=body.title,
        occurred_at=body.occurred_at,
        location=body.location.to_domain(),
        summary=body.summary,
        tags=body.tags,
        source=body.source.to_domain(),
        reported_by=reported_by,
        incident_id=incident_id,
    )


def report_figure(
    app: IncidentRecord, incident_id: UUID, body: FigureCreate, reported_by: str,
    expected_version: int | None = None,
) -> Recorded:  # fmt: skip
    """Report a figure."""
    return app.report_figure(
        incident_id,
        category=body.category,
        figure=body.figure(),
        as_of=body.as_of,
        note=body.note,
        source=body.source.to_domain(),
        reported_by=reported_by,
        expected_version=expected_version,
    )


def assert_responsibility(
    app: IncidentRecord, incident_id: UUID, body: AttributionCreate, reported_by: str,
    expected_version: int | None = None,
) -> Recorded:  # fmt: skip
    """Record a responsibility assertion."""
    return app.assert_responsibility(
        incident_id,
        party=body.party,
        stance=body.stance,
        asserted_by=body.asserted_by,
        statement=body.statement,
        channel=body.channel,
        stated_at=body.stated_at,
        source=body.source.to_domain(),
        reported_by=reported_by,
        expected_version=expected_version,
    )


def record_statement(
    app: IncidentRecord, incident_id: UUID, body: StatementCreate, reported_by: str,
    expected_version: int | None = None,
) -> Recorded:  # fmt: skip
    """Record a statement."""
    return app.record_statement(
        incident_id,
        speaker=body.speaker,
        statement=body.statement,
        stated_at=body.stated_at,
        topic=body.topic,
        source=body.source.to_domain(),
        reported_by=reported_by,
        expected_version=expected_version,
    )


def revise_details(
    app: IncidentRecord, incident_id: UUID, body: RevisionCreate, reported_by: str,
    expected_version: int | None = None,
) -> Recorded:  # fmt: skip
    """Revise an incident's details."""
    return app.revise_details(
        incident_id,
        changes=body.changes(),
        reason=body.reason,
        source=body.source.to_domain() if body.source else None,
        reported_by=reported_by,
        expected_version=expected_version,
    )


def retract_entry(
    app: IncidentRecord, incident_id: UUID, body: RetractionCreate, reported_by: str,
    expected_version: int | None = None,
) -> Recorded:  # fmt: skip
    """Retract an entry."""
    return app.retract_entry(
        incident_id,
        entry=body.entry,
        reason=body.reason,
        source=body.source.to_domain() if body.source else None,
        reported_by=reported_by,
        expected_version=expected_version,
    )


# The commands on an existing incident, by the route that carries them out.
ENTRY_COMMANDS: dict[str, tuple[type[BaseModel], Callable[..., Recorded]]] = {
    "figures": (FigureCreate, report_figure),
    "attributions": (AttributionCreate, assert_responsibility),
    "statements": (StatementCreate, record_statement),
    "revisions": (RevisionCreate, revise_details),
    "retractions": (RetractionCreate, retract_entry),
}


def carry_out(
    app: IncidentRecord,
    route: str,
    incident_id: UUID | None,
    body: dict[str, Any],
    reported_by: str,
) -> Recorded:
    """Validate a raw JSON body as the API would and carry out its command.

    `route` is "open" or the last part of an entry route ("figures", ...). Raises
    pydantic's ValidationError or the domain's errors, and writes nothing then.
    """
    if route == "open":
        return open_incident(app, IncidentCreate.model_validate(body), reported_by, incident_id)
    model, command = ENTRY_COMMANDS[route]
    assert incident_id is not None
    return command(app, incident_id, model.model_validate(body), reported_by)
