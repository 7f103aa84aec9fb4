"""Request and response bodies, named by role, separate from the domain events.

Requests forbid unknown fields and naive times; every bound here matches a rule
of the domain, which checks again where values are made (the CLI's import and
the demo go through the domain without this layer).
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from uuid import UUID

from pydantic import AwareDatetime, BaseModel, BeforeValidator, ConfigDict, Field, StrictInt

from domain.figures import MAX_COUNT, Figure, Qualifier
from domain.incident import DETAIL_FIELDS
from domain.values import (
    MAX_NAME,
    MAX_STATEMENT,
    MAX_TAG,
    MAX_TAGS,
    MAX_TEXT,
    MAX_TITLE,
    MAX_URL,
    Category,
    Location,
    Source,
    SourceKind,
    Stance,
)

_ISO_8601 = re.compile(r"\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}")


def iso_8601_only(value: object) -> object:
    """Refuse what pydantic would otherwise read as a time: Unix epoch numbers."""
    if not isinstance(value, str) or not _ISO_8601.match(value):
        msg = "a time is ISO 8601 text with its UTC offset, like 2024-03-22T19:58:00+03:00"
        raise ValueError(msg)
    return value


Moment = Annotated[AwareDatetime, BeforeValidator(iso_8601_only)]
Name = Annotated[str, Field(min_length=1, max_length=MAX_NAME)]
Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT)]
Statement = Annotated[str, Field(min_length=1, max_length=MAX_STATEMENT)]
Title = Annotated[str, Field(min_length=1, max_length=MAX_TITLE)]
Tag = Annotated[str, Field(min_length=1, max_length=MAX_TAG)]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS)]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)]


class Request(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class SourceIn(Request):
    """Who said it."""

    name: Name
    url: Annotated[str, Field(max_length=MAX_URL)] | None = None
    published_at: Moment | None = None
    kind: SourceKind | None = None

    def to_domain(self) -> Source:
        """The domain's source value."""
        return Source(self.name, self.url, self.published_at, self.kind)


class LocationIn(Request):
    """Where it happened."""

    name: Name
    lat: Annotated[float, Field(ge=-90, le=90)] | None = None
    lon: Annotated[float, Field(ge=-180, le=180)] | None = None
    country_code: Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")] | None = None

    def to_domain(self) -> Location:
        """The domain's location value."""
        return Location(self.name, self.lat, self.lon, self.country_code)


class IncidentCreate(Request):
    """Open the record of an incident."""

    title: Title
    occurred_at: Moment
    location: LocationIn
    summary: Statement | None = None
    tags: Tags = []
    source: SourceIn


class FigureCreate(Request):
    """Report a figure as the source's wording, as structured fields, or both."""

    category: Category
    text: Annotated[str, Field(min_length=1, max_length=MAX_NAME)] | None = None
    qualifier: Qualifier | None = None
    value: Count | None = None
    low: Count | None = None
    high: Count | None = None
    as_of: Moment
    note: Text | None = None
    source: SourceIn

    def figure(self) -> Figure:
        """The normalised figure; the wording and the structure must agree."""
        return Figure.make(self.text, self.qualifier, self.value, self.low, self.high)


class AttributionCreate(Request):
    """Record who says a party is, or is not, responsible."""

    party: Name
    stance: Stance
    asserted_by: Name
    statement: Statement | None = None
    channel: Name | None = None
    stated_at: Moment
    source: SourceIn


class StatementCreate(Request):
    """Record what someone said about the incident."""

    speaker: Name
    statement: Statement
    stated_at: Moment
    topic: Name | None = None
    source: SourceIn


class RevisionCreate(Request):
    """Revise any of the details; `summary: null` clears the summary."""

    title: Title | None = None
    summary: Statement | None = None
    location: LocationIn | None = None
    occurred_at: Moment | None = None
    tags: Tags | None = None
    reason: Text
    source: SourceIn | None = None

    def changes(self) -> dict[str, Any]:
        """The details this revision names, as domain values; null only clears a summary."""
        changes: dict[str, Any] = {}
        for name in DETAIL_FIELDS:
            if name in self.model_fields_set:
                value = getattr(self, name)
                changes[name] = value.to_domain() if isinstance(value, LocationIn) else value
        return changes


