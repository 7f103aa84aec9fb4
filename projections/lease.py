"""Which process runs the projection loop: one lease per database.

On PostgreSQL the lease is a session-level advisory lock held on a connection of
its own: when the holder dies, its connection closes, the lock is released, and
another process takes the lease at its next try (within the projector's
interval). On SQLite it is an exclusive `flock` on a file beside the database,
released by the kernel when the holder dies.

Taking the lease waits for a pooled connection no longer than the store timeout.
When the store goes away, the holder's connection breaks (and with it the lock),
its projection loop ends and tries again every interval: whichever process tries
first once the store is back holds the lease again, within about a second.

The lease only decides who runs the loop that catches up on events nobody else
projects. It is not what makes projection exactly-once: the tracking record,
written in the same transaction as the views and refusing to go backwards, does
that, whoever applies the events.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any, Protocol

from projections.sql import Database


class Lease(Protocol):
    """A lock that at most one process holds at a time."""

    def held(self) -> contextlib.AbstractContextManager[bool]:
        """Try to take the lease; yields whether this process holds it, releases on exit."""


def lease_key(name: str) -> int:
    """A stable 63-bit key for a lease name (PostgreSQL advisory locks take a bigint)."""
    return int.from_bytes(hashlib.sha256(name.encode()).digest()[:8], "big") >> 1


class PostgresLease:
    """A session-level advisory lock on a dedicated pooled connection."""

    def __init__(self, database: Database, name: str) -> None:
        self.datastore: Any = database.datastore
        self.key = lease_key(name)

    @contextlib.contextmanager
    def held(self) -> Iterator[bool]:
        """Hold the connection (and the lock, if taken) for the length of the block."""
        with self.datastore.get_connection() as connection:
            row = connection.execute("SELECT pg_try_advisory_lock(%s) AS taken", (self.key,))
            taken = bool(row.fetchone()["taken"])
            try:
                yield taken
            finally:
                if taken and not connection.closed:
                    with contextlib.suppress(Exception):
                        connection.execute("SELECT pg_advisory_unlock(%s)", (self.key,))


class FileLease:
    """An exclusive flock on a file beside the SQLite database."""

    def __init__(self, path: Path) -> None:
        self.path = path

    @contextlib.contextmanager
    def held(self) -> Iterator[bool]:
        """Hold the file lock, if free, for the length of the block."""
        descriptor = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                yield False
                return
            try:
                yield True
            finally:
                fcntl.flock(descriptor, fcntl.LOCK_UN)
        finally:
            os.close(descriptor)


def lease_for(database: Database, name: str) -> Lease:
    """The lease that fits the database."""
    if database.paramstyle == "format":
        return PostgresLease(database, name)
    db_name = str(database.datastore.pool.db_name)
    return FileLease(Path(f"{db_name}.{name}.lock"))
