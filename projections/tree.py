"""The log's Merkle tree: a leaf per entry, and every complete subtree's hash.

`tree_leaves` gives each entry, in log order, the next leaf index (0, 1, 2, ...
whatever gaps PostgreSQL leaves between positions; the entry index keeps each
entry's leaf beside its number), with its position, its leaf hash, and the
hashes of the subtrees this leaf completes (`domain.merkle.appended`): leaf i
completes subtree `(l, i >> l)` for each level l whose low l bits of i are all
ones, so an even leaf completes none, and the hash of subtree `(l, k)` is in the
row of leaf `(k + 1) * 2**l - 1` (`domain.merkle.completed_by`), the 32 bytes at
`32 * (l - 1)`. One row per entry, about two hashes per row, appended in order.

Rows are written with the entries' tracking record, so each entry gets exactly
one leaf, in order, whichever process applies it; and since a subtree's hash
never changes once written, a root or proof for any size is folded from the
hashes of O(log n) stored rows, read in one query.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from typing import Any, ClassVar
from weakref import ref

from domain import chain, merkle
from projections.base import Handler, Logged, ReadModel, RebuildState
from projections.sql import Db, Later, Writes

Subtree = merkle.Subtree
HASH = merkle.HASH_SIZE


def leaf_data(event: Any) -> bytes:
    """An entry's canonical encoding, as `domain.chain.encode_event` makes it (in one pass
    of the JSON encoder: it is most of what the tree adds to a write)."""
    return chain.encode_fields(
        type(event).__name__, event.originator_id, event.originator_version, event.timestamp,
        vars(event),
    )  # fmt: skip


class MerkleTree(ReadModel):
    """Leaves in log order, each with the hashes of the subtrees it completes."""

    tables = ("tree_leaves",)
    rules = (merkle.RULE,)
    schema: ClassVar[tuple[str, ...]] = (
        "CREATE TABLE IF NOT EXISTS tree_leaves ("
        " leaf BIGINT PRIMARY KEY,"
        " position BIGINT NOT NULL,"
        " hash BYTEA NOT NULL,"
        " completes BYTEA NOT NULL)",
    )

    def __init__(self) -> None:
        # The growing edge of the transaction each thread applies events in, read at its
        # first event (a weak reference: a transaction that ended is let go).
        self._open = threading.local()
        self._given = threading.local()

    def handler(self, kind: str) -> Handler:
        """Every event is a leaf."""
        return self._append

    def given(self) -> dict[int, bytes]:
        """Leaf hashes made already for events this thread is about to apply, by position:
        a restore makes each entry's canonical encoding to check its chain, so the tree
        takes its hash from here (once) rather than encode the event again."""
        leaves: dict[int, bytes] | None = getattr(self._given, "leaves", None)
        if leaves is None:
            leaves = self._given.leaves = {}
        return leaves

    def state(self, db: Db) -> TreeAhead:
        """The tree's growing edge as the tables hold it in the transaction `db`, read at
        its first event and kept for the others (no one else writes the tree in it).

        The tree's size and last leaf are asked for at once, with whatever else the
        transaction sends before its first leaf (one round trip for them all), and the
        edge this thread had at the end of its last transaction is taken again when the
        stored tree still ends in the leaf that edge ended in, at the same size (its own
        transaction was not rolled back, and no other writer's leaves took the place of
        the ones rolled back); else the edge is read."""
        opened = self._open
        transaction = getattr(opened, "transaction", None)
        if transaction is None or transaction() is not db:
            last: TreeAhead | None = getattr(opened, "tree", None)
            opened.transaction = ref(db)
            opened.tree = TreeAhead(db, db.later(_TIP), None if last is None else last.left)
        tree: TreeAhead = opened.tree
        return tree

    def memory(self, rebuild: RebuildState) -> GrowingTree:
        """The tree's growing edge held in memory from the first leaf, for a rebuild."""
        return GrowingTree(rebuild.rows)

    def _append(self, tree: Edge, logged: Logged) -> None:
        """The entry becomes the next leaf, with every subtree it completes."""
        given: dict[int, bytes] | None = getattr(self._given, "leaves", None)
        leaf = given.pop(logged.position, None) if given else None
        tree.append(logged, leaf or merkle.leaf_hash(leaf_data(logged.event)))

    # Queries ---------------------------------------------------------------------------

    @staticmethod
    def size(db: Db) -> int:
        """How many leaves the tree has (the last leaf's index, plus one)."""
        return _tip(db.all(_TIP))[0]

    @staticmethod
    def hashes(db: Db, subtrees: Sequence[Subtree]) -> list[bytes]:
        """The stored hashes of these subtrees, in the order asked, in one query; LookupError
        names the first that is not stored."""
        leaves = sorted({merkle.completed_by(subtree) for subtree in subtrees})
        rows: dict[int, Any] = {}
        if leaves:
            marks = ", ".join("?" * len(leaves))
            found = db.all(
                f"SELECT leaf, hash, completes FROM tree_leaves WHERE leaf IN ({marks})", leaves
            )
            rows = {row["leaf"]: row for row in found}
        hashes = []
        for level, index in subtrees:
            row = rows.get(merkle.completed_by((level, index)))
            digest = b""
            if row is not None:
                digest = (
                    _digest(row["hash"])
                    if level == 0
                    else _digest(row["completes"])[HASH * (level - 1) : HASH * level]
                )
            if len(digest) != HASH:
                msg = f"the tree holds no hash of subtree {index} at level {level}"
                raise LookupError(msg)
            hashes.append(digest)
        return hashes

    @staticmethod
    def leaves(db: Db, start: int, end: int) -> list[dict[str, Any]]:
        """The leaves `start` to `end` (exclusive) that the tree holds, in order: each with
        its position, hash, and the hashes of the subtrees it completes."""
        rows = db.all(
            "SELECT leaf, position, hash, completes FROM tree_leaves"
            " WHERE leaf >= ? AND leaf < ? ORDER BY leaf",
            (start, end),
        )
        return [
            {**dict(row), "hash": _digest(row["hash"]), "completes": _digest(row["completes"])}
            for row in rows
        ]


