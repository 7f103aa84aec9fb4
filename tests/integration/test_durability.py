"""What makes a 2xx durable and a retried request harmless, on the real stores."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from api.bootstrap import Parts
from api.settings import Settings
from api.storage.keys import RETENTION
from api.storage.recorders import DuplicateRequest, RequestKey
from domain.commands import RecordStatement, ReportFigure
from domain.figures import Figure
from domain.values import Category, Source
from tests.support.timelines import START, apply_step, opening


def test_sqlite_commits_are_fsynced(tmp_path: object) -> None:
    parts = Parts.open(Settings(database_url=f"sqlite:///{tmp_path}/durable.db"))
    try:
        with parts.store.database.transaction(commit=False) as db:
            assert db.scalar("PRAGMA synchronous") == 2  # FULL
            assert db.scalar("PRAGMA journal_mode") == "wal"
    finally:
        parts.close()


@pytest.mark.postgres
def test_postgres_with_asynchronous_commits_is_refused(postgres_url: str) -> None:
    settings = Settings(database_url=postgres_url)
    name = settings.eventsourcing_env["POSTGRES_DBNAME"]
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
    with pytest.raises(RuntimeError, match="synchronous_commit"):
        Parts.open(settings)


@pytest.mark.postgres
def test_postgres_commits_are_synchronous(postgres_url: str) -> None:
    parts = Parts.open(Settings(database_url=postgres_url))
    try:
        with parts.store.database.transaction(commit=False) as db:
            assert db.scalar("SELECT current_setting('synchronous_commit') AS s") == "on"
    finally:
        parts.close()


def test_an_entry_and_its_idempotency_key_are_stored_together_or_not_at_all(
    parts: Parts,
) -> None:
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    key = RequestKey("wire", "k-1", "fingerprint", datetime.now(UTC).isoformat())

    def report() -> object:
        return parts.record.record(
            incident,
            ReportFigure(
                category=Category.KILLED,
                figure=Figure.parse("40"),
                as_of=START,
                note=None,
                source=Source("TASS"),
                reported_by="wire",
            ),
        )

    with parts.record.saving_with(idempotency=key):
        first = report()
    with pytest.raises(DuplicateRequest), parts.record.saving_with(idempotency=key):
        report()
    assert [e.entry for e in parts.record.entries(incident)] == [1, 2]
    assert parts.keys.find("wire", "k-1") is not None
    assert getattr(first, "entry", None) == 2


def test_keys_are_kept_for_the_retention_period_then_forgotten(parts: Parts) -> None:
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    now = datetime.now(UTC)
    for name, age in (("old", RETENTION + timedelta(minutes=1)), ("young", timedelta(hours=23))):
        key = RequestKey("wire", name, "f", (now - age).isoformat())
        with parts.record.saving_with(idempotency=key):
            parts.record.record(
                incident,
                RecordStatement(
                    speaker="x",
                    statement="y",
                    stated_at=START,
                    topic=None,
                    source=Source("TASS"),
                    reported_by="wire",
                ),
            )
    assert timedelta(hours=24) <= RETENTION
    assert parts.keys.purge(now) == 1
    assert parts.keys.find("wire", "old") is None
    assert parts.keys.find("wire", "young") is not None
