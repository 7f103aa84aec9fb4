"""Bulk import: NDJSON lines carried out through the same commands as the API.

Two line shapes are read:

- the export's: `{"incident_id": ..., "type": "FigureReported", "data": {...}}`
  (so `incidents export` of one record imports into another, keeping incident ids);
- the API's: `{"incident_id": ..., "route": "figures", "body": {...}}` (`"route":
  "open"` opens an incident; its `incident_id` is optional).

Each line is one command, so one entry or none: a bad line is reported (with its
number and why) and the import goes on.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from api.entry_kinds import BY_EVENT, BY_SEGMENT, OPENING, EntryKind
from domain.application import Change, IncidentRecord
from domain.errors import IncidentError


@dataclass
class ImportReport:
    """How an import went."""

    imported: int = 0
    refused: list[tuple[int, str]] = field(default_factory=list)


def import_lines(
    app: IncidentRecord,
    lines: Iterable[str],
    reported_by: str,
    refused: Callable[[int, str], None] = lambda *_: None,
) -> ImportReport:
    """Carry out every line; `refused(line number, why)` hears of each bad one."""
    report = ImportReport()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            kind, incident_id, body = read_line(line)
            command = kind.body.model_validate(body).to_command(reported_by)
            app.carry_out(Change(incident_id, command))
        except ValidationError as error:
            why = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
            )
            report.refused.append((number, why))
        except (ValueError, KeyError, TypeError, IncidentError) as error:
            report.refused.append((number, str(error) or type(error).__name__))
        else:
            report.imported += 1
            continue
        refused(*report.refused[-1])
    return report


def read_line(line: str) -> tuple[EntryKind[Any], UUID | None, dict[str, Any]]:
    """The kind of entry, incident id and request body a line stands for."""
    record = json.loads(line)
    if not isinstance(record, dict):
        raise TypeError("a line is a JSON object")
    incident_id = UUID(record["incident_id"]) if record.get("incident_id") else None
    if "route" in record:
        route, body = record["route"], record["body"]
        kind = OPENING if route == OPENING.segment else BY_SEGMENT.get(route)
        if kind is None:
            raise ValueError(f"unknown route {route!r}")
    else:
        event, data = record["type"], record["data"]
        kind = BY_EVENT.get(event)
        if kind is None:
            raise ValueError(f"unknown entry type {event!r}")
        if not isinstance(data, dict):
            raise TypeError("an entry's data is a JSON object")
        body = kind.body_of_entry(data)
    if not isinstance(body, dict):
        raise TypeError("a body is a JSON object")
    if kind is not OPENING and incident_id is None:
        raise ValueError("an entry needs the incident_id it belongs to")
    return kind, incident_id, body
