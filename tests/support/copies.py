"""Export lines and leaves made from a log, and the ways a file of them is tampered with."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from api.audit.log import feed_item
from api.http.responses import FeedItem
from domain.application import IncidentRecord
from domain.chain import encode_event
from domain.entries import entry_of
from tests.conftest import drop_postgres_database, fresh_postgres_database, postgres_server_url


def export_lines(record: IncidentRecord) -> list[str]:
    """The log as `incidents export` writes it, a line per entry (without line ends)."""
    return [
        FeedItem.model_validate(
            feed_item(scanned.position, entry_of(scanned.event), index)
        ).model_dump_json()
        for index, scanned in enumerate(record.scan())
    ]


def leaves(record: IncidentRecord) -> list[dict[str, Any]]:
    """The log as GET /log/leaves gives it: index, position, canonical encoding."""
    return [
        {"index": index, "position": scanned.position, "data": encode_event(scanned.event).decode()}
        for index, scanned in enumerate(record.scan())
    ]


def _changed_payload(lines: list[str], at: int) -> list[str]:
    item = json.loads(lines[at])
    first = next(iter(item["data"]))
    value = item["data"][first]
    item["data"][first] = f"{value} (changed)" if isinstance(value, str) else 999
    return [*lines[:at], json.dumps(item), *lines[at + 1 :]]


def _changed_hash(lines: list[str], at: int) -> list[str]:
    item = json.loads(lines[at])
    item["hash"] = "f" * 64
    return [*lines[:at], json.dumps(item), *lines[at + 1 :]]


def _dropped(lines: list[str], at: int) -> list[str]:
    return [*lines[:at], *lines[at + 1 :]]


def _reordered(lines: list[str], at: int) -> list[str]:
    return [*lines[:at], lines[at + 1], lines[at], *lines[at + 2 :]]


# Each tampering of the line at 0-based `at`, and the 1-based number of the first line
# that no longer holds: the line itself.
TAMPERINGS: dict[str, Callable[[list[str], int], list[str]]] = {
    "a changed payload": _changed_payload,
    "a changed hash": _changed_hash,
    "a dropped line": _dropped,
    "a reordered line": _reordered,
}


@contextmanager
def second_database(database_url: str, folder: Path) -> Iterator[str]:
    """Another empty database on the store of `database_url` (a copy's, a mirror's)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{folder / 'copy.db'}"
        return
    server = postgres_server_url()
    url, name = fresh_postgres_database(server)
    try:
        yield url
    finally:
        drop_postgres_database(server, name)
