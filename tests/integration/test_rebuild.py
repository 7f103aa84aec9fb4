"""A rebuild fills the read models in bulk from state held in memory; the same log
applied one event at a time, each read model reading its state back from its
tables, must give the very same rows in every table."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from api.bootstrap import Parts
from api.settings import Settings
from domain import merkle
from domain.application import IncidentRecord
from projections import listing
from projections.leaf_hasher import hashed_ahead
from projections.models import TREE
from projections.reading import log_batches
from projections.tree import leaf_data
from tests.support.timelines import START, Step, apply_step, opening, random_timeline

Dump = dict[str, list[tuple[Any, ...]]]
TASS, MEDUZA = {"name": "TASS"}, {"name": "Meduza"}


def dump(parts: Parts) -> Dump:
    """Every row of every read model, in a stable order."""
    with parts.store.reading() as db:
        return {
            table: sorted(tuple(dict(row).values()) for row in db.all(f"SELECT * FROM {table}"))
            for table in parts.store.tables
        }


def indexes(parts: Parts) -> set[tuple[str, str]]:
    """The read models' indexes, as (table, index) names."""
    tables = ", ".join(f"'{table}'" for table in parts.store.tables)
    query = (
        f"SELECT tablename AS t, indexname AS i FROM pg_indexes WHERE tablename IN ({tables})"
        if parts.settings.on_postgres
        else "SELECT tbl_name AS t, name AS i FROM sqlite_master"
        f" WHERE type = 'index' AND tbl_name IN ({tables})"
    )
    with parts.store.reading() as db:
        return {(row["t"], row["i"]) for row in db.all(query)}


def figure(category: str, text: str, hours: int, source: dict[str, str]) -> Step:
    as_of = (START + timedelta(hours=hours)).isoformat()
    return ("figures", {"category": category, "text": text, "as_of": as_of, "source": source}, 201)


def retraction(entry: int) -> Step:
    return ("retractions", {"entry": entry, "reason": "did not hold"}, 201)


# Histories the random timelines may miss: a head retracted back to an older figure
# that stays current to the end, a source left with no figure, revisions retracted
# in turn, attributions and statements retracted.
EDGES: list[list[Step]] = [
    [
        ("open", opening("Fallback to the end"), 201),
        figure("killed", "at least 10", 5, TASS),
        figure("killed", "8", 1, TASS),  # older: not the head
        retraction(2),  # the head falls back to entry 3, which stays current
    ],
    [
        ("open", opening("A source with nothing left"), 201),
        figure("killed", "10", 5, TASS),
        figure("injured", "about 30", 5, MEDUZA),
        retraction(2),  # TASS has no killed figure left
        ("revisions", {"title": "Renamed", "reason": "wording"}, 201),
        ("revisions", {"tags": ["Moscow", "concert"], "summary": None, "reason": "tags"}, 201),
        retraction(5),
        retraction(6),  # back to the opening's details
        (
            "attributions",
            {
                "party": "Islamic State",
                "stance": "claims",
                "asserted_by": "Islamic State",
                "stated_at": START.isoformat(),
                "source": TASS,
            },
            201,
        ),
        retraction(9),
        (
            "statements",
            {
                "speaker": "Vladimir Putin",
                "statement": "Words.",
                "stated_at": START.isoformat(),
                "source": MEDUZA,
            },
            201,
        ),
        retraction(11),
        figure("killed", "at least 12", 5, TASS),  # a tie in as_of: the later entry leads
    ],
]


def write_interleaved(parts: Parts, timelines: list[list[Step]], seed: int) -> list[UUID]:
    """Carry out the timelines' steps with their incidents' entries interleaved in the log;
    returns the incidents' ids."""
    incidents: list[UUID] = [apply_step(parts, None, steps[0]).incident_id for steps in timelines]
    pending = [(incident, steps[1:]) for incident, steps in zip(incidents, timelines, strict=True)]
    rng = random.Random(seed)
    while pending:
        index = rng.randrange(len(pending))
        incident, steps = pending[index]
        apply_step(parts, incident, steps[0])
        if len(steps) > 1:
            pending[index] = (incident, steps[1:])
        else:
            pending.pop(index)
    return incidents


