"""The Merkle tree checked against the log, and saved checkpoints against both.

`check_tree` reads the stored events in log order, makes each one's leaf hash
again, grows the tree from them (in O(log n) memory), and compares every stored
leaf and subtree hash with the one recomputed. It names what does not hold: an
event whose leaf no longer matches (the event, or its stored hash, was altered),
a stored subtree hash that does not match its leaves, leaves missing or too
many. A subtree above one that differs differs too; only the lowest is named.

`check_checkpoint_note` takes a saved C2SP checkpoint: its signature under the
origin written in it, the root of its size recomputed from the stored events,
and the consistency proof from it to today's stored tree.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.audit.notes import TreeHead, open_checkpoint, parse_checkpoint
from api.audit.proofs import LogProofs
from domain import merkle
from domain.application import IncidentRecord, ScannedEntry
from domain.chain import encode_event
from projections.models import TREE
from projections.store import ViewRecorder

BATCH = 1000  # entries compared with their stored leaves at a time


@dataclass
class TreeCheck:
    """What recomputing the tree from the log found."""

    leaves: int = 0  # entries of the log made into leaves again
    root: bytes = merkle.EMPTY_ROOT  # the root hash of those leaves, recomputed
    problems: list[str] = field(default_factory=list)
    first_bad_leaf: int | None = None

    @property
    def ok(self) -> bool:
        """Every stored hash compared matches the log."""
        return not self.problems

    def found(self, problem: str, leaf: int | None = None) -> None:
        """Note a problem (about a leaf, if it is about one)."""
        self.problems.append(problem)
        if leaf is not None and self.first_bad_leaf is None:
            self.first_bad_leaf = leaf


def check_tree(record: IncidentRecord, store: ViewRecorder, size: int | None = None) -> TreeCheck:
    """Compare the stored tree with the log: all of it, or its first `size` leaves."""
    with store.reading() as db:
        tracked = store.tracked(db, record.name)
    # Without a size, the log up to the position the read models are at: the tree
    # holds exactly those entries, and entries written meanwhile are not missed.
    scanned: Iterable[ScannedEntry] = record.scan(tracked if size is None else None)
    if size is not None:
        scanned = islice(scanned, size)
    check, frontier, differing = TreeCheck(), merkle.Frontier(), set[merkle.Subtree]()
    for chunk in _chunks(scanned):
        if not _compare(store, chunk, frontier, differing, check):
            break
    check.leaves, check.root = frontier.size, frontier.root()
    if size is not None and frontier.size < size:
        check.found(f"the log has {frontier.size} entries, fewer than the {size} asked about")
    if size is None and check.ok:
        _nothing_beyond(store, frontier.size, check)
    return check


def _compare(
    store: ViewRecorder,
    chunk: list[ScannedEntry],
    frontier: merkle.Frontier,
    differing: set[merkle.Subtree],
    check: TreeCheck,
) -> bool:
    """Compare a chunk of the log with its stored leaves and the subtrees they complete;
    False when the leaves no longer line up with the log (nothing after can be compared)."""
    start = frontier.size
    with store.reading() as db:
        stored = {row["leaf"]: row for row in TREE.leaves(db, start, start + len(chunk))}
    for index, entry in enumerate(chunk, start=start):
        where = f"leaf {index} (entry {entry.entry} of {entry.incident_id}, at {entry.position})"
        row = stored.get(index)
        if row is None:
            check.found(f"{where}: the tree holds no such leaf", index)
            return False
        if row["position"] != entry.position:
            check.found(
                f"{where}: the tree's leaf {index} is the entry at position {row['position']}"
                " (entries were deleted or inserted; the leaves after it were not compared)",
                index,
            )
            return False
        leaf = row["hash"]
        if isinstance(entry.event, Exception):
            check.found(f"{where}: the stored event cannot be decoded", index)
            differing.add((0, index))
        else:
            recomputed = merkle.leaf_hash(encode_event(entry.event))
            if recomputed != leaf:
                check.found(
                    f"{where}: its stored leaf hash does not match the stored event"
                    " (the event or the hash was altered)",
                    index,
                )
                differing.add((0, index))
                leaf = recomputed
        _compare_subtrees(index, frontier.append(leaf)[1:], row["completes"], differing, check)
    return True


def _compare_subtrees(
    index: int,
    made: list[tuple[merkle.Subtree, bytes]],
    completes: bytes,
    differing: set[merkle.Subtree],
    check: TreeCheck,
) -> None:
    """Compare the subtree hashes a leaf's row holds with those its leaf completes."""
    size = merkle.HASH_SIZE
    stored = [completes[at : at + size] for at in range(0, len(completes), size)]
    if len(stored) != len(made) or len(completes) % size:
        check.found(
            f"leaf {index}'s row holds {len(completes)} bytes of subtree hashes; the leaf"
            f" completes {len(made)} subtrees (it was altered)"
        )
        differing.update(subtree for subtree, _ in made)
        return
    for ((level, node), digest), found in zip(made, stored, strict=True):
        if found == digest:
            continue
        differing.add((level, node))
        if not {(level - 1, 2 * node), (level - 1, 2 * node + 1)} & differing:
            first, last = node << level, ((node + 1) << level) - 1
            check.found(
                f"the stored hash of subtree {node} at level {level} (leaves {first} to {last},"
                f" in the row of leaf {index}) does not match its leaves: it was altered"
            )


def _nothing_beyond(store: ViewRecorder, leaves: int, check: TreeCheck) -> None:
    """Name leaves stored beyond the entries of the log."""
    with store.reading() as db:
        stored_leaves = TREE.size(db)
    if stored_leaves > leaves:
        check.found(f"the tree holds {stored_leaves} leaves; the log has {leaves} entries")


@dataclass(frozen=True, slots=True)
class CheckpointNoteCheck:
    """What checking a saved C2SP checkpoint against today's log found."""

    saved: TreeHead
    signature_holds: bool
    tree: TreeCheck  # the log's first `saved.size` entries, recomputed
    today: TreeHead  # the stored tree now
    consistent: bool  # the consistency proof from the saved tree to today's holds

    @property
    def ok(self) -> bool:
        """Signed by the key, and nothing up to it was rewritten."""
        return (
            self.signature_holds
            and self.tree.ok
            and self.tree.root == self.saved.root
            and self.consistent
        )


def check_checkpoint_note(
    record: IncidentRecord, proofs: LogProofs, note: str, public: Ed25519PublicKey
) -> CheckpointNoteCheck:
    """Check a saved checkpoint's signature, recompute its root from the stored events,
    and prove from the stored tree that today's log extends it."""
    saved = parse_checkpoint(note)
    opened = open_checkpoint(note, public)
    tree = check_tree(record, proofs.store, saved.size)
    today = proofs.head()
    return CheckpointNoteCheck(
        saved=saved,
        signature_holds=opened == saved,
        tree=tree,
        today=today,
        consistent=_consistent(proofs, saved, today),
    )


def _consistent(proofs: LogProofs, saved: TreeHead, today: TreeHead) -> bool:
    if saved.size == 0 or saved.size > today.size:
        return saved.size == 0
    proof = proofs.consistency_proof(saved.size, today.size)
    return merkle.verify_consistency(saved.size, today.size, saved.root, today.root, proof)


def _chunks(scanned: Iterable[ScannedEntry]) -> Iterator[list[ScannedEntry]]:
    iterator = iter(scanned)
    while chunk := list(islice(iterator, BATCH)):
        yield chunk
