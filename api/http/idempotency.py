"""The Idempotency-Key header of a write (draft-ietf-httpapi-idempotency-key-header).

A write that carries a key is stored together with the key, scoped to the token
that sent it, in the entry's own transaction. A repeat of the same key with the
same request answers the original status and receipt and writes nothing (with
`Idempotent-Replayed: true`); the same key with a different request is a 422.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request

from api.access import Principal
from api.http.problems import Problem
from api.storage.recorders import RequestKey

_KEY = re.compile(r'"?([\x21\x23-\x7e]{1,255})"?')  # printable ASCII, optionally quoted


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
