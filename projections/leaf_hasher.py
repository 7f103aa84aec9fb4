"""A rebuild's leaf hashes, made in a process of its own.

The tree's leaf hash of an entry (its canonical encoding, hashed) is about a
fifth of what a rebuild does per entry, and needs nothing but the entry. So a
rebuild of a long log starts a child (see `main`) that reads the same log on a
connection of its own, decodes it and hashes every entry, and writes the hashes
in batches to its standard output; the rebuild hands them to the tree before it
applies each batch (`MerkleTree.given`), and the two halves run on two cores.

The child only ever saves work: a hash it did not send in time, or at all (it
failed, or the log it read ends sooner), is made by the tree as usual. It never
changes a result, since it runs the tree's own code on the same stored events.
"""

from __future__ import annotations

import contextlib
import gc
import os
import pickle
import subprocess
import sys
from collections.abc import Iterator
from typing import IO, Any

from domain import merkle
from domain.application import IncidentRecord
from projections.reading import log_batches
from projections.store import Batch
from projections.tree import MerkleTree, leaf_data

HELPER = "from projections.leaf_hasher import main; main()"
WORTH_IT = 20_000  # events in the log from which a helper saves more than it costs to start


def hashed_ahead(
    record: IncidentRecord, tree: MerkleTree, batches: Iterator[Batch], *, at_least: int = WORTH_IT
) -> Iterator[Batch]:
    """`batches` of `record`'s log from its start, each yielded once `tree` has been given
    the leaf hashes a helper process made for it; no helper below `at_least` events."""
    if (record.recorder.max_notification_id() or 0) < at_least:
        yield from batches
        return
    with _helper(record) as received:
        given = tree.given()
        try:
            for batch in batches:
                last = batch[-1][1]
                while received.reached < last and received.take(given):
                    pass
                yield batch
        finally:
            given.clear()


class _Received:
    """The helper's batches of hashes, read as the rebuild needs them."""

    def __init__(self, source: IO[bytes]) -> None:
        self.source = source
        self.reached = 0  # the last position hashed so far
        self.ended = False

    def take(self, given: dict[int, bytes]) -> bool:
        """Add the helper's next batch to `given`; False once it has no more."""
        if self.ended:
            return False
        try:
            positions, hashes = pickle.load(self.source)
        except (EOFError, OSError, pickle.UnpicklingError, ValueError):
            self.ended = True
            return False
        given.update(zip(positions, hashes, strict=True))
        self.reached = positions[-1]
        return True


@contextlib.contextmanager
def _helper(record: IncidentRecord) -> Iterator[_Received]:
    """A helper hashing `record`'s log, given the application's settings on its standard
    input (they may hold a password or a cipher key: never on its command line)."""
    child = subprocess.Popen(
        [sys.executable, "-c", HELPER], stdin=subprocess.PIPE, stdout=subprocess.PIPE
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        with contextlib.suppress(OSError):
            pickle.dump(dict(record.env), child.stdin)
            child.stdin.close()
        yield _Received(child.stdout)
    finally:
        child.stdout.close()
        if child.poll() is None:
            child.terminate()
        child.wait()


def hash_log(env: dict[str, Any], sink: IO[bytes]) -> None:
    """Hash every entry of the log that `env` names, in order, into `sink`, a batch at a
    time, as the tree would (`leaf_data`); the first event that cannot be decoded ends it."""
    record = IncidentRecord(env={**env, "CREATE_TABLE": "false"})
    try:
        for batch in log_batches(record, 0):
            positions = [position for _, position in batch]
            hashes = [merkle.leaf_hash(leaf_data(event)) for event, _ in batch]
            pickle.dump((positions, hashes), sink, protocol=pickle.HIGHEST_PROTOCOL)
            sink.flush()
    finally:
        record.close()


def main() -> None:
    """The helper's body: the settings on standard input, the hashes on standard output.
    Whatever stops it (the rebuild stopped reading, or the log cannot be read or decoded
    further) only ends the hashes early: the rebuild makes the rest, and says why if it
    must."""
    gc.disable()  # short-lived, and making objects by the million: see collector_paused
    with contextlib.suppress(Exception):
        hash_log(pickle.load(sys.stdin.buffer), sys.stdout.buffer)
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())  # what is left goes nowhere
