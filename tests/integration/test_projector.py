"""The projector on real stores: exactly once across crashes and races, rebuilds identical."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from api.audit.tree_check import check_tree
from api.bootstrap import Parts
from api.settings import Settings
from domain.commands import ReportFigure, RetractEntry
from domain.figures import Figure
from domain.values import Category, Source
from projections import store as store_module
from projections.base import Handler, Logged, ReadModel
from projections.reading import LogDamaged, log_batches
from projections.sql import Db
from tests.support.oracle import instant
from tests.support.tampering import rewrite_event
from tests.support.timelines import START, apply_step, apply_timeline, opening, random_timeline

SOURCE = Source("TASS")


def dump(parts: Parts) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every read model, in a stable order."""
    with parts.store.reading() as db:
        return {
            table: sorted(tuple(dict(row).values()) for row in db.all(f"SELECT * FROM {table}"))
            for table in parts.store.tables
        }


def count(parts: Parts, table: str) -> int:
    with parts.store.reading() as db:
        total: int = db.scalar(f"SELECT COUNT(*) AS n FROM {table}")
        return total


def write_figures(parts: Parts, incident: UUID, n: int) -> int:
    position = 0
    for i in range(n):
        position = parts.record.record(
            incident,
            ReportFigure(
                category=Category.KILLED,
                figure=Figure.parse(str(40 + i)),
                as_of=START,
                note=None,
                source=SOURCE,
                reported_by="tester",
            ),
        ).position
    return position


def test_entries_written_before_a_crash_are_projected_once_at_the_next_start(
    settings: Settings,
) -> None:
    crashed = Parts.open(settings)  # writes events; "dies" before projecting them
    incident = apply_step(crashed, None, ("open", opening(), 201)).incident_id
    last = write_figures(crashed, incident, 30)
    crashed.close()
    restarted = Parts.open(settings)
    try:
        assert restarted.projector.position == 0
        assert restarted.projector.catch_up() == last
        assert count(restarted, "entries") == 31
        assert count(restarted, "figures") == 30
        before = dump(restarted)
        assert restarted.projector.catch_up() == last  # nothing left, nothing applied again
        assert dump(restarted) == before
        assert restarted.views.view(incident)["version"] == 31
    finally:
        restarted.close()


class Exploding(ReadModel):
    """A read model that fails on the fifth figure, like a crash in the middle of a batch."""

    def __init__(self) -> None:
        self.seen = 0

    def handler(self, kind: str) -> Handler:
        return self._explode

    def _explode(self, db: Db, logged: Logged) -> None:
        self.seen += 1
        if self.seen == 5:
            raise RuntimeError("power cut")


def test_a_batch_that_fails_halfway_leaves_no_trace_and_is_applied_whole_later(
    parts: Parts, monkeypatch: pytest.MonkeyPatch
) -> None:
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    last = write_figures(parts, incident, 9)
    empty = dump(parts)
    monkeypatch.setattr(store_module, "READ_MODELS", (*store_module.READ_MODELS, Exploding()))
    with pytest.raises(RuntimeError, match="power cut"):
        parts.projector.catch_up()
    assert parts.store.max_tracking_id(parts.record.name) is None
    assert dump(parts) == empty
    monkeypatch.undo()
    assert parts.projector.catch_up() == last
    assert count(parts, "entries") == 10
    # The tree's edge this thread kept from the batch rolled back is not taken again.
    assert check_tree(parts.record, parts.store).ok


def test_a_batch_from_a_stale_position_is_refused_and_writes_nothing(parts: Parts) -> None:
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    write_figures(parts, incident, 4)
    batch = next(log_batches(parts.record, 0))
    parts.store.project(parts.record.name, batch[:3], after=0)
    applied = dump(parts)
    for stale_after, rest in ((0, batch[:3]), (1, batch[1:]), (2, batch[2:])):
        with pytest.raises(IntegrityError):
            parts.store.project(parts.record.name, rest, after=stale_after)
        assert dump(parts) == applied
    parts.store.project(parts.record.name, batch[3:], after=batch[2][1])
    assert count(parts, "entries") == 5


