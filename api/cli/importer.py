"""Bulk import: NDJSON lines carried out through the same commands as the API, and the
same group writer, many entries to a transaction.

Two line shapes are read:

- the export's: `{"incident_id": ..., "entry": N, "type": "FigureReported", "data":
  {...}}` (so `incidents export` of one record imports into another, keeping incident
  ids and entry numbers);
- the API's: `{"incident_id": ..., "route": "figures", "body": {...},
  "idempotency_key": ...}` (`"route": "open"` opens an incident; its `incident_id`
  and the key are optional).

Each line is one command, so one entry or none: a bad line is reported (with its
number and why) and the import goes on. The lines are carried out by a group writer
(`api.writing.group`, in the import's own thread) a window at a time, in order, so
a transaction holds many entries and a line still fails alone. The read models
are brought up once, at the end: built as `incidents rebuild` builds them when the
record was empty, else caught up with the log.

Running an import again after an interruption loads every entry once:

- an export line whose incident already has its entry number is skipped, and one
  that would not become that entry number (an earlier entry of its incident is
  missing) is refused, so the copy keeps the original's numbering;
- an API line with an `idempotency_key` already used by an import with the same
  `--reported-by` is skipped (the key is stored with its entry, in the same
  transaction, as the API's keys are).
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from itertools import islice
from typing import Any
from uuid import UUID

from pydantic import ValidationError

from api.entry_kinds import BY_EVENT, BY_SEGMENT, OPENING, EntryKind
from api.http.problems import Problem
from api.storage.recorders import RequestKey, last_versions
from api.writing.group import GroupWriter
from api.writing.idempotency import WriteSide
from domain.application import Change
from domain.errors import IncidentError

WINDOW = 8192  # lines read and carried out at a time (progress is told after each)
GROUP = 1024  # entries a transaction holds, at most
WINDOW_SECONDS = 600.0  # a window not written by then is refused (the store is away)
MAX_KEY = 255  # characters of an idempotency key, as the API takes them


@dataclass
class ImportReport:
    """How an import went."""

    imported: int = 0
    skipped: int = 0  # lines already in the record (a re-run)
    refused: list[tuple[int, str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Line:
    """What a line asks: the kind of entry, its incident, its request body, and what
    makes it recognisable on a re-run (the export's entry number, the API's key)."""

    kind: EntryKind[Any]
    incident_id: UUID | None
    body: dict[str, Any]
    entry: int | None = None
    key: str | None = None


class Skip(Exception):
    """A line already in the record."""


def import_lines(
    side: WriteSide,
    lines: Iterable[str],
    reported_by: str,
    refused: Callable[[int, str], None] = lambda *_: None,
    progress: Callable[[int], None] = lambda _: None,
) -> ImportReport:
    """Carry out every line; `refused(line number, why)` hears of each bad one, and
    `progress(lines done)` of each window."""
    report = ImportReport()
    empty = not side.record.recorder.max_notification_id()
    writer = GroupWriter(replace(side, shows_writes=False), max_group=GROUP, timeout=WINDOW_SECONDS)
    versions = _Versions(side)
    done = 0
    try:
        numbered = enumerate(lines, start=1)
        while window := list(islice(numbered, WINDOW)):
            for number, why in _import_window(writer, versions, window, reported_by, report):
                report.refused.append((number, why))
                refused(number, why)
            done += len(window)
            progress(done)
    finally:
        writer.stop()
        # The read models, once: built from the log as a rebuild builds them when the
        # import filled an empty record, else brought up to it.
        if empty and report.imported:
            side.projector.rebuild()
        else:
            side.projector.sync(side.record.recorder.max_notification_id() or 0)
    return report


def _import_window(
    writer: GroupWriter,
    versions: _Versions,
    window: list[tuple[int, str]],
    reported_by: str,
    report: ImportReport,
) -> Iterator[tuple[int, str]]:
    """Carry out a window of lines through the writer, and yield the bad ones (by number,
    in order)."""
    bad: dict[int, str] = {}
    deadline = time.monotonic() + WINDOW_SECONDS
    lines: list[tuple[int, Line]] = []
    for number, text in window:
        if text.strip():
            try:
                lines.append((number, read_line(text)))
            except BAD_LINE as error:
                bad[number] = _what_is_wrong(error)
    versions.look_up(line.incident_id for _, line in lines if line.entry is not None)
    numbers: list[int] = []
    changes: list[tuple[Change, RequestKey | None]] = []
    for number, line in lines:
        try:
            changes.append(_change(line, versions, reported_by))
            numbers.append(number)
        except Skip:
            report.skipped += 1
        except BAD_LINE as error:
            bad[number] = _what_is_wrong(error)
    outcomes = dict(zip(numbers, writer.write_here(changes, deadline), strict=True))
    for number, outcome in outcomes.items():
        if isinstance(outcome, BaseException):
            bad[number] = _why(outcome)
            versions.forget(window, number)
        elif outcome[1]:
            report.skipped += 1  # its idempotency key was used by an earlier import
        else:
            report.imported += 1
    yield from sorted(bad.items())


def _change(line: Line, versions: _Versions, reported_by: str) -> tuple[Change, RequestKey | None]:
    """The change a line asks for, with its idempotency key; Skip if its entry is in the
    record already."""
    command = line.kind.body.model_validate(line.body).to_command(reported_by)
    expected = None
    if line.entry is not None:
        if line.incident_id is None:
            raise ValueError("an entry needs the incident_id it belongs to")
        has = versions.of(line.incident_id)
        if line.entry <= has:
            raise Skip
        if line.entry != has + 1:
            raise ValueError(
                f"this is entry {line.entry} of incident {line.incident_id}, which has "
                f"{has} entries here: an earlier entry of it is missing"
            )
        versions.wrote(line.incident_id, line.entry)
        expected = None if line.kind is OPENING else line.entry - 1
    key = None
    if line.key is not None:
        key = RequestKey(
            f"import:{reported_by}",
            line.key,
            _fingerprint(line),
            datetime.now(UTC).isoformat(),
        )
    return Change(line.incident_id, command, expected), key


def _fingerprint(line: Line) -> str:
    """What a keyed line asks for, as a hash: the same key for another request is refused."""
    asked = {"route": line.kind.segment, "incident_id": str(line.incident_id), "body": line.body}
    text = json.dumps(asked, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


BAD_LINE = (ValidationError, ValueError, KeyError, TypeError, IncidentError)


def _what_is_wrong(error: Exception) -> str:
    """Why a line cannot be carried out, from the error it raised."""
    if isinstance(error, ValidationError):
        return "; ".join(
            f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in error.errors()
        )
    return str(error) or type(error).__name__


def _why(error: BaseException) -> str:
    if isinstance(error, Problem):
        return error.detail
    return str(error) or type(error).__name__


class _Versions:
    """How many entries each incident named by export lines has, as the import goes."""

    def __init__(self, side: WriteSide) -> None:
        self.side = side
        self._known: dict[UUID, int] = {}

    def look_up(self, incident_ids: Iterable[UUID | None]) -> None:
        """Read the stored entries of those of these incidents not known yet, at once."""
        unknown = {one for one in incident_ids if one is not None and one not in self._known}
        if unknown:
            stored = last_versions(self.side.record.recorder, unknown)
            self._known.update((one, stored.get(one, 0)) for one in unknown)

    def of(self, incident_id: UUID) -> int:
        """Its entries: as this import left it, or as stored."""
        if incident_id not in self._known:
            self.look_up([incident_id])
        return self._known[incident_id]

    def wrote(self, incident_id: UUID, entry: int) -> None:
        self._known[incident_id] = entry

    def forget(self, window: list[tuple[int, str]], number: int) -> None:
        """A line of this window was refused: the incidents it names are read again."""
        for at, text in window:
            if at == number:
                try:
                    incident_id = json.loads(text).get("incident_id")
                    self._known.pop(UUID(incident_id), None)
                except (ValueError, TypeError, AttributeError):
                    pass
                return


def read_line(line: str) -> Line:
    """What a line asks for."""
    record = json.loads(line)
    if not isinstance(record, dict):
        raise TypeError("a line is a JSON object")
    incident_id = UUID(record["incident_id"]) if record.get("incident_id") else None
    entry = key = None
    if "route" in record:
        route, body = record["route"], record["body"]
        kind = OPENING if route == OPENING.segment else BY_SEGMENT.get(route)
        if kind is None:
            raise ValueError(f"unknown route {route!r}")
        key = record.get("idempotency_key")
        if key is not None and not (isinstance(key, str) and 0 < len(key) <= MAX_KEY):
            raise ValueError(f"an idempotency_key is a string of 1 to {MAX_KEY} characters")
    else:
        event, data = record["type"], record["data"]
        kind = BY_EVENT.get(event)
        if kind is None:
            raise ValueError(f"unknown entry type {event!r}")
        if not isinstance(data, dict):
            raise TypeError("an entry's data is a JSON object")
        body = kind.body_of_entry(data)
        entry = record.get("entry")
        if entry is not None and (type(entry) is not int or entry < 1):
            raise ValueError("an entry number is a whole number from 1")
    if not isinstance(body, dict):
        raise TypeError("a body is a JSON object")
    if kind is not OPENING and incident_id is None:
        raise ValueError("an entry needs the incident_id it belongs to")
    if kind is OPENING and entry not in (None, 1):
        raise ValueError("an opening is entry 1 of its incident")
    return Line(kind, incident_id, body, entry, key)
