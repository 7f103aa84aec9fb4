"""The application service on the library's in-memory store: get, act, save, in
milliseconds, with nothing but the domain."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from domain.application import Change, IncidentRecord
from domain.commands import ReportFigure
from domain.errors import (
    IncidentExists,
    IncidentNotFound,
    InvalidRetraction,
    InvalidValue,
    VersionMismatch,
)
from domain.figures import Figure
from tests.support.commands import figure_report, opening, retraction, statement


@pytest.fixture
def record() -> Iterator[IncidentRecord]:
    """The application on the library's plain-object (in-memory) store."""
    application = IncidentRecord(env={"PERSISTENCE_MODULE": "eventsourcing.popo"})
    yield application
    application.close()


def test_opening_an_incident_records_entry_one_at_the_first_position(
    record: IncidentRecord,
) -> None:
    opened = record.open_incident(opening())

    assert (opened.entry, opened.version, opened.position) == (1, 1, 1)
    assert record.entries(opened.incident_id)[0].type == "IncidentOpened"


def test_an_incident_opened_with_a_given_id_keeps_it_and_cannot_be_opened_twice(
    record: IncidentRecord,
) -> None:
    given = uuid4()

    assert record.open_incident(opening(), incident_id=given).incident_id == given
    with pytest.raises(IncidentExists):
        record.open_incident(opening(), incident_id=given)


def test_each_entry_is_numbered_and_placed_in_the_global_log(record: IncidentRecord) -> None:
    first = record.open_incident(opening()).incident_id
    second = record.open_incident(opening(title="A second incident")).incident_id

    figure = record.record(first, figure_report())
    said = record.record(second, statement())

    assert (figure.entry, figure.position) == (2, 3)
    assert (said.entry, said.position) == (2, 4)
    assert [position for position, _ in record.feed()] == [1, 2, 3, 4]
    assert [entry.incident_id for _, entry in record.feed(after=2)] == [first, second]


def test_a_change_that_expects_another_version_is_refused_and_writes_nothing(
    record: IncidentRecord,
) -> None:
    incident = record.open_incident(opening()).incident_id
    record.record(incident, figure_report())

    with pytest.raises(VersionMismatch) as refused:
        record.record(incident, figure_report(), expected_version=1)

    assert refused.value.actual == 2
    assert len(record.entries(incident)) == 2


def test_a_change_at_the_version_it_expects_is_carried_out(record: IncidentRecord) -> None:
    incident = record.open_incident(opening()).incident_id

    recorded = record.carry_out(Change(incident, figure_report(), expected_version=1))

    assert recorded.version == 2


def test_a_command_on_an_incident_that_does_not_exist_is_refused(record: IncidentRecord) -> None:
    with pytest.raises(IncidentNotFound):
        record.record(UUID(int=7), figure_report())


def test_a_command_that_breaks_a_rule_writes_nothing(record: IncidentRecord) -> None:
    incident = record.open_incident(opening()).incident_id

    with pytest.raises(InvalidRetraction):
        record.record(incident, retraction(1))
    with pytest.raises(InvalidValue):
        record.record(incident, figure_report(as_of=datetime.now(UTC) + timedelta(days=2)))

    assert len(record.entries(incident)) == 1
    assert record.recorder.max_notification_id() == 1


def test_the_entries_page_by_number(record: IncidentRecord) -> None:
    incident = record.open_incident(opening()).incident_id
    for value in range(5):
        record.record(incident, figure_report(figure=Figure.parse(str(value))))

    page = record.entries(incident, after=2, limit=2)

    assert [entry.entry for entry in page] == [3, 4]
    assert page[0].data["text"] == "1"


def test_the_chain_of_a_recorded_incident_verifies(record: IncidentRecord) -> None:
    incident = record.open_incident(opening()).incident_id
    record.record(incident, figure_report())
    record.record(incident, retraction(2))

    verification = record.verify(incident)

    assert verification.ok
    assert verification.entries == 3
    assert verification.head == record.entries(incident)[-1].hash


def test_a_command_is_a_small_frozen_value(record: IncidentRecord) -> None:
    command = figure_report()

    with pytest.raises(AttributeError):
        command.note = "changed"  # type: ignore[misc]
    assert isinstance(command, ReportFigure)
    assert ReportFigure.event == "FigureReported"


def test_every_hundredth_entry_leaves_a_snapshot_that_rebuilds_the_same_incident(
    record: IncidentRecord,
) -> None:
    incident = record.open_incident(opening()).incident_id
    for value in range(99):
        record.record(incident, figure_report(figure=Figure.parse(str(value))))

    assert record.snapshots is not None
    (snapshot,) = record.snapshots.get(incident)
    assert snapshot.originator_version == 100
    assert record.get_incident(incident).head == record.entries(incident, after=99)[0].hash
