"""Editing stored events behind the service's back, as an attacker or a failing disk would."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from urllib.parse import urlsplit
from uuid import UUID

import psycopg

from api.settings import Settings


def rewrite_event(
    database_url: str, incident: UUID, entry: int, change: Callable[[bytes], bytes]
) -> None:
    """Replace the stored bytes of one event with `change(bytes)`."""
    with _connection(database_url) as (connection, table, mark):
        row = connection.execute(
            f"SELECT state FROM {table}"
            f" WHERE originator_id = {mark} AND originator_version = {mark}",
            _key(database_url, incident, entry),
        ).fetchone()
        state = bytes(row[0])
        connection.execute(
            f"UPDATE {table} SET state = {mark} WHERE originator_id = {mark}"
            f" AND originator_version = {mark}",
            (change(state), *_key(database_url, incident, entry)),
        )


def delete_event(database_url: str, incident: UUID, entry: int) -> None:
    """Remove one stored event."""
    with _connection(database_url) as (connection, table, mark):
        connection.execute(
            f"DELETE FROM {table} WHERE originator_id = {mark} AND originator_version = {mark}",
            _key(database_url, incident, entry),
        )


def _key(database_url: str, incident: UUID, entry: int) -> tuple[object, int]:
    return (incident.hex if database_url.startswith("sqlite") else incident), entry


class _connection:  # noqa: N801 (a context manager, read as a phrase)
    def __init__(self, database_url: str) -> None:
        self.url = database_url

    def __enter__(self) -> tuple[object, str, str]:
        if self.url.startswith("sqlite"):
            path = Settings(database_url=self.url).eventsourcing_env["SQLITE_DBNAME"]
            self.sqlite = sqlite3.connect(path)
            return self.sqlite, "stored_events", "?"
        self.postgres = psycopg.connect(self.url, autocommit=True)
        assert urlsplit(self.url).path
        return self.postgres, "incidents_events", "%s"

    def __exit__(self, *_: object) -> None:
        if self.url.startswith("sqlite"):
            self.sqlite.commit()
            self.sqlite.close()
        else:
            self.postgres.close()
