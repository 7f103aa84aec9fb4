"""The Incident aggregate: an append-only record of what was said about one incident.

Every update is a domain event (an *entry*), numbered by the aggregate version it
creates. The aggregate keeps only what its rules need (the current details, which
entries are revisions and retractions, which are retracted); the figures,
attributions and statements themselves live in the events and the read models.

Rules are checked in the public command methods before an event is triggered;
the decorated methods only apply state, because they are replayed.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, assert_never
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from domain.chain import GENESIS, canonical, chain_hash
from domain.commands import (
    AssertResponsibility,
    EntryCommand,
    OpenIncident,
    RecordStatement,
    ReportFigure,
    RetractEntry,
    ReviseDetails,
)
from domain.entries import payload_of
from domain.errors import InvalidRetraction, InvalidValue, NothingToRevise
from domain.values import MAX_NAME as NAME
from domain.values import (
    MAX_STATEMENT,
    MAX_TEXT,
    MAX_TITLE,
    Category,
    Location,
    Stance,
    check_choice,
    check_not_future,
    check_optional_text,
    check_tags,
    check_text,
)

# Event names are stable public names, and are their stored topics: renaming a
# class needs register_topic for its old name, or an upcaster, never a new topic.
DETAIL_FIELDS = ("title", "summary", "location", "occurred_at", "tags")
ONE_MICROSECOND = timedelta(microseconds=1)


class Incident(Aggregate):
    """One incident's record; entry N is the event that made version N."""

    TOPIC = "Incident"

    class Event(Aggregate.Event):
        """Every entry names the token that recorded it, and carries its chain hash."""

        reported_by: str
        hash: str

        def mutate(self, aggregate: Any) -> Any:
            """Apply the entry, and remember its hash as the head of the chain."""
            incident: Any = super().mutate(aggregate)
            incident.head = self.hash
            return incident

    class Created(Event, Aggregate.Created):
        """Base of the opening entry."""

        TOPIC = "Incident.Created"

    # The state the rules need; everything else is in the read models.
    head: str  # the hash of the latest entry
    details: dict[str, Any]
    opening: dict[str, Any]
    revisions: list[list[Any]]
    retractions: list[int]
    retracted: list[int]

    @classmethod
    def open(
        cls, command: OpenIncident, now: datetime, incident_id: UUID | None = None
    ) -> Incident:
        """Open the record of an incident (entry 1), with a new id unless one is given."""
        return cls(
            id=incident_id or uuid4(),
            title=check_text("title", command.title, MAX_TITLE),
            occurred_at=check_not_future("occurred_at", command.occurred_at, now),
            location=command.location.as_dict(),
            summary=check_optional_text("summary", command.summary, MAX_STATEMENT),
            tags=check_tags(command.tags),
            source=command.source.as_dict(),
            reported_by=command.reported_by,
        )

    @event("IncidentOpened", topic="IncidentOpened")
    def __init__(
        self,
        id: UUID,
        title: str,
        occurred_at: datetime,
        location: dict[str, Any],
        summary: str | None,
        tags: list[str],
        source: dict[str, Any],
        reported_by: str,
    ) -> None:
        self.opening = {
            "title": title,
            "occurred_at": occurred_at,
            "location": location,
            "summary": summary,
            "tags": tags,
        }
        self.details = dict(self.opening)
        self.revisions = []
        self.retractions = []
        self.retracted = []

    @classmethod
    def _create(cls, event_class: Any, *, id: UUID | None = None, **kwargs: Any) -> Any:
        """Open with a time and the first link of the chain (to GENESIS)."""
        incident_id = id or uuid4()
        timestamp = kwargs.pop("timestamp", None) or event_class.create_timestamp()
        kwargs["hash"] = _hash(GENESIS, event_class, incident_id, 1, timestamp, kwargs)
        return super()._create(event_class, id=incident_id, timestamp=timestamp, **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        """Stamp each entry strictly after the one before (so known_at reads are prefixes)
        and chain its hash to the one before."""
        now = event_class.create_timestamp()
        kwargs["timestamp"] = max(now, self.modified_on + ONE_MICROSECOND)
        kwargs["hash"] = _hash(
            self.head, event_class, self.id, self.version + 1, kwargs["timestamp"], kwargs
        )
        super().trigger_event(event_class, **kwargs)

    # Commands ---------------------------------------------------------------

    def carry_out(self, command: EntryCommand, now: datetime) -> None:
        """Check a command against the rules and record its entry; `now` is the server
        clock, which no valid time may lie a day beyond."""
        match command:
            case ReviseDetails():
                self.revise_details(command, now)
            case ReportFigure():
                self.report_figure(command, now)
            case AssertResponsibility():
                self.assert_responsibility(command, now)
            case RecordStatement():
                self.record_statement(command, now)
            case RetractEntry():
                self.retract_entry(command)
            case _:
                assert_never(command)

    def revise_details(self, command: ReviseDetails, now: datetime) -> None:
        """Revise any of the title, summary, location, time and tags."""
        checked = check_revision(command, now)
        if all(self.details[name] == value for name, value in checked.items()):
            raise NothingToRevise("the revision changes nothing: every value is already current")
        self._details_revised(
            title=checked.get("title"),
            summary=checked.get("summary"),
            location=checked.get("location"),
            occurred_at=checked.get("occurred_at"),
            tags=checked.get("tags"),
            cleared=[name for name, value in checked.items() if value is None],
            reason=check_text("reason", command.reason, MAX_TEXT),
            source=command.source.as_dict() if command.source else None,
            reported_by=command.reported_by,
        )

    def report_figure(self, command: ReportFigure, now: datetime) -> None:
        """Report a count of one category, as a source worded it."""
        self._figure_reported(
            category=str(check_choice("category", Category, command.category)),
            **command.figure.as_dict(),
            as_of=check_not_future("as_of", command.as_of, now),
            note=check_optional_text("note", command.note, MAX_TEXT),
            source=command.source.as_dict(),
            reported_by=command.reported_by,
        )

    def assert_responsibility(self, command: AssertResponsibility, now: datetime) -> None:
        """Record who says a party is, or is not, responsible."""
        self._responsibility_asserted(
            party=check_text("party", command.party, NAME),
            stance=str(check_choice("stance", Stance, command.stance)),
            asserted_by=check_text("asserted_by", command.asserted_by, NAME),
            statement=check_optional_text("statement", command.statement, MAX_STATEMENT),
            channel=check_optional_text("channel", command.channel, NAME),
            stated_at=check_not_future("stated_at", command.stated_at, now),
            source=command.source.as_dict(),
            reported_by=command.reported_by,
        )

    def record_statement(self, command: RecordStatement, now: datetime) -> None:
        """Record what someone said about the incident."""
        self._statement_recorded(
            speaker=check_text("speaker", command.speaker, NAME),
            statement=check_text("statement", command.statement, MAX_STATEMENT),
            stated_at=check_not_future("stated_at", command.stated_at, now),
            topic=check_optional_text("topic", command.topic, NAME),
            source=command.source.as_dict(),
            reported_by=command.reported_by,
        )

    def retract_entry(self, command: RetractEntry) -> None:
        """Retract an earlier entry: it stays in the history, and leaves every current view."""
        self.check_retractable(command.entry)
        self._entry_retracted(
            entry=command.entry,
            reason=check_text("reason", command.reason, MAX_TEXT),
            source=command.source.as_dict() if command.source else None,
            reported_by=command.reported_by,
        )

    def check_retractable(self, entry: int) -> None:
        """Refuse the opening, retractions, retracted entries and entries that don't exist."""
        if not 1 <= entry <= self.version:
            raise InvalidRetraction(
                f"entry {entry} does not exist: this incident has entries 1 to {self.version}"
            )
        if entry == 1:
            raise InvalidRetraction("entry 1 opens the incident and cannot be retracted")
        if entry in self.retractions:
            raise InvalidRetraction(f"entry {entry} is a retraction and cannot be retracted")
        if entry in self.retracted:
            raise InvalidRetraction(f"entry {entry} is already retracted")

    # Events: bodies only apply state -----------------------------------------

    @event("DetailsRevised", topic="DetailsRevised")
    def _details_revised(
        self,
        title: str | None,
        summary: str | None,
        location: dict[str, Any] | None,
        occurred_at: datetime | None,
        tags: list[str] | None,
        cleared: list[str],
        reason: str,
        source: dict[str, Any] | None,
        reported_by: str,
    ) -> None:
        changes = revised_fields(
            {"title": title, "summary": summary, "location": location,
             "occurred_at": occurred_at, "tags": tags, "cleared": cleared}
        )  # fmt: skip
        self.revisions.append([self.version + 1, changes])
        self.details.update(changes)

    @event("FigureReported", topic="FigureReported")
    def _figure_reported(
        self,
        category: str,
        text: str,
        qualifier: str,
        value: int | None,
        low: int | None,
        high: int | None,
        as_of: datetime,
        note: str | None,
        source: dict[str, Any],
        reported_by: str,
    ) -> None:
        pass  # the figure itself lives in the event and the read models

    @event("ResponsibilityAsserted", topic="ResponsibilityAsserted")
    def _responsibility_asserted(
        self,
        party: str,
        stance: str,
        asserted_by: str,
        statement: str | None,
        channel: str | None,
        stated_at: datetime,
        source: dict[str, Any],
        reported_by: str,
    ) -> None:
        pass

    @event("StatementRecorded", topic="StatementRecorded")
    def _statement_recorded(
        self,
        speaker: str,
        statement: str,
        stated_at: datetime,
        topic: str | None,
        source: dict[str, Any],
        reported_by: str,
    ) -> None:
        pass

    @event("EntryRetracted", topic="EntryRetracted")
    def _entry_retracted(
        self, entry: int, reason: str, source: dict[str, Any] | None, reported_by: str
    ) -> None:
        self.retractions.append(self.version + 1)
        self.retracted.append(entry)
        if any(revised == entry for revised, _ in self.revisions):
            self.details = details_after_revisions(self.opening, self.revisions, self.retracted)


def _hash(
    previous: str,
    event_class: Any,
    incident_id: UUID,
    entry: int,
    timestamp: datetime,
    fields: dict[str, Any],
) -> str:
    return chain_hash(
        previous,
        canonical(
            incident_id=incident_id,
            entry=entry,
            type=event_class.__name__,
            recorded_at=timestamp,
            reported_by=fields["reported_by"],
            data=payload_of(fields),
        ),
    )


def revised_fields(revision: dict[str, Any]) -> dict[str, Any]:
    """The details a DetailsRevised payload changes: those given, and those cleared."""
    cleared = revision.get("cleared") or ()
    return {
        name: revision.get(name)
        for name in DETAIL_FIELDS
        if revision.get(name) is not None or name in cleared
    }


def details_after_revisions(
    opening: dict[str, Any], revisions: list[list[Any]], retracted: list[int]
) -> dict[str, Any]:
    """The details as the opening set them, with every revision not retracted applied in order."""
    details = dict(opening)
    for entry, changes in revisions:
        if entry not in retracted:
            details.update(changes)
    return details


def check_revision(command: ReviseDetails, now: datetime) -> dict[str, Any]:
    """Check each revised detail as the opening checks it; only the summary can be cleared.

    The details revised, by name: those given, and None for those cleared.
    """
    for name in sorted(command.cleared):
        if name not in DETAIL_FIELDS:
            raise InvalidValue(name, "is not a detail that can be revised")
        if name != "summary":
            raise InvalidValue(name, "cannot be cleared, only revised")
    checked: dict[str, Any] = {name: None for name in command.cleared}
    if command.title is not None:
        checked["title"] = check_text("title", command.title, MAX_TITLE)
    if command.summary is not None:
        checked["summary"] = check_optional_text("summary", command.summary, MAX_STATEMENT)
    if command.location is not None:
        if not isinstance(command.location, Location):
            raise InvalidValue("location", "a location has a name, and lat, lon and country_code")
        checked["location"] = command.location.as_dict()
    if command.occurred_at is not None:
        checked["occurred_at"] = check_not_future("occurred_at", command.occurred_at, now)
    if command.tags is not None:
        checked["tags"] = check_tags(command.tags)
    if not checked:
        raise NothingToRevise(f"a revision names at least one of {', '.join(DETAIL_FIELDS)}")
    return checked
