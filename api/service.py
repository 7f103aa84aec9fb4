"""The service's parts, built once from the settings and shared by the API and the CLI."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import psycopg

from api.settings import Settings
from api.tokens import TokenStore
from domain.application import IncidentRecord
from projections.lease import lease_for, lease_key
from projections.runner import Projector
from projections.store import ViewRecorder, view_recorder
from projections.views import IncidentViews


@dataclass
class Service:
    """The application, its read models and projector, and the token store."""

    settings: Settings
    app: IncidentRecord
    store: ViewRecorder
    projector: Projector
    views: IncidentViews
    tokens: TokenStore

    @classmethod
    def open(cls, settings: Settings) -> Service:
        """Connect to the database named in the settings, creating its tables if needed."""
        with creating_tables(settings):
            app = IncidentRecord(env=settings.eventsourcing_env)
            store = view_recorder(app.factory)
            tokens = TokenStore(store.database)
        return cls(
            settings=settings,
            app=app,
            store=store,
            projector=Projector(
                app,
                store,
                lease_for(store.database, "projector"),
                applies=settings.run_projections,
                wait=settings.projection_wait,
            ),
            views=IncidentViews(store),
            tokens=tokens,
        )

    def catch_up(self) -> None:
        """Return once the read models show the whole log as it is now."""
        self.projector.sync(self.app.recorder.max_notification_id() or 0)

    def close(self) -> None:
        """Stop the projector thread and close the database connections."""
        self.projector.stop()
        self.app.close()


@contextmanager
def creating_tables(settings: Settings) -> Iterator[None]:
    """Let one process at a time create tables, when several start on one PostgreSQL
    database together (CREATE ... IF NOT EXISTS is not safe against itself there)."""
    env = settings.eventsourcing_env
    if env["PERSISTENCE_MODULE"] != "eventsourcing.postgres":
        yield
        return
    with psycopg.connect(
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        dbname=env["POSTGRES_DBNAME"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
        autocommit=True,
    ) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (lease_key("create tables"),))
        yield  # the lock ends with the connection
