"""Request bodies, named by role, separate from the domain's commands and events.

Requests forbid unknown fields and naive times; every bound here matches a rule
of the domain, which checks again where values are made (the demo goes through
the domain without this layer). Each body makes its domain command
(`to_command`), given the name of the token that sends it.
"""

from __future__ import annotations

import re
from typing import Annotated
from uuid import UUID

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictInt,
)

from domain.commands import (
    AssertResponsibility,
    ChooseHeadlineSource,
    EntryCommand,
    OpenIncident,
    RecordStatement,
    ReportFigure,
    RetractEntry,
    ReviseDetails,
    WithdrawIncident,
)
from domain.details import DETAIL_FIELDS
from domain.figures import MAX_COUNT, Figure, Qualifier
from domain.text import forbidden_character
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


def one_line(value: str) -> str:
    """Refuse the characters no text may hold, and line breaks (domain.text)."""
    found = forbidden_character(value)
    if found is not None:
        msg = f"must not contain {found}"
        raise ValueError(msg)
    return value


def lines(value: str) -> str:
    """Refuse the characters no text may hold; line feeds are allowed (domain.text)."""
    found = forbidden_character(value, multiline=True)
    if found is not None:
        msg = f"must not contain {found}; only line feeds may break its lines"
        raise ValueError(msg)
    return value


Line = Annotated[str, AfterValidator(one_line)]
Name = Annotated[Line, Field(min_length=1, max_length=MAX_NAME)]
Text = Annotated[Line, Field(min_length=1, max_length=MAX_TEXT)]
Note = Annotated[str, AfterValidator(lines), Field(min_length=1, max_length=MAX_TEXT)]
Statement = Annotated[str, AfterValidator(lines), Field(min_length=1, max_length=MAX_STATEMENT)]
Title = Annotated[Line, Field(min_length=1, max_length=MAX_TITLE)]
Tag = Annotated[Line, Field(min_length=1, max_length=MAX_TAG)]
Tags = Annotated[list[Tag], Field(max_length=MAX_TAGS)]
Count = Annotated[StrictInt, Field(ge=0, le=MAX_COUNT)]
Language = Annotated[str, Field(pattern=r"^[A-Za-z]{2}$")]


class Request(BaseModel):
    """A request body: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


class CommandRequest(Request):
    """A request body that asks for an entry: it makes the domain's command."""

    def to_command(self, reported_by: str) -> OpenIncident | EntryCommand:
        """The command this body asks for, sent by the token named `reported_by`."""
        raise NotImplementedError


class SourceIn(Request):
    """Who said it."""

    name: Name
    url: Annotated[Line, Field(max_length=MAX_URL)] | None = None
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


class IncidentCreate(CommandRequest):
    """Open the record of an incident."""

    title: Title
    occurred_at: Moment
    location: LocationIn
    summary: Statement | None = None
    tags: Tags = []
    source: SourceIn

    def to_command(self, reported_by: str) -> OpenIncident:
        """The opening, as the domain takes it."""
        return OpenIncident(
            title=self.title,
            occurred_at=self.occurred_at,
            location=self.location.to_domain(),
            summary=self.summary,
            tags=self.tags,
            source=self.source.to_domain(),
            reported_by=reported_by,
        )


class FigureCreate(CommandRequest):
    """Report a figure as the source's wording, as structured fields, or both."""

    category: Category
    text: Annotated[Line, Field(min_length=1, max_length=MAX_TEXT)] | None = Field(
        None, description="the source's wording, kept exactly as sent"
    )
    qualifier: Qualifier | None = None
    value: Count | None = None
    low: Count | None = None
    high: Count | None = None
    as_of: Moment
    scope: Name | None = Field(
        None,
        description="what the figure counts when it differs from the category's plain "
        "meaning ('including psychological harm', 'children'); a series of its own",
    )
    language: Language | None = Field(
        None,
        description="the wording's language, an ISO 639-1 code, kept as sent: the wording "
        "is read in en, ru, uk, fr, es, de and ar (without a language, in each of them); in "
        "another language its qualifier and value (or low and high) come with it",
    )
    note: Note | None = None
    source: SourceIn

    def figure(self) -> Figure:
        """The normalised figure; the wording and the structure must agree."""
        return Figure.make(
            self.text, self.qualifier, self.value, self.low, self.high,
            language=self.language, category=self.category,
        )  # fmt: skip

    def to_command(self, reported_by: str) -> ReportFigure:
        """The figure report, as the domain takes it."""
        return ReportFigure(
            category=self.category,
            figure=self.figure(),
            as_of=self.as_of,
            note=self.note,
            scope=self.scope,
            source=self.source.to_domain(),
            reported_by=reported_by,
        )