def test_a_write_whose_read_models_are_elsewhere_leaves_its_entries_to_the_projector(
    parts: Parts,
) -> None:
    """A write brings the read models up to its entries in its own transaction only from
    exactly where they are; else it writes none of their rows, and says so. A projector
    holding the tracking record meanwhile is waited for, and then found ahead."""
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    write_figures(parts, incident, 4)
    batch = next(log_batches(parts.record, 0))
    name, store = parts.record.name, parts.store
    store.project(name, batch[:2], after=0)
    applied = dump(parts)
    with store.database.transaction(commit=True) as db:
        assert not store.project_saved(db, name, batch[3:])  # the third entry is not applied
    assert dump(parts) == applied
    holding, ahead = threading.Event(), threading.Event()

    def projector() -> None:
        with store.database.transaction(commit=True) as db:
            db.execute(
                f"UPDATE {store.tracking_table} SET notification_id = ? WHERE application_name = ?",
                (batch[2][1], name),
            )
            holding.set()
            time.sleep(0.5)  # the writer's transaction waits for this one meanwhile
        ahead.set()

    thread = threading.Thread(target=projector)
    thread.start()
    assert holding.wait(10)
    with store.database.transaction(commit=True) as db:
        assert not store.project_saved(db, name, batch[2:])
    thread.join()
    assert ahead.is_set()
    assert store.max_tracking_id(name) == batch[2][1]
    assert dump(parts) == applied  # the projector moved the record and wrote nothing here
    with store.database.transaction(commit=True) as db:
        assert store.project_saved(db, name, batch[3:])
    assert count(parts, "entries") == 4  # all but the third, which the projector moved past


