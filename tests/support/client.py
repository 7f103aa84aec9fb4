"""Talking to the API in tests: opening an incident, reading a whole history."""

from __future__ import annotations

from typing import Any

import httpx


def full_history(http: httpx.Client, incident: str, page: int = 1000) -> list[dict[str, Any]]:
    """Every entry of the incident, following `next` across pages."""
    entries: list[dict[str, Any]] = []
    after: int | None = 0
    while after is not None:
        response = http.get(
            f"/incidents/{incident}/history", params={"after": after, "limit": page}
        )
        assert response.status_code == 200, response.text
        entries += response.json()["entries"]
        after = response.json()["next"]
    return entries


OPENING: dict[str, Any] = {
    "title": "Crocus City Hall attack",
    "occurred_at": "2024-03-22T19:58:00+03:00",
    "location": {"name": "Krasnogorsk"},
    "source": {"name": "Kyiv Independent"},
}

# A figure report, as a plain write posts it.
FIGURE = {
    "category": "killed",
    "text": "at least 40",
    "as_of": "2024-03-22T21:00:00+03:00",
    "source": {"name": "TASS"},
}


def open_incident(http: httpx.Client, headers: dict[str, str], **fields: Any) -> str:
    """Open an incident (OPENING, with `fields` changed); its id."""
    response = http.post("/incidents", json={**OPENING, **fields}, headers=headers)
    assert response.status_code == 201, response.text
    incident: str = response.json()["id"]
    return incident
