"""How a write is acknowledged: once every read model shows it, with its version."""

from __future__ import annotations

from typing import Any

from fastapi import Response

from api.service import Service
from domain.application import Recorded


def acknowledge(service: Service, written: tuple[Recorded, bool], response: Response) -> Recorded:
    """Wait until the read models show the entry; set its ETag (and say if it was replayed)."""
    recorded, replayed = written
    service.projector.sync(recorded.position)
    response.headers["ETag"] = f'"{recorded.version}"'
    if replayed:
        response.headers["Idempotent-Replayed"] = "true"
    return recorded


def receipt(service: Service, written: tuple[Recorded, bool], response: Response) -> dict[str, Any]:
    """Acknowledge the entry and describe it."""
    recorded = acknowledge(service, written, response)
    return {
        "incident_id": recorded.incident_id,
        "entry": recorded.entry,
        "version": recorded.version,
        "recorded_at": recorded.recorded_at,
        "position": recorded.position,
    }
