"""Opening the service's parts for one command of the command line."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from api.bootstrap import Parts
from api.settings import Settings, sqlite_path


class CommandError(Exception):
    """A command that cannot run as asked."""


@contextmanager
def opened(settings: Settings | None = None, *, existing: bool = False) -> Iterator[Parts]:
    """The service's parts, open for one command, closed after. With `existing`, a
    SQLite file that is not there is an error (a command that only reads must not make
    one)."""
    settings = settings or Settings()
    path = sqlite_path(settings.database_url) if not settings.on_postgres else None
    if existing and path is not None and not path.exists():
        raise CommandError(f"no database at {path} (INCIDENTS_DATABASE_URL)")
    parts = Parts.open(settings)
    try:
        yield parts
    finally:
        parts.close()
