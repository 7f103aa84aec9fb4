"""The table of entry kinds: every kind of entry declared once, in one row.

A row names the domain command (and through it the event it records), the route
segment under `/incidents/{id}/`, the request body, the role a writer needs, the
receipt, and the sentence the pages show for such an entry. The entry routes,
the quick write path, the importer, the pages and so the OpenAPI document are
all made from this table: adding a kind of entry means a command and an event in
the domain, a row here, and the read models that show it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from api.access import Role
from api.http.requests import (
    AttributionCreate,
    CommandRequest,
    FigureCreate,
    IncidentCreate,
    RetractionCreate,
    RevisionCreate,
    StatementCreate,
)
from api.http.responses import EntryReceipt, FigureReceipt
from domain.commands import (
    AssertResponsibility,
    Command,
    OpenIncident,
    RecordStatement,
    ReportFigure,
    RetractEntry,
    ReviseDetails,
)
from domain.incident import revised_fields

C = TypeVar("C", bound=Command)


def _present(data: dict[str, Any]) -> dict[str, Any]:
    """An exported entry's payload as a request body: the fields it holds."""
    return {name: value for name, value in data.items() if value is not None}


def _no_extra(_: Any) -> dict[str, Any]:
    return {}


@dataclass(frozen=True, slots=True)
class EntryKind(Generic[C]):
    """One kind of entry, as the HTTP API, the importer and the pages know it."""

    command: type[C]
    segment: str  # the route's last segment; "open" for the opening, as the importer names it
    body: type[CommandRequest]
    role: Role
    summary: str  # what the route does, in one line (its OpenAPI summary)
    describe: Callable[[dict[str, Any]], str]  # the timeline's sentence for such an entry
    receipt: type[EntryReceipt] = EntryReceipt
    receipt_extra: Callable[[C], dict[str, Any]] = field(default=_no_extra)
    body_of_entry: Callable[[dict[str, Any]], dict[str, Any]] = field(default=_present)

    @property
    def event(self) -> str:
        """The name (and stored topic) of the event an entry of this kind is."""
        return self.command.event

    @property
    def name(self) -> str:
        """The command's name in snake case (`report_figure`): the route's operation."""
        return re.sub(r"(?<!^)(?=[A-Z])", "_", self.command.__name__).lower()


def _stance_sentence(data: dict[str, Any]) -> str:
    party, by = data["party"], data["asserted_by"]
    return {
        "claims": f"{party} claims responsibility",
        "denies": f"{party} denies responsibility",
        "alleges": f"{by} alleges {party} is responsible",
        "confirms": f"{by} confirms {party} is responsible",
        "rejects": f"{by} says {party} is not responsible",
    }[data["stance"]]


def _quoted(data: dict[str, Any]) -> str:
    said = data["statement"]
    return f"{data['speaker']}: “{said[:140]}{'…' if len(said) > 140 else ''}”"


def _revision_body(data: dict[str, Any]) -> dict[str, Any]:
    return {**revised_fields(data), "reason": data["reason"], "source": data.get("source")}


OPENING: EntryKind[OpenIncident] = EntryKind(
    OpenIncident,
    segment="open",
    body=IncidentCreate,
    role=Role.REPORTER,
    summary="Open the record of a new incident (entry 1).",
    describe=lambda data: f"Opened: {data['title']}",
)

ENTRY_KINDS: tuple[EntryKind[Any], ...] = (
    EntryKind(
        ReportFigure,
        segment="figures",
        body=FigureCreate,
        role=Role.REPORTER,
        summary="Report a figure: killed, injured, missing... as the source worded it.",
        describe=lambda data: f"{data['category'].capitalize()}: {data['text']}",
        receipt=FigureReceipt,
        receipt_extra=lambda command: {"figure": command.figure.as_dict()},
    ),
    EntryKind(
        AssertResponsibility,
        segment="attributions",
        body=AttributionCreate,
        role=Role.REPORTER,
        summary="Record who claims, denies, alleges, confirms or rejects a party's responsibility.",
        describe=_stance_sentence,
    ),
    EntryKind(
        RecordStatement,
        segment="statements",
        body=StatementCreate,
        role=Role.REPORTER,
        summary="Record a statement made about the incident: a warning, a reaction...",
        describe=_quoted,
    ),
    EntryKind(
        ReviseDetails,
        segment="revisions",
        body=RevisionCreate,
        role=Role.EDITOR,
        summary="Revise the title, summary, location, time or tags (editors).",
        describe=lambda data: (
            f"Details revised ({', '.join(revised_fields(data))}): {data['reason']}"
        ),
        body_of_entry=_revision_body,
    ),
    EntryKind(
        RetractEntry,
        segment="retractions",
        body=RetractionCreate,
        role=Role.EDITOR,
        summary="Retract an earlier entry (editors); it stays in the history, and leaves "
        "the views.",
        describe=lambda data: f"Retracted entry {data['entry']}: {data['reason']}",
    ),
)

BY_SEGMENT: dict[str, EntryKind[Any]] = {kind.segment: kind for kind in ENTRY_KINDS}
BY_EVENT: dict[str, EntryKind[Any]] = {kind.event: kind for kind in (OPENING, *ENTRY_KINDS)}
