"""Reading a whole history over HTTP, page by page."""

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
