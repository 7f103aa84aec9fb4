"""The service's parts, built once from the settings and shared by the API and the CLI."""

from __future__ import annotations

from dataclasses import dataclass

from api.settings import Settings
from api.tokens import TokenStore
from domain.application import IncidentRecord
from projections.runner import Projector
from projections.store import ViewStore
from projections.views import IncidentViews


@dataclass
class Service:
    """The application, its read models and projector, and the token store."""

    settings: Settings
    app: IncidentRecord
    store: ViewStore
    projector: Projector
    views: IncidentViews
    tokens: TokenStore

    @classmethod
    def open(cls, settings: Settings) -> Service:
        """Connect to the database named in the settings, creating its tables if needed."""
        app = IncidentRecord(env=settings.eventsourcing_env)
        store = ViewStore(app.factory)
        return cls(
            settings=settings,
            app=app,
            store=store,
            projector=Projector(app, store),
            views=IncidentViews(store),
            tokens=TokenStore(store.database),
        )

    def close(self) -> None:
        """Stop the projector thread and close the database connections."""
        self.projector.stop()
        self.app.close()
