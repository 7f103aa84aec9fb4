"""`incidents restore FILE`: an export loaded into an empty database as the same log.

Every line becomes its event again (`domain.restoring`), checked as it is read
(`api.audit.copying`: the line is the next leaf, the next entry of its incident,
and hashes to the hash it carries), and stored through the library's recorder in
one transaction with the read models, which are built as `incidents rebuild`
builds them (`api.storage.loading`). The first line that does not hold is named,
and the transaction is rolled back: nothing is written. So each entry keeps its
`recorded_at`, `reported_by`, `hash` and leaf `index`, and a checkpoint saved from
the original verifies against the copy. The log's origin is not in the export: give
the original's with `--origin` (the first line of its /log/checkpoint).

`add_commands` puts `restore` and `mirror` (see `api.cli.mirror`) on the command line.
"""

from __future__ import annotations

import argparse
import base64
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from api.audit.copying import Refused
from api.bootstrap import Parts
from api.cli import mirror
from api.cli.opening import CommandError, opened
from api.cli.progress import progress_bar
from api.cli.restore_reader import Lines, LinesEnd, LinesRefused, Message, read_messages
from api.storage.loading import LogLoad, loading
from projections.models import TREE
from projections.store import Batch

READER = "from api.cli.restore_reader import main; main()"
ORIGIN = re.compile(r"[^\s+]+")


def add_commands(commands: Any) -> None:
    """The `restore` and `mirror` commands, on the command line's subparsers."""
    restore = commands.add_parser(
        "restore",
        help="load an export into an empty database as the same log (every hash kept)",
        description="Load an `incidents export` file into an empty database as the same "
        "log: each entry keeps its recorded_at, reported_by, hash and leaf index. Each "
        "incident's chain and the order of the leaves are checked while loading; the "
        "first line that does not hold is named, and nothing is written.",
    )
    restore.add_argument("file", type=Path, help="an export (NDJSON, one entry a line)")
    restore.add_argument(
        "--origin",
        help="the original's log origin (the first line of its /log/checkpoint), kept as "
        "the copy's (default: the copy keeps an origin of its own)",
    )
    restore.set_defaults(run=restore_file)
    mirror.add_command(commands)


@dataclass(frozen=True, slots=True)
class Restored:
    """What a restore loaded: entries, incidents, and the tree they make."""

    entries: int
    incidents: int
    root: bytes


def restore_file(args: argparse.Namespace) -> int:
    """Restore an export into an empty database; exit 1 naming the first bad line."""
    origin: str | None = args.origin
    if origin is not None and not ORIGIN.fullmatch(origin):
        raise CommandError(f"--origin {origin!r}: an origin has no spaces and no '+'")
    if not args.file.is_file():
        raise CommandError(f"no file {args.file}")
    total = _count_lines(args.file)
    with opened() as parts:
        started = time.perf_counter()
        try:
            restored = restore(parts, args.file, origin, progress_bar(total, label="restore"))
        except Refused as refused:
            print(
                f"\nincidents: {args.file} {refused}; refused, nothing was written",
                file=sys.stderr,
            )
            return 1
        seconds = time.perf_counter() - started
        kept = origin or parts.proofs.origin
    rate = restored.entries / seconds if seconds else 0.0
    print(
        f"\nrestored {restored.entries} entries of {restored.incidents} incidents in "
        f"{seconds:.2f} s ({rate:,.0f}/s)",
        file=sys.stderr,
    )
    print(f"restored {restored.entries} entries of {restored.incidents} incidents from {args.file}")
    print(f"tree of {restored.entries} leaves, root {base64.b64encode(restored.root).decode()}")
    print(f"log origin {kept}" + ("" if origin else " (the copy's own: see --origin)"))
    return 0


def restore(
    parts: Parts,
    path: Path,
    origin: str | None = None,
    progress: Callable[[int], None] = lambda _: None,
) -> Restored:
    """Load the export at `path` into the empty database of `parts`, in one transaction.
    Raises Refused for the first line that does not hold (nothing is then written), and
    CommandError when the database holds a log already."""
    if parts.record.recorder.max_notification_id():
        raise CommandError("the database holds a log already: restore needs an empty one")
    reader = subprocess.Popen(  # checks the lines on another core (see restore_reader)
        [sys.executable, "-c", READER, str(path)], stdout=subprocess.PIPE
    )
    assert reader.stdout is not None
    batches = _Received(parts, read_messages(reader.stdout))
    try:
        with loading(parts.record, parts.store) as load:
            batches.load = load
            try:
                applied = parts.store.rebuild_in(load.db, parts.record.name, batches, progress)
            except (Refused, CommandError):
                raise
            except Exception as error:
                where = f"line {batches.last_line}"
                why = f"the read models cannot take the entries up to it ({error!r})"
                raise Refused(where, why) from error
            if load.events_stored() != applied:
                raise CommandError("another process wrote to the database during the restore")
            if origin is not None:
                load.keep("origin", origin)
            root = load.frontier().root()
    finally:
        TREE.given().clear()
        reader.stdout.close()
        if reader.poll() is None:
            reader.terminate()
        reader.wait()
    return Restored(applied, len(batches.incidents), root)


class _Received:
    """The reader's batches, each stored in the load's transaction as it arrives, as
    batches of (event, position) for the read models."""

    def __init__(self, parts: Parts, received: Iterator[Message]) -> None:
        self.record = parts.record
        self.received = received
        self.load: LogLoad | None = None
        self.last_line = 0
        self.leaves = 0
        self.incidents: set[Any] = set()

    def __iter__(self) -> Iterator[Batch]:
        for message in self.received:
            if isinstance(message, LinesRefused):
                raise Refused(message.where, message.why)
            if isinstance(message, LinesEnd):
                self.last_line = message.lines
                return
            yield self._store(message)
        raise CommandError("the reader of the export stopped before its end")

    def _store(self, lines: Lines) -> Batch:
        assert self.load is not None
        stored = [
            StoredEvent(UUID(bytes=incident), version, topic, state)
            for incident, version, topic, state in lines.stored
        ]
        decode = self.record.mapper.to_domain_event
        events = [decode(one) for one in stored]
        if not self.leaves and self.record.mapper.to_stored_event(events[0]) != stored[0]:
            raise CommandError("the reader stores events otherwise than this database does")
        positions = self.load.insert(stored)
        self.load.keep_positions(self.leaves, lines.positions, positions)
        TREE.given().update(zip(positions, lines.leaves, strict=True))
        self.incidents.update(event.originator_id for event in events)
        self.leaves += len(stored)
        self.last_line = lines.last_line
        return list(zip(events, positions, strict=True))


def _count_lines(path: Path) -> int:
    count = 0
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            count += block.count(b"\n")
    return count
