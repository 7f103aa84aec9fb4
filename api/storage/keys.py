"""The idempotency keys a write pipeline stored with its entries: found, and forgotten.

Keys are written in the same transaction as the entries they made (see
`api.storage.recorders`); this is their read side. They are kept for 72 hours
(at least the 24 the contract asks), across restarts, since they live in the
database.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from projections.sql import Database

RETENTION = timedelta(hours=72)
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class StoredKey:
    """What an idempotency key recorded."""

    fingerprint: str
    incident_id: str
    entry: int


class IdempotencyKeys:
    """The read side of the keys table (the writes happen with the events)."""

    def __init__(self, database: Database) -> None:
        self.database = database

    def find(self, scope: str, key: str) -> StoredKey | None:
        """The entry a key recorded, if the key was seen."""
        with self.database.transaction(commit=False) as db:
            row = db.one(
                "SELECT fingerprint, incident_id, entry FROM idempotency_keys"
                " WHERE scope = ? AND key = ?",
                (scope, key),
            )
        return (
            None if row is None else StoredKey(row["fingerprint"], row["incident_id"], row["entry"])
        )

    def purge(self, now: datetime | None = None) -> int:
        """Forget keys older than the retention period; returns how many."""
        cutoff = ((now or datetime.now(UTC)) - RETENTION).isoformat()
        with self.database.transaction(commit=True) as db:
            db.execute("DELETE FROM idempotency_keys WHERE created_at < ?", (cutoff,))
            purged = db.rowcount
        if purged:
            log.info("forgot %d idempotency keys older than %s", purged, RETENTION)
        return purged
