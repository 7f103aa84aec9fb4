"""Reading an export for `incidents restore`, in a process of its own.

A restore's work comes in two halves of about the same cost: reading each line,
checking it (`api.audit.copying`) and making its stored event with the library's
mapper; then storing the events and applying the read models, in the restore's
transaction. The first half runs here, in a child process (see `main`), which
writes the stored events in batches to its
standard output, so that the halves run side by side on two cores (a few batches
ahead at most: then the child waits for the parent). The first line that does
not hold ends the batches with the refusal.

The child makes stored events with the mapper of an application like the
parent's (same transcodings, and the same compression or cipher settings, which
come from the environment); the parent checks one event of the first batch
against its own mapper before it stores any.
"""

from __future__ import annotations

import gc
import pickle
import queue
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO

from api.audit.copying import Copied, Copier, Refused
from domain.application import IncidentRecord

BATCH = 1000  # lines sent at a time
AHEAD = 4  # batches made ahead of the parent, at most
# The originator's id (its 16 bytes: a UUID pickles slowly) and version, topic, state.
StoredRow = tuple[bytes, int, str, bytes]


@dataclass(frozen=True, slots=True)
class Lines:
    """A batch of checked lines: their stored events, original positions and leaf hashes,
    and the number of the last line read."""

    stored: list[StoredRow]
    positions: list[int]
    leaves: list[bytes]
    last_line: int


@dataclass(frozen=True, slots=True)
class LinesRefused:
    """The line that does not hold: where it is, and why."""

    where: str
    why: str


@dataclass(frozen=True, slots=True)
class LinesEnd:
    """Every line was read and holds."""

    lines: int


def read_export(path: str, sink: IO[bytes]) -> None:
    """Check every line of the export at `path`, and write batches to `sink` (pickled,
    one message after another) from a thread of their own, so that checking goes on
    while the parent is busy with a batch."""
    # The library reads the rest of its settings (compression, cipher) from os.environ,
    # as the parent's application does.
    mapper = IncidentRecord(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    outbox: queue.Queue[Message | None] = queue.Queue(maxsize=AHEAD)
    sender = threading.Thread(target=_send, args=(outbox, sink), daemon=True)
    sender.start()
    copier = Copier()
    chunk: list[Copied] = []
    number = 0

    def send() -> None:
        stored = [mapper.to_stored_event(copied.event) for copied in chunk]
        rows = [
            (copied.event.originator_id.bytes, one.originator_version, one.topic, one.state)
            for copied, one in zip(chunk, stored, strict=True)
        ]
        outbox.put(
            Lines(
                rows,
                [copied.position for copied in chunk],
                [copied.leaf for copied in chunk],
                number,
            )
        )
        chunk.clear()

    try:
        with open(path, encoding="utf-8") as lines:  # noqa: PTH123 (a path string from the parent)
            for number, text in enumerate(lines, start=1):
                if text.strip():
                    chunk.append(copier.line(number, text))
                    if len(chunk) == BATCH:
                        send()
        if chunk:
            send()
        outbox.put(LinesEnd(number))
    except Refused as refused:
        outbox.put(LinesRefused(refused.where, refused.why))
    except (OSError, UnicodeDecodeError) as error:
        outbox.put(LinesRefused(f"line {number + 1}", f"cannot be read ({error})"))
    finally:
        outbox.put(None)
        sender.join()


Message = Lines | LinesRefused | LinesEnd


def _send(outbox: queue.Queue[Message | None], sink: IO[bytes]) -> None:
    while (message := outbox.get()) is not None:
        try:
            pickle.dump(message, sink, protocol=pickle.HIGHEST_PROTOCOL)
            sink.flush()
        except OSError:
            return  # the parent stopped reading: it refused, or failed


def read_messages(source: IO[bytes]) -> Iterator[Message]:
    """The messages of a reader, in order, until its output ends."""
    while True:
        try:
            message = pickle.load(source)
        except EOFError:
            return
        assert isinstance(message, Lines | LinesRefused | LinesEnd)
        yield message


def main() -> None:
    """The child's body: `python -c 'from api.cli.restore_reader import main; main()' FILE`."""
    gc.disable()  # short-lived, and making objects by the million: see collector_paused
    read_export(sys.argv[1], sys.stdout.buffer)
