"""Opaque cursors of the incident list: the (occurred key, id) position to go on after."""

from __future__ import annotations

import base64
import binascii
import json
from datetime import UTC, datetime
from uuid import UUID

from api.http.problems import Problem
from projections.sql import time_key

KEY_LENGTH = len(time_key(datetime(2024, 1, 1, tzinfo=UTC)))


def encode_cursor(after: tuple[str, str]) -> str:
    """An opaque cursor for the page after this (occurred key, id) position."""
    return base64.urlsafe_b64encode(json.dumps(list(after)).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str, str]:
    """The position an opaque cursor stands for; 400 when it was not made here."""
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key, incident = json.loads(raw)
        if not (isinstance(key, str) and isinstance(incident, str) and len(key) == KEY_LENGTH):
            raise ValueError(raw)
        UUID(hex=incident)
    except (binascii.Error, ValueError, TypeError, RecursionError):
        raise Problem(
            400,
            "Malformed cursor",
            "pass back the `next` of a previous page",
            kind="malformed-cursor",
        ) from None
    return key, incident
