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
    HeadlineCreate,
    IncidentCreate,
    RetractionCreate,
    RevisionCreate,
    StatementCreate,
    WithdrawalCreate,
)
from api.http.responses import EntryReceipt, FigureReceipt, HeadlineReceipt
from domain.application import Recorded
from domain.commands import (
    AssertResponsibility,
    ChooseHeadlineSource,
    Command,
    OpenIncident,
    RecordStatement,
    ReportFigure,
    RetractEntry,
    ReviseDetails,
    WithdrawIncident,
)
from domain.details import revised_fields
from domain.names import same_name
from projections.views import IncidentViews

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
    # What the receipt adds from the read models once the entry is in them (the route
    # answers such writes, in its threadpool: never the quick write path).
    receipt_lookup: Callable[[IncidentViews, Recorded, C], dict[str, Any]] | None = None
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
    """Who said what about whom: the sentence always names the speaker. `claims` and
    `denies` are the party's own words (edition 2 requires the speaker to be the
    party); an older entry whose speaker is someone else names that speaker."""
    party, by, stance = data["party"], data["asserted_by"], data["stance"]
    if same_name(by, party) and stance == "claims":
        return f"{party} claims responsibility"
    if same_name(by, party) and stance == "denies":
        return f"{party} denies responsibility"
    return {
        "claims": f"{by} claims responsibility on behalf of {party}",
        "denies": f"{by} denies that {party} was responsible",
        "alleges": f"{by} alleges that {party} was responsible",
        "confirms": f"{by} confirms that {party} was responsible",
        "rejects": f"{by} rejects that {party} was responsible",
    }[stance]


def _figure_sentence(data: dict[str, Any]) -> str:
    scope = data.get("scope")
    counting = f" ({scope})" if scope else ""
    return f"{data['category'].capitalize()}{counting}: {data['text']}"


def _quoted(data: dict[str, Any]) -> str:
    said = data["statement"]
    return f"{data['speaker']}: “{said[:140]}{'…' if len(said) > 140 else ''}”"


_CHOICE_FIELDS = ("category", "scope", "source_name", "reason")


def _choice_sentence(data: dict[str, Any]) -> str:
    series = data["category"] + (f" ({data['scope']})" if data.get("scope") else "")
    if data["source_name"] is None:
        return f"Headline of {series} follows any source again: {data['reason']}"
    return f"Headline of {series} follows {data['source_name']}: {data['reason']}"


def _withdrawal_sentence(data: dict[str, Any]) -> str:
    duplicate = f" (a duplicate of {data['duplicate_of']})" if data.get("duplicate_of") else ""
    return f"Withdrawn{duplicate}: {data['reason']}"


def _source_reported(
    views: IncidentViews, recorded: Recorded, command: ChooseHeadlineSource
) -> dict[str, Any]:
    """Whether the chosen source has a standing figure in the series now."""
    if command.source_name is None:
        return {"source_reported": None}
    series = views.series(
        recorded.incident_id, category=command.category, scope=command.scope or "",
        version=recorded.version,
    )  # fmt: skip
    reported = any(
        not item["retracted"] and same_name(item["source"]["name"], command.source_name)
        for item in series
    )
    return {"source_reported": reported}


def _figure_body(data: dict[str, Any]) -> dict[str, Any]:
    """An exported figure as a request: a wording that was read is read again (with its
    language); one whose structure came from the fields comes with those fields."""
    body = _present(data)
    if body.pop("read_from", "text") == "text":
        for name in ("qualifier", "value", "low", "high"):
            body.pop(name, None)
    return body


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
        describe=_figure_sentence,
        receipt=FigureReceipt,
        receipt_extra=lambda command: {
            "figure": {**command.figure.as_dict(), "scope": command.scope}
        },
        body_of_entry=_figure_body,
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
    EntryKind(
        ChooseHeadlineSource,
        segment="headlines",
        body=HeadlineCreate,
        role=Role.EDITOR,
        summary="Choose the source whose figure is the headline of a series (editors).",
        describe=_choice_sentence,
        receipt=HeadlineReceipt,
        receipt_lookup=_source_reported,
        body_of_entry=lambda data: {name: data.get(name) for name in _CHOICE_FIELDS},
    ),
    EntryKind(
        WithdrawIncident,
        segment="withdrawal",
        body=WithdrawalCreate,
        role=Role.EDITOR,
        summary="Withdraw the incident from the list (editors): opened by mistake, or a "
        "duplicate. Retracting the withdrawal restores it.",
        describe=_withdrawal_sentence,
    ),
)


BY_SEGMENT: dict[str, EntryKind[Any]] = {kind.segment: kind for kind in ENTRY_KINDS}
BY_EVENT: dict[str, EntryKind[Any]] = {kind.event: kind for kind in (OPENING, *ENTRY_KINDS)}
