"""The commands of the record: small frozen types, one per kind of entry.

A command is what someone asks the record to do, with every field it needs,
already made of domain values (a `Figure`, a `Source`). The aggregate checks it
against its rules and records its event (`Incident.carry_out`); the application
carries it out on the right incident (`IncidentRecord.carry_out`). Each command
names the event it records, so the tables built on them (routes, import, pages)
never spell event names themselves.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import ClassVar
from uuid import UUID

from domain.figures import Figure
from domain.values import Category, Location, Source, Stance


@dataclass(frozen=True, slots=True, kw_only=True)
class Command:
    """What every command carries: the name of the token that asks for it."""

    event: ClassVar[str]  # the name (and stored topic) of the event it records
    reported_by: str


@dataclass(frozen=True, slots=True, kw_only=True)
class OpenIncident(Command):
    """Open the record of a new incident (entry 1)."""

    event: ClassVar[str] = "IncidentOpened"
    title: str
    occurred_at: datetime
    location: Location
    summary: str | None = None
    tags: Sequence[str] = ()
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class ReviseDetails(Command):
    """Revise any of the title, summary, location, time and tags.

    A detail left None is not revised; `cleared` names the details sent as null
    (only the summary can be cleared, which the aggregate checks).
    """

    event: ClassVar[str] = "DetailsRevised"
    title: str | None = None
    summary: str | None = None
    location: Location | None = None
    occurred_at: datetime | None = None
    tags: Sequence[str] | None = None
    cleared: frozenset[str] = field(default_factory=frozenset)
    reason: str
    source: Source | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportFigure(Command):
    """Report a count of one category, as a source worded it."""

    event: ClassVar[str] = "FigureReported"
    category: Category
    figure: Figure
    as_of: datetime
    note: str | None = None
    scope: str | None = None
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class AssertResponsibility(Command):
    """Record who says a party is, or is not, responsible."""

    event: ClassVar[str] = "ResponsibilityAsserted"
    party: str
    stance: Stance
    asserted_by: str
    statement: str | None = None
    channel: str | None = None
    stated_at: datetime
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordStatement(Command):
    """Record what someone said about the incident."""

    event: ClassVar[str] = "StatementRecorded"
    speaker: str
    statement: str
    stated_at: datetime
    topic: str | None = None
    source: Source


@dataclass(frozen=True, slots=True, kw_only=True)
class RetractEntry(Command):
    """Retract an earlier entry: it stays in the history and leaves every current view."""

    event: ClassVar[str] = "EntryRetracted"
    entry: int
    reason: str
    source: Source | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ChooseHeadlineSource(Command):
    """Make one source's figure the headline of a series (editors): `source_name`
    None goes back to the latest figure of any source."""

    event: ClassVar[str] = "HeadlineSourceChosen"
    category: Category
    scope: str | None = None
    source_name: str | None
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class WithdrawIncident(Command):
    """Take an incident out of the list (editors): opened by mistake, or a duplicate of
    another. Nothing is deleted; retracting the withdrawal restores it."""

    event: ClassVar[str] = "IncidentWithdrawn"
    reason: str
    duplicate_of: UUID | None = None


# The commands that add an entry to an incident that is already open.
EntryCommand = (
    ReviseDetails
    | ReportFigure
    | AssertResponsibility
    | RecordStatement
    | RetractEntry
    | ChooseHeadlineSource
    | WithdrawIncident
)