def test_two_projectors_racing_on_one_database_apply_each_event_once(settings: Settings) -> None:
    first, second = Parts.open(settings), Parts.open(settings)
    try:
        incident = apply_step(first, None, ("open", opening(), 201)).incident_id
        last = write_figures(first, incident, 300)
        barrier = threading.Barrier(2)
        errors: list[BaseException] = []

        def run(parts: Parts) -> None:
            barrier.wait()
            try:
                parts.projector.catch_up()
            except BaseException as error:
                errors.append(error)

        threads = [threading.Thread(target=run, args=(s,)) for s in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        assert first.store.max_tracking_id(first.record.name) == last
        assert count(first, "entries") == 301
        assert count(first, "figures") == 300
        assert second.projector.catch_up() == last
    finally:
        first.close()
        second.close()


def test_a_projector_behind_the_writers_applies_only_what_they_left(parts: Parts) -> None:
    """In a server the writers apply their own entries; the lease holder's loop only
    applies an entry no writer applied for a whole interval (a writer that died)."""
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    first = write_figures(parts, incident, 1)  # applied by the loop's first catch-up
    parts.projector.start(2.0, eager=False)
    try:
        _wait_for(parts, first)  # the loop has started
        time.sleep(0.5)  # and has looked at the log's end
        last = write_figures(parts, incident, 3)  # recorded, applied by nobody
        assert parts.store.max_tracking_id(parts.record.name) < last  # not raced for
        _wait_for(parts, last)  # an interval or two later
        assert count(parts, "figures") == 4
    finally:
        parts.projector.stop()


def _wait_for(parts: Parts, position: int) -> None:
    deadline = time.monotonic() + 15
    while (parts.store.max_tracking_id(parts.record.name) or 0) < position:
        assert time.monotonic() < deadline, f"position {position} was never applied"
        time.sleep(0.05)


@pytest.mark.parametrize("seed", [4, 5])
def test_rebuild_from_the_log_gives_identical_read_models(parts: Parts, seed: int) -> None:
    for n in range(3):
        apply_timeline(parts, random_timeline(seed * 10 + n, length=40))
    parts.projector.catch_up()
    before = dump(parts)
    assert sum(len(rows) for rows in before.values()) > 100
    seen: list[int] = []
    applied = parts.projector.rebuild(seen.append)
    assert applied == len(before["entries"])
    assert seen[-1] == applied
    assert dump(parts) == before
    assert parts.projector.catch_up() == parts.record.recorder.max_notification_id()


def test_a_second_application_racing_on_one_incident_retries_and_keeps_every_entry(
    settings: Settings,
) -> None:
    first, second = Parts.open(settings), Parts.open(settings)
    try:
        incident = apply_step(first, None, ("open", opening(), 201)).incident_id
        failures: list[BaseException] = []

        def write(parts: Parts, offset: int) -> None:
            try:
                for i in range(40):
                    parts.record.record(
                        incident,
                        ReportFigure(
                            category=Category.KILLED,
                            figure=Figure.parse(str(offset + i)),
                            as_of=START,
                            note=None,
                            source=SOURCE,
                            reported_by=f"w{offset}",
                        ),
                    )
            except BaseException as error:
                failures.append(error)

        threads = [
            threading.Thread(target=write, args=(parts, offset))
            for parts in (first, second)
            for offset in ((1000, 2000) if parts is first else (3000, 4000))
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert failures == []
        entries = first.record.entries(incident, limit=1000)
        assert [e.entry for e in entries] == list(range(1, 162))
        assert sorted(e.data["value"] for e in entries[1:]) == sorted(
            o + i for o in (1000, 2000, 3000, 4000) for i in range(40)
        )
        stamps = [e.recorded_at for e in entries]
        assert stamps == sorted(stamps) and len(set(stamps)) == len(stamps)
    finally:
        first.close()
        second.close()


def test_old_versions_come_back_from_snapshots_and_a_cold_cache(settings: Settings) -> None:
    writer = Parts.open(settings)
    incident = apply_step(writer, None, ("open", opening(), 201)).incident_id
    write_figures(writer, incident, 249)
    retraction = writer.record.record(
        incident, RetractEntry(entry=120, reason="x", source=None, reported_by="ed")
    )
    writer.close()
    cold = Parts.open(settings)
    try:
        assert cold.record.snapshots is not None
        snapshots = list(cold.record.snapshots.get(incident))
        assert [s.originator_version for s in snapshots] == [100, 200]
        assert cold.record.get_incident(incident).version == retraction.entry
        assert cold.record.get_incident(incident).retracted == [120]
        old = cold.record.repository.get(incident, version=150)
        assert old.version == 150 and old.retracted == []
    finally:
        cold.close()


def test_known_at_reads_probe_indexes_instead_of_scanning(tmp_path: Path) -> None:
    parts = Parts.open(Settings(database_url=f"sqlite:///{tmp_path / 'plan.db'}"))
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    write_figures(parts, incident, 50)
    parts.projector.catch_up()
    with parts.store.reading() as db:
        plan = db.all(
            "EXPLAIN QUERY PLAN SELECT entry FROM entries WHERE incident_id = ?"
            " AND recorded_at <= ? ORDER BY recorded_at DESC LIMIT 1",
            (incident.hex, "2030-01-01T00:00:00.000000Z"),
        )
        details = " ".join(str(dict(row)["detail"]) for row in plan)
    assert "USING INDEX entries_by_time" in details or "USING COVERING INDEX" in details
    assert "SCAN" not in details
    assert instant(parts.views.view(incident)["updated_at"]).year >= 2024
    parts.close()


def test_read_models_of_another_version_are_rebuilt_when_the_database_is_opened(
    settings: Settings,
) -> None:
    first = Parts.open(settings)
    apply_timeline(first, random_timeline(21, length=20))
    first.catch_up()
    before = dump(first)
    with first.store.database.transaction(commit=True) as db:
        db.execute("UPDATE read_model_schema SET version = 'an older one'")
        db.execute("DROP TABLE figure_heads")  # as if the old layout had none
    first.close()
    reopened = Parts.open(settings)
    try:
        assert reopened.store.is_current()
        assert dump(reopened) == before
    finally:
        reopened.close()


def test_an_undecodable_event_stops_the_projector_naming_where(
    parts: Parts, settings: Settings
) -> None:
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    write_figures(parts, incident, 3)
    rewrite_event(settings.database_url, incident, 3, lambda _: b"\xff not json")
    restarted = Parts.open(settings)
    try:
        with pytest.raises(LogDamaged, match="incidents verify"):
            restarted.catch_up()
        assert restarted.views.version(incident) == 2  # what could be applied, was
    finally:
        restarted.close()
