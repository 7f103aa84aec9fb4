"""The baseline: a bare FastAPI + pydantic app with the same request and response shapes.

`bench/web.py` serves it beside the service and loads both with wrk in the same
run, so the service's throughput is reported as a ratio to what the web
framework alone does on this machine.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any
from uuid import UUID, uuid4

from fastapi import FastAPI

from api.http.requests import FigureCreate

app = FastAPI()
VIEW: dict[str, Any] = {
    "id": str(uuid4()),
    "version": 3,
    "title": "Crocus City Hall attack",
    "occurred_at": "2024-03-22T19:58:00+03:00",
    "location": {"name": "Krasnogorsk", "lat": None, "lon": None, "country_code": "RU"},
    "summary": None,
    "tags": ["terrorism"],
    "figures": {"killed": {"text": "at least 40", "qualifier": "at_least", "value": 40}},
    "attributions": [],
    "statements": [],
    "retracted_entries": [],
}
counter = 0


@app.post("/incidents/{incident_id}/figures", status_code=201)
async def report_figure(incident_id: UUID, body: FigureCreate) -> dict[str, Any]:
    """Validate the same body as the parts, answer a receipt of the same shape."""
    global counter  # noqa: PLW0603 (a baseline, not a parts)
    counter += 1
    return {
        "incident_id": incident_id,
        "entry": counter,
        "version": counter,
        "recorded_at": datetime.now(UTC),
        "position": counter,
        "figure": {"text": body.text, "qualifier": "exact", "value": 40, "low": 40, "high": 40},
    }


@app.get("/incidents/{incident_id}")
async def get_incident(incident_id: UUID) -> dict[str, Any]:
    """Answer a view of the same shape."""
    return {**VIEW, "id": str(incident_id)}
