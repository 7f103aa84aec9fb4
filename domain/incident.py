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

from domain.chain import GENESIS, entry_hash
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
from domain.details import check_revision, details_after_revisions, revised_fields
from domain.errors import (
    FigureBeforeIncident,
    IncidentWithdrawn,
    InvalidRetraction,
    InvalidValue,
    NothingToRevise,
    StanceNeedsTheParty,
)
from domain.names import same_name
from domain.values import MAX_NAME as NAME
from domain.values import (
    MAX_STATEMENT,
    MAX_TEXT,
    MAX_TITLE,
    Category,
    Stance,
    check_choice,
    check_clean,
    check_not_future,
    check_optional_text,
    check_tags,
    check_text,
)

# Event names are stable public names, and are their stored topics: renaming a
# class needs register_topic for its old name, or an upcaster, never a new topic.
ONE_MICROSECOND = timedelta(microseconds=1)
# How long before the incident a figure may count (reports of a build-up, time zones).
BEFORE_THE_INCIDENT = timedelta(hours=24)
# The stances that are the party's own words: who says them must be the party.
OWN_WORDS = (Stance.CLAIMS, Stance.DENIES)


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
    # The entry that withdrew the incident, while it stands (a class default, so that
    # snapshots taken before withdrawals existed read as not withdrawn).
    withdrawal: int | None = None

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
            summary=check_optional_text("summary", command.summary, MAX_STATEMENT, multiline=True),
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
        kwargs["hash"] = entry_hash(
            GENESIS, event_class.__name__, incident_id, 1, timestamp, kwargs
        )
        return super()._create(event_class, id=incident_id, timestamp=timestamp, **kwargs)

    def trigger_event(self, event_class: Any, **kwargs: Any) -> None:
        """Stamp each entry strictly after the one before (so known_at reads are prefixes)
        and chain its hash to the one before."""
        now = event_class.create_timestamp()
        kwargs["timestamp"] = max(now, self.modified_on + ONE_MICROSECOND)
        kwargs["hash"] = entry_hash(
            self.head, event_class.__name__, self.id, self.version + 1, kwargs["timestamp"], kwargs
        )
        super().trigger_event(event_class, **kwargs)

    # Commands ---------------------------------------------------------------

    def carry_out(self, command: EntryCommand, now: datetime) -> None:
        """Check a command against the rules and record its entry; `now` is the server
        clock, which no valid time may lie a day beyond."""
        if self.withdrawal is not None and not isinstance(command, RetractEntry):
            raise IncidentWithdrawn(self.id, self.withdrawal)
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
            case ChooseHeadlineSource():
                self.choose_headline_source(command)
            case WithdrawIncident():
                self.withdraw(command)
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
        """Report a count of one category, as a source worded it (kept as sent)."""
        check_clean("text", command.figure.text)
        as_of = check_not_future("as_of", command.as_of, now)
        occurred_at: datetime = self.details["occurred_at"]
        if as_of < occurred_at - BEFORE_THE_INCIDENT:
            raise FigureBeforeIncident(
                f"as_of ({as_of.isoformat()}) is more than a day before the incident occurred"
                f" ({occurred_at.isoformat()}); check the date, or revise occurred_at first"
            )
        self._figure_reported(
            category=str(check_choice("category", Category, command.category)),
            **command.figure.as_dict(),
            as_of=as_of,
            note=check_optional_text("note", command.note, MAX_TEXT, multiline=True),
            scope=check_optional_text("scope", command.scope, NAME),
            source=command.source.as_dict(),
            reported_by=command.reported_by,
        )

    def assert_responsibility(self, command: AssertResponsibility, now: datetime) -> None:
        """Record who says a party is, or is not, responsible; a claim or a denial is the
        party's own word, so the party must be the one who says it."""
        party = check_text("party", command.party, NAME)
        stance = check_choice("stance", Stance, command.stance)
        asserted_by = check_text("asserted_by", command.asserted_by, NAME)
        if stance in OWN_WORDS and not same_name(party, asserted_by):
            raise StanceNeedsTheParty(stance, party, asserted_by)
        self._responsibility_asserted(
            party=party,
            stance=str(stance),
            asserted_by=asserted_by,
            statement=check_optional_text(
                "statement", command.statement, MAX_STATEMENT, multiline=True
            ),
            channel=check_optional_text("channel", command.channel, NAME),
            stated_at=check_not_future("stated_at", command.stated_at, now),
            source=command.source.as_dict(),
            reported_by=command.reported_by,
        )

    def record_statement(self, command: RecordStatement, now: datetime) -> None:
        """Record what someone said about the incident."""
        self._statement_recorded(
            speaker=check_text("speaker", command.speaker, NAME),
            statement=check_text("statement", command.statement, MAX_STATEMENT, multiline=True),
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

    def choose_headline_source(self, command: ChooseHeadlineSource) -> None:
        """Follow one source's figures as a series' headline, or (None) any source's."""
        self._headline_source_chosen(
            category=str(check_choice("category", Category, command.category)),
            scope=check_optional_text("scope", command.scope, NAME),
            source_name=check_optional_text("source_name", command.source_name, NAME),
            reason=check_text("reason", command.reason, MAX_TEXT),
            reported_by=command.reported_by,
        )

    def withdraw(self, command: WithdrawIncident) -> None:
        """Take the incident out of the list; a duplicate names the incident it repeats
        (the application checks that one exists)."""
        if command.duplicate_of == self.id:
            raise InvalidValue("duplicate_of", "an incident cannot be a duplicate of itself")
        self._incident_withdrawn(
            reason=check_text("reason", command.reason, MAX_TEXT),
            duplicate_of=str(command.duplicate_of) if command.duplicate_of else None,
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
        # Edition 2 fields. Entries stored before them have none, and read them as
        # these defaults (no upcaster: it would rewrite the payload their hash covers).
        read_from: str = "text",
        language: str | None = None,
        scope: str | None = None,
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

    @event("HeadlineSourceChosen", topic="HeadlineSourceChosen")
    def _headline_source_chosen(
        self,
        category: str,
        scope: str | None,
        source_name: str | None,
        reason: str,
        reported_by: str,
    ) -> None:
        pass  # the choice lives in the event and the read models

    @event("IncidentWithdrawn", topic="IncidentWithdrawn")
    def _incident_withdrawn(self, reason: str, duplicate_of: str | None, reported_by: str) -> None:
        self.withdrawal = self.version + 1

    @event("EntryRetracted", topic="EntryRetracted")
    def _entry_retracted(
        self, entry: int, reason: str, source: dict[str, Any] | None, reported_by: str
    ) -> None:
        self.retractions.append(self.version + 1)
        self.retracted.append(entry)
        if entry == self.withdrawal:
            self.withdrawal = None
        if any(revised == entry for revised, _ in self.revisions):
            self.details = details_after_revisions(self.opening, self.revisions, self.retracted)