class RetractionCreate(Request):
    """Retract an earlier entry."""

    entry: Annotated[StrictInt, Field(ge=1)]
    reason: Text
    source: SourceIn | None = None


# Responses ----------------------------------------------------------------------


class SourceOut(BaseModel):
    """Who said it."""

    name: str
    url: str | None
    published_at: AwareDatetime | None
    kind: SourceKind | None


class LocationOut(BaseModel):
    """Where it happened."""

    name: str
    lat: float | None
    lon: float | None
    country_code: str | None


class FigureValue(BaseModel):
    """A normalised figure."""

    text: str
    qualifier: Qualifier
    value: int | None
    low: int | None
    high: int | None


class FigureOut(FigureValue):
    """A reported figure in a view."""

    entry: int
    as_of: AwareDatetime
    note: str | None
    source: SourceOut
    recorded_at: AwareDatetime
    reported_by: str


class CurrentFigure(FigureOut):
    """A category's current figure, with each source's latest figure for it."""

    by_source: list[FigureOut]


class AttributionOut(BaseModel):
    """A responsibility assertion in a view."""

    entry: int
    party: str
    stance: Stance
    asserted_by: str
    statement: str | None
    channel: str | None
    stated_at: AwareDatetime
    source: SourceOut
    recorded_at: AwareDatetime
    reported_by: str


class StatementOut(BaseModel):
    """A statement in a view."""

    entry: int
    speaker: str
    statement: str
    stated_at: AwareDatetime
    topic: str | None
    source: SourceOut
    recorded_at: AwareDatetime
    reported_by: str


class IncidentView(BaseModel):
    """The incident as the record stands (or stood at a version or known_at time)."""

    id: UUID
    version: int
    title: str
    occurred_at: AwareDatetime
    location: LocationOut
    summary: str | None
    tags: list[str]
    opened_at: AwareDatetime
    updated_at: AwareDatetime
    figures: dict[Category, CurrentFigure]
    attributions: list[AttributionOut]
    statements: list[StatementOut]
    retracted_entries: list[int]


class HeadlineFigure(FigureValue):
    """A category's current figure, in a list."""

    entry: int
    as_of: AwareDatetime


class IncidentSummary(BaseModel):
    """An incident in a list."""

    id: UUID
    version: int
    title: str
    occurred_at: AwareDatetime
    location: LocationOut
    summary: str | None
    tags: list[str]
    opened_at: AwareDatetime
    updated_at: AwareDatetime
    figures: dict[Category, HeadlineFigure]


class IncidentPage(BaseModel):
    """A page of incidents, newest first; `next` is the cursor of the next page."""

    items: list[IncidentSummary]
    next: str | None


class EntryReceipt(BaseModel):
    """What a write made: the entry, the version, when, and its place in the global log."""

    incident_id: UUID
    entry: int
    version: int
    recorded_at: AwareDatetime
    position: int


class FigureReceipt(EntryReceipt):
    """A figure write's receipt, with the figure as it was normalised."""

    figure: FigureValue


class SeriesItem(FigureOut):
    """One figure in the series; retracted ones stay, marked."""

    category: Category
    retracted: bool
    retracted_at: AwareDatetime | None


class Series(BaseModel):
    """The figure series, by as_of then entry."""

    series: list[SeriesItem]


class HistoryItem(BaseModel):
    """One entry as recorded: its type, its own payload, and its chain hash."""

    entry: int
    type: str
    recorded_at: AwareDatetime
    reported_by: str
    data: dict[str, Any]
    hash: str = Field(description="hex SHA-256 chaining this entry to the one before")


class HistoryPage(BaseModel):
    """A page of entries in order; `next` is the `after` of the next page."""

    entries: list[HistoryItem]
    next: int | None


class Health(BaseModel):
    """The service answers and its read models have caught up."""

    status: str


class ProblemDetails(BaseModel):
    """An RFC 9457 problem."""

    type: str
    title: str
    status: int
    detail: str | None = None
    instance: str | None = None
