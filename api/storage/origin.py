"""The log's origin: the name its checkpoints carry and sign under.

A C2SP checkpoint starts with its log's origin, and its signature's key name is
the same: a verifier keeps one (origin, key) pair per log it follows. So the
origin must never change under a database. INCIDENTS_LOG_ORIGIN names it when set;
otherwise it is `incident-record/` and an id made when the database is first
opened, kept in the database (table `log_identity`, which no rebuild drops).
"""

from __future__ import annotations

import secrets

from projections.sql import Database

DEFAULT_PREFIX = "incident-record/"
IDENTITY_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS log_identity (name TEXT PRIMARY KEY, value TEXT NOT NULL)"
)


def log_origin(database: Database, configured: str | None = None) -> str:
    """The configured origin, or the database's own (made on first use and kept)."""
    if configured:
        return configured
    with database.transaction(commit=True) as db:
        db.execute(IDENTITY_SCHEMA)
        # Processes opening a new database together agree on the first id stored.
        db.execute(
            "INSERT INTO log_identity VALUES ('origin', ?) ON CONFLICT (name) DO NOTHING",
            (DEFAULT_PREFIX + secrets.token_hex(8),),
        )
        origin: str = db.scalar("SELECT value FROM log_identity WHERE name = 'origin'")
    return origin
