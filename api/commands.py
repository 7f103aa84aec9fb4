"""The write commands, from a request body to a Change: one place for the API routes
and the bulk import.

Each function takes a validated request body (the API's schemas) and makes the
Change that carries it out; the routes hand Changes to the group writer, the
import carries them out one by one. `change_of` validates a raw JSON body first,
for callers that did not come through FastAPI.
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
from domain.application import OPEN, Change


def open_incident(
    body: IncidentCreate, reported_by: str, incident_id: UUID | None = None
) -> Change:
    """Open an incident (with a given id when importing one)."""
    fields = {
        "title": body.title,
        "occurred_at": body.occurred_at,
        "location": body.location.to_domain(),
        "summary": body.summary,
        "tags": body.tags,
        "source": body.source.to_domain(),
        "reported_by": reported_by,
    }
    return Change(incident_id, OPEN, fields)


def report_figure(
    incident_id: UUID, body: FigureCreate, reported_by: str, expected_version: int | None = None
) -> Change:
    """Report a figure."""
    fields = {
        "category": body.category,
        "figure": body.figure(),
        "as_of": body.as_of,
        "note": body.note,
        "source": body.source.to_domain(),
        "reported_by": reported_by,
    }
    return Change(incident_id, "report_figure", fields, expected_version)


def assert_responsibility(
    incident_id: UUID,
    body: AttributionCreate,
    reported_by: str,
    expected_version: int | None = None,
) -> Change:
    """Record a responsibility assertion."""
    fields = {
        "party": body.party,
        "stance": body.stance,
        "asserted_by": body.asserted_by,
        "statement": body.statement,
        "channel": body.channel,
        "stated_at": body.stated_at,
        "source": body.source.to_domain(),
        "reported_by": reported_by,
    }
    return Change(incident_id, "assert_responsibility", fields, expected_version)


def record_statement(
    incident_id: UUID, body: StatementCreate, reported_by: str, expected_version: int | None = None
) -> Change:
    """Record a statement."""
    fields = {
        "speaker": body.speaker,
        "statement": body.statement,
        "stated_at": body.stated_at,
        "topic": body.topic,
        "source": body.source.to_domain(),
        "reported_by": reported_by,
    }
    return Change(incident_id, "record_statement", fields, expected_version)


def revise_details(
    incident_id: UUID, body: RevisionCreate, reported_by: str, expected_version: int | None = None
) -> Change:
    """Revise an incident's details."""
    fields = {
        "changes": body.changes(),
        "reason": body.reason,
        "source": body.source.to_domain() if body.source else None,
        "reported_by": reported_by,
    }
    return Change(incident_id, "revise_details", fields, expected_version)


def retract_entry(
    incident_id: UUID, body: RetractionCreate, reported_by: str, expected_version: int | None = None
) -> Change:
    """Retract an entry."""
    fields = {
        "entry": body.entry,
        "reason": body.reason,
        "source": body.source.to_domain() if body.source else None,
        "reported_by": reported_by,
    }
    return Change(incident_id, "retract_entry", fields, expected_version)


# The commands on an existing incident, by the route that carries them out.
ENTRY_COMMANDS: dict[str, tuple[type[BaseModel], Callable[..., Change]]] = {
    "figures": (FigureCreate, report_figure),
    "attributions": (AttributionCreate, assert_responsibility),
    "statements": (StatementCreate, record_statement),
    "revisions": (RevisionCreate, revise_details),
    "retractions": (RetractionCreate, retract_entry),
}


def change_of(
    route: str, incident_id: UUID | None, body: dict[str, Any], reported_by: str
) -> Change:
    """Validate a raw JSON body as the API would and make its Change.

    `route` is "open" or the last part of an entry route ("figures", ...). Raises
    pydantic's ValidationError.
    """
    if route == OPEN:
        return open_incident(IncidentCreate.model_validate(body), reported_by, incident_id)
    model, command = ENTRY_COMMANDS[route]
    assert incident_id is not None
    return command(incident_id, model.model_validate(body), reported_by)