def counts(parts: Parts) -> dict[str, int]:
    """How much of each kind of history the log holds, read off the incremental tables."""
    queries = {
        "retracted figures": "SELECT COUNT(*) FROM figures WHERE retracted_by IS NOT NULL",
        "retracted revisions": "SELECT COUNT(*) FROM revisions WHERE retracted_by IS NOT NULL",
        "retracted attributions": (
            "SELECT COUNT(*) FROM attributions WHERE retracted_by IS NOT NULL"
        ),
        "retracted statements": "SELECT COUNT(*) FROM statements WHERE retracted_by IS NOT NULL",
        "revisions": "SELECT COUNT(*) FROM revisions",
        "heads moved back": (
            "SELECT COUNT(*) FROM figure_heads h JOIN retractions r"
            " ON r.incident_id = h.incident_id AND r.entry = h.at_entry"
        ),
        "sources left empty": "SELECT COUNT(*) FROM figure_heads WHERE head IS NULL",
        "details restored": (
            "SELECT COUNT(*) FROM details d JOIN retractions r"
            " ON r.incident_id = d.incident_id AND r.entry = d.at_entry"
        ),
    }
    with parts.store.reading() as db:
        return {name: db.scalar(query) for name, query in queries.items()}


@pytest.mark.parametrize(("seed", "batch_size"), [(1, 100), (2, 7), (3, 1)])
def test_a_rebuild_writes_the_same_rows_as_applying_each_event_as_it_comes(
    parts: Parts, seed: int, batch_size: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(listing, "HEADLINES_AT_ONCE", 3)  # the list's rows in several chunks
    timelines = [random_timeline(seed * 100 + n, length=45) for n in range(8)]
    write_interleaved(parts, [*timelines, *EDGES], seed)
    parts.projector.catch_up()  # one event at a time, state read back from the tables
    applied_one_by_one, indexed = dump(parts), indexes(parts)
    assert all(count > 0 for count in counts(parts).values()), counts(parts)
    assert {index for _, index in indexed} >= {"entries_by_time", "figures_by_source"}

    entries = parts.store.rebuild(parts.record.name, log_batches(parts.record, 0, batch_size))

    assert entries == len(applied_one_by_one["entries"]) > 2 * batch_size
    rebuilt = dump(parts)
    for table in parts.store.tables:
        assert rebuilt[table] == applied_one_by_one[table], table
    assert indexes(parts) == indexed
    assert parts.projector.catch_up() == parts.record.recorder.max_notification_id()


def test_entries_applied_after_a_rebuild_build_on_its_rows(parts: Parts) -> None:
    timelines = [random_timeline(300 + n, length=40) for n in range(3)]
    incidents = write_interleaved(parts, [steps[:25] for steps in timelines], seed=3)
    parts.projector.rebuild()
    for incident, steps in zip(incidents, timelines, strict=True):
        for step in steps[25:]:
            apply_step(parts, incident, step)
    parts.projector.catch_up()  # one event at a time, over the rebuilt tables
    continued = dump(parts)
    parts.projector.rebuild()
    assert dump(parts) == continued


def test_a_helper_process_hashes_every_leaf_before_its_batch_is_applied(parts: Parts) -> None:
    write_interleaved(parts, [random_timeline(400 + n, length=30) for n in range(4)], seed=4)
    given = TREE.given()
    seen = 0
    for batch in hashed_ahead(parts.record, TREE, log_batches(parts.record, 0, 9), at_least=0):
        for event, position in batch:
            assert given.pop(position) == merkle.leaf_hash(leaf_data(event))
            seen += 1
    assert seen == parts.record.recorder.max_notification_id() or parts.settings.on_postgres
    assert seen > 100 and given == {}


def test_a_rebuild_whose_helper_sends_nothing_makes_every_hash_itself(
    parts: Parts, tmp_path: Path
) -> None:
    write_interleaved(parts, [random_timeline(500 + n, length=30) for n in range(3)], seed=5)
    parts.projector.catch_up()
    applied_one_by_one = dump(parts)
    elsewhere = IncidentRecord(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                                    "SQLITE_DBNAME": str(tmp_path / "empty.db")})  # fmt: skip
    batches = hashed_ahead(elsewhere, TREE, log_batches(parts.record, 0), at_least=0)
    try:
        parts.store.rebuild(parts.record.name, batches)
    finally:
        elsewhere.close()
    assert dump(parts) == applied_one_by_one


def test_a_rebuild_on_postgresql_leaves_the_planner_its_statistics(postgres_url: str) -> None:
    parts = Parts.open(Settings(database_url=postgres_url))
    try:
        write_interleaved(parts, [random_timeline(600 + n, length=10) for n in range(3)], seed=6)
        parts.projector.rebuild()
        with parts.store.reading() as db:
            analyzed = db.scalar(
                "SELECT COUNT(*) FROM pg_stat_user_tables WHERE last_analyze IS NOT NULL"
                " AND relname IN ('incidents', 'figures', 'entries')"
            )
    finally:
        parts.close()
    assert analyzed == 3
