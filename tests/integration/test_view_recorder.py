"""The view recorders are the library's tracking recorders: its own test case checks them.

Both run against real stores: a SQLite file, and a fresh PostgreSQL database.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import ClassVar

import pytest
from eventsourcing.persistence import InfrastructureFactory
from eventsourcing.tests.persistence import TrackingRecorderTestCase

from api.bootstrap import Parts
from api.settings import Settings
from projections.store import PostgresViewRecorder, SQLiteViewRecorder, ViewRecorder, view_recorder
from tests.conftest import drop_postgres_database, fresh_postgres_database, postgres_server_url


class SQLiteViewRecorderTestCase(TrackingRecorderTestCase):
    """The library's tracking recorder tests, on a SQLite file."""

    def setUp(self) -> None:
        self.folder = tempfile.TemporaryDirectory()
        self.factories: list[InfrastructureFactory[object]] = []

    def tearDown(self) -> None:
        for factory in self.factories:
            factory.close()
        self.folder.cleanup()

    def create_recorder(self) -> ViewRecorder:
        path = Path(self.folder.name) / "views.db"
        env = Settings(database_url=f"sqlite:///{path}").eventsourcing_env
        factory = InfrastructureFactory.construct(env=env)
        self.factories.append(factory)
        recorder = view_recorder(factory, "Incidents")
        assert isinstance(recorder, SQLiteViewRecorder)
        return recorder


@pytest.mark.postgres
class PostgresViewRecorderTestCase(TrackingRecorderTestCase):
    """The library's tracking recorder tests, on a fresh PostgreSQL database."""

    server: ClassVar[str]

    def setUp(self) -> None:
        self.server = postgres_server_url()
        self.url, self.name = fresh_postgres_database(self.server)
        self.factories: list[InfrastructureFactory[object]] = []

    def tearDown(self) -> None:
        for factory in self.factories:
            factory.close()
        drop_postgres_database(self.server, self.name)

    def create_recorder(self) -> ViewRecorder:
        env = {**Settings(database_url=self.url).eventsourcing_env, "APPLICATION_NAME": "views"}
        factory = InfrastructureFactory.construct(env=env)
        self.factories.append(factory)
        recorder = view_recorder(factory, "Incidents")
        assert isinstance(recorder, PostgresViewRecorder)
        return recorder


def test_rows_written_in_bulk_come_back_exactly(parts: Parts) -> None:
    """A rebuild writes its rows in bulk (COPY on PostgreSQL, whose text format escapes
    tabs, line breaks and backslashes): every value comes back as it was given."""
    rows = [
        ("tab\there\nnew line\\back \\N \u2018quoted\u2019 😀 \r", 2**40, b"\x00\xff\\\n\t", None),
        ("Крокус Сити Холл", 0, bytes(range(256)), "عربي"),
        ("\\N", -1, b"", ""),
    ]
    with parts.store.database.transaction(commit=True) as db:
        db.execute("CREATE TABLE bulk_rows (a TEXT, b BIGINT, c BYTEA, d TEXT)")
        db.insert_rows("bulk_rows", rows)
        db.insert_rows("bulk_rows", [])
    with parts.store.database.transaction(commit=False) as db:
        found = [
            (row["a"], row["b"], bytes(row["c"]), row["d"])
            for row in db.all("SELECT * FROM bulk_rows ORDER BY b DESC")
        ]
    assert found == rows