class GrowingTree:
    """The tree's growing edge: its size, and the hashes of its largest perfect subtrees
    (O(log n) of them), which are all the next leaves join. Rows go to `rows`: the
    transaction, or a rebuild's buffer."""

    def __init__(
        self,
        rows: Writes,
        size: int = 0,
        edge: dict[Subtree, bytes] | None = None,
        last_leaf: bytes | None = None,
    ) -> None:
        self.rows = rows
        self.size = size
        self._edge = edge or {}
        self.last_leaf = last_leaf  # the hash of the last leaf, which tells trees apart

    @classmethod
    def read(cls, db: Db, tip: tuple[int, bytes | None] | None = None) -> GrowingTree:
        """The edge of the tree that the tables of `db` hold (its size and last leaf's
        hash, if known)."""
        size, last_leaf = _tip(db.all(_TIP)) if tip is None else tip
        subtrees = merkle.range_subtrees(0, size)
        edge = dict(zip(subtrees, MerkleTree.hashes(db, subtrees), strict=True))
        return cls(db, size, edge, last_leaf)

    def writing_to(self, rows: Writes) -> GrowingTree:
        """This edge, its rows going to `rows` from now on."""
        return GrowingTree(rows, self.size, dict(self._edge), self.last_leaf)

    def append(self, logged: Logged, leaf: bytes) -> None:
        """Store the entry as the next leaf, with the hashes of the subtrees it completes."""
        index = self.size
        completes = b""
        top: Subtree = (0, index)
        if index & 1:  # an odd leaf completes one subtree or more
            siblings = [self._edge.pop(subtree) for subtree in merkle.left_siblings(index)]
            made = merkle.appended(index, leaf, siblings)
            completes = b"".join(digest for _, digest in made[1:])
            top, leaf_or_top = made[-1]
        else:
            leaf_or_top = leaf
        self.rows.insert("tree_leaves", (index, logged.position, leaf, completes))
        self._edge[top] = leaf_or_top
        self.size, self.last_leaf = index + 1, leaf


class TreeAhead:
    """The growing edge in one transaction: the stored tree's size read in flight, and
    the edge itself made when a leaf first needs it (`MerkleTree.state`)."""

    def __init__(self, db: Db, tip: Later, last: GrowingTree | None) -> None:
        self._db = db
        self._tip = tip
        self._last = last  # the edge a transaction of this thread left before
        self._edge: GrowingTree | None = None

    @property
    def edge(self) -> GrowingTree:
        """The edge, as stored when the transaction began, and grown in it since."""
        if self._edge is None:
            tip, last = _tip(self._tip()), self._last
            if last is None or (last.size, last.last_leaf) != tip:
                last = GrowingTree.read(self._db, tip)
            self._edge, self._last = last.writing_to(self._db), None
        return self._edge

    @property
    def left(self) -> GrowingTree | None:
        """The edge as this transaction leaves it (or as it found it, if it grew none)."""
        return self._edge or self._last

    @property
    def size(self) -> int:
        """How many leaves the tree has in the transaction."""
        return self.edge.size

    def append(self, logged: Logged, leaf: bytes) -> None:
        """Store the entry as the next leaf (`GrowingTree.append`)."""
        self.edge.append(logged, leaf)


Edge = GrowingTree | TreeAhead  # where leaves are appended: a rebuild's, a transaction's

_TIP = "SELECT leaf, hash FROM tree_leaves ORDER BY leaf DESC LIMIT 1"


def _tip(rows: Sequence[Any]) -> tuple[int, bytes | None]:
    """The tree's size and its last leaf's hash, from the answer to `_TIP`."""
    if not rows:
        return 0, None
    return rows[0]["leaf"] + 1, _digest(rows[0]["hash"])


def _digest(stored: object) -> bytes:
    """Stored hashes as bytes (a hash that someone replaced with text still compares)."""
    if isinstance(stored, str):
        return stored.encode()
    return bytes(stored) if isinstance(stored, bytes | memoryview) else b""
