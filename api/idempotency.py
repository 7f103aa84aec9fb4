"""Idempotency-Key on every POST (draft-ietf-httpapi-idempotency-key-header).

A write that carries a key is stored together with the key, scoped to the token
that sent it, in the entry's own transaction (see `api.persistence`). A repeat of
the same key with the same request answers the original status and receipt and
writes nothing (with `Idempotent-Replayed: true`); the same key with a different
request is a 422. Keys are kept for 72 hours (at least the 24 the contract asks),
across restarts, since they live in the database.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING

from fastapi import Request

from api.persistence import DuplicateRequest, RequestKey
from api.problems import Problem
from api.tokens import Principal
from domain.application import Change, Recorded
from projections.sql import Database

if TYPE_CHECKING:
    from api.service import Service

RETENTION = timedelta(hours=72)
_KEY = re.compile(r'"?([\x21\x23-\x7e]{1,255})"?')  # printable ASCII, optionally quoted
log = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class Idempotency:
    """A write request's Idempotency-Key and the fingerprint of what it asks."""

    key: str
    fingerprint: str

    def scoped(self, principal: Principal) -> RequestKey:
        """The key as stored: scoped to the token that sent it."""
        return RequestKey(principal.name, self.key, self.fingerprint, datetime.now(UTC).isoformat())


async def idempotency(request: Request, idempotency_key: str | None) -> Idempotency | None:
    """The request's Idempotency-Key and the fingerprint of what it asks (method, path
    and JSON body); None without a key."""
    if idempotency_key is None:
        return None
    match = _KEY.fullmatch(idempotency_key.strip())
    if match is None:
        raise Problem(
            400,
            "Malformed Idempotency-Key",
            "an Idempotency-Key is 1 to 255 printable ASCII characters",
            kind="malformed-idempotency-key",
        )
    body = await request.body()
    # The same JSON, however it is spaced, is the same request; a body that is not
    # JSON is fingerprinted as it is (the request fails validation anyway).
    with contextlib.suppress(ValueError):
        body = json.dumps(json.loads(body), sort_keys=True, separators=(",", ":")).encode()
    digest = hashlib.sha256(f"{request.method} {request.url.path}\n".encode() + body)
    return Idempotency(match[1], digest.hexdigest())


def earlier_write(service: Service, key: RequestKey) -> tuple[Recorded, bool] | None:
    """What an earlier request with this key recorded (a replay), if there was one;
    a 422 problem if that request asked for something else."""
    earlier = service.keys.find(key.scope, key.key)
    if earlier is None:
        return None
    if earlier.fingerprint != key.fingerprint:
        raise Problem(
            422,
            "Idempotency key reused",
            "this Idempotency-Key was sent before with a different request",
            kind="idempotency-key-reused",
        )
    return service.recorded(earlier.incident_id, earlier.entry), True


def write_alone(service: Service, change: Change, key: RequestKey | None) -> tuple[Recorded, bool]:
    """Carry out one change, unless its key was seen, and wait for the read models to
    show it; returns what was recorded, and whether an earlier request recorded it."""
    while True:
        if key is not None and (earlier := earlier_write(service, key)) is not None:
            return earlier
        try:
            with service.app.saving_with(idempotency=key):
                recorded = service.app.carry_out(change)
        except DuplicateRequest:
            continue  # a twin of this request got there first: answer what it recorded
        service.projector.sync(recorded.position)
        return recorded, False


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
