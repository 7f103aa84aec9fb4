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

from api.commands import ENTRY_COMMANDS, change_of
from domain.application import IncidentRecord
from domain.errors import IncidentError
from domain.incident import revised_fields

ROUTES = {
    "IncidentOpened": "open",
    "FigureReported": "figures",
    "ResponsibilityAsserted": "attributions",
    "StatementRecorded": "statements",
    "DetailsRevised": "revisions",
    "EntryRetracted": "retractions",
}


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
            route, incident_id, body = read_line(line)
            app.carry_out(change_of(route, incident_id, body, reported_by))
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


def read_line(line: str) -> tuple[str, UUID | None, dict[str, Any]]:
    """The route, incident id and request body a line stands for."""
    record = json.loads(line)
    if not isinstance(record, dict):
        raise TypeError("a line is a JSON object")
    incident_id = UUID(record["incident_id"]) if record.get("incident_id") else None
    if "route" in record:
        route, body = record["route"], record["body"]
        if route != "open" and route not in ENTRY_COMMANDS:
            raise ValueError(f"unknown route {route!r}")
    else:
        kind, data = record["type"], record["data"]
        if kind not in ROUTES:
            raise ValueError(f"unknown entry type {kind!r}")
        route, body = ROUTES[kind], body_of(kind, data)
    if not isinstance(body, dict):
        raise TypeError("a body is a JSON object")
    if route != "open" and incident_id is None:
        raise ValueError("an entry needs the incident_id it belongs to")
    return route, incident_id, body


def body_of(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """The request body of an exported entry's payload."""
    if kind == "DetailsRevised":
        revised = revised_fields(data)
        return {**revised, "reason": data["reason"], "source": data.get("source")}
    return {name: value for name, value in data.items() if value is not None}