class AttributionCreate(CommandRequest):
    """Record who says a party is, or is not, responsible."""

    party: Name
    stance: Stance
    asserted_by: Name
    statement: Statement | None = None
    channel: Name | None = None
    stated_at: Moment
    source: SourceIn

    def to_command(self, reported_by: str) -> AssertResponsibility:
        """The assertion, as the domain takes it."""
        return AssertResponsibility(
            party=self.party,
            stance=self.stance,
            asserted_by=self.asserted_by,
            statement=self.statement,
            channel=self.channel,
            stated_at=self.stated_at,
            source=self.source.to_domain(),
            reported_by=reported_by,
        )


class StatementCreate(CommandRequest):
    """Record what someone said about the incident."""

    speaker: Name
    statement: Statement
    stated_at: Moment
    topic: Name | None = None
    source: SourceIn

    def to_command(self, reported_by: str) -> RecordStatement:
        """The statement, as the domain takes it."""
        return RecordStatement(
            speaker=self.speaker,
            statement=self.statement,
            stated_at=self.stated_at,
            topic=self.topic,
            source=self.source.to_domain(),
            reported_by=reported_by,
        )


class RevisionCreate(CommandRequest):
    """Revise any of the details; `summary: null` clears the summary."""

    title: Title | None = None
    summary: Statement | None = None
    location: LocationIn | None = None
    occurred_at: Moment | None = None
    tags: Tags | None = None
    reason: Text
    source: SourceIn | None = None

    def to_command(self, reported_by: str) -> ReviseDetails:
        """The revision, as the domain takes it: the details named, and those sent as null."""
        sent = self.model_fields_set
        return ReviseDetails(
            title=self.title,
            summary=self.summary,
            location=self.location.to_domain() if self.location else None,
            occurred_at=self.occurred_at,
            tags=self.tags,
            cleared=frozenset(
                name for name in DETAIL_FIELDS if name in sent and getattr(self, name) is None
            ),
            reason=self.reason,
            source=self.source.to_domain() if self.source else None,
            reported_by=reported_by,
        )


class RetractionCreate(CommandRequest):
    """Retract an earlier entry."""

    entry: Annotated[StrictInt, Field(ge=1)]
    reason: Text
    source: SourceIn | None = None

    def to_command(self, reported_by: str) -> RetractEntry:
        """The retraction, as the domain takes it."""
        return RetractEntry(
            entry=self.entry,
            reason=self.reason,
            source=self.source.to_domain() if self.source else None,
            reported_by=reported_by,
        )


class HeadlineCreate(CommandRequest):
    """Choose the source whose figure is the headline of a series (editors); a null
    `source_name` goes back to the latest figure of any source."""

    category: Category
    scope: Name | None = None
    source_name: Name | None
    reason: Text

    def to_command(self, reported_by: str) -> ChooseHeadlineSource:
        """The choice, as the domain takes it."""
        return ChooseHeadlineSource(
            category=self.category,
            scope=self.scope,
            source_name=self.source_name,
            reason=self.reason,
            reported_by=reported_by,
        )


class WithdrawalCreate(CommandRequest):
    """Withdraw the incident (editors): opened by mistake, or a duplicate of another."""

    reason: Text
    duplicate_of: UUID | None = None

    def to_command(self, reported_by: str) -> WithdrawIncident:
        """The withdrawal, as the domain takes it."""
        return WithdrawIncident(
            reason=self.reason, duplicate_of=self.duplicate_of, reported_by=reported_by
        )
