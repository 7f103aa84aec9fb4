"""The log as a Merkle tree, read from the stored subtree hashes: signed checkpoints,
inclusion and consistency proofs, leaves, and the leaf index of each entry.

Every answer is read in one read transaction of the tree's read model
(`projections.tree`): a root or a proof costs O(log n) stored hashes, never a
recomputation. A proof is only given for a size the tree has reached, so an
answer about a fixed size never changes (the routes mark it immutable).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from api.audit.notes import TreeHead, parse_checkpoint
from api.storage.mirror_state import MirrorState, mirror_state
from api.storage.signing import Signer, verifier_key
from domain import merkle
from domain.application import IncidentRecord
from domain.chain import encode_event
from domain.entries import Entry
from projections.models import ENTRIES, TREE
from projections.sql import Db
from projections.store import ViewRecorder

MAX_LEAVES = 1000  # leaves given in one answer, at most


class OutsideTheTree(Exception):
    """A leaf or a size the tree has not reached."""

    def __init__(self, detail: str, tree_size: int) -> None:
        super().__init__(detail)
        self.tree_size = tree_size


class LogDamaged(Exception):
    """A leaf whose stored event is missing or cannot be decoded."""


def b64(digest: bytes) -> str:
    """A hash as the proofs give it: base64."""
    return base64.b64encode(digest).decode()


class LogProofs:
    """Checkpoints, proofs and leaves of the log, from its stored Merkle tree."""

    def __init__(
        self, record: IncidentRecord, store: ViewRecorder, signer: Signer, origin: str
    ) -> None:
        self.record = record
        self.store = store
        self.signer = signer
        self.origin = origin

    def head(self) -> TreeHead:
        """The tree as the read models hold it now: its size and root hash."""
        with self.store.reading() as db:
            size = TREE.size(db)
            return TreeHead(self.origin, size, merkle.root(size, _reader(db)))

    def checkpoint(self) -> str:
        """The current tree head as a C2SP checkpoint, signed as a C2SP note; on a mirror,
        the original's signed checkpoint that it verified last (it cannot sign for it)."""
        mirrored = self._mirrored()
        if mirrored is not None and mirrored.checkpoint is not None:
            return mirrored.checkpoint
        return self.signer.sign_note(self.head().text(), self.origin)

    def verifier_key(self) -> str:
        """The signing key as note verifiers take it (key name = the origin); on a mirror,
        the original's."""
        mirrored = self._mirrored()
        if mirrored is not None and mirrored.checkpoint is not None:
            origin = parse_checkpoint(mirrored.checkpoint).origin
            return verifier_key(origin, mirrored.public_key)
        return verifier_key(self.origin, self.signer.public)

    def _mirrored(self) -> MirrorState | None:
        with self.store.reading() as db:
            return mirror_state(db)

    def inclusion(self, index: int, size: int) -> dict[str, Any]:
        """The audit path of leaf `index` in the tree of the first `size` leaves."""
        with self.store.reading() as db:
            tree_size = self._reached(db, size)
            if index >= size:
                raise OutsideTheTree(f"leaf {index} is not in a tree of {size}", tree_size)
            read = _reader(db)
            proof = merkle.inclusion_proof(index, size, read)
            leaf = read([(0, index)])[0]
        return {"index": index, "size": size, "leaf_hash": b64(leaf), "proof": _b64s(proof)}

    def consistency(self, old: int, new: int) -> dict[str, Any]:
        """The proof that the tree of `new` leaves extends the tree of `old` leaves."""
        return {"from": old, "to": new, "proof": _b64s(self.consistency_proof(old, new))}

    def consistency_proof(self, old: int, new: int) -> list[bytes]:
        """The hashes of the proof that the tree of `new` leaves extends that of `old`."""
        with self.store.reading() as db:
            self._reached(db, new)
            return merkle.consistency_proof(old, new, _reader(db))

    def leaves(self, start: int, end: int) -> list[dict[str, Any]]:
        """Leaves `start` to `end` (exclusive): each one's index, position in the log, and
        data (the entry's canonical encoding, as text)."""
        with self.store.reading() as db:
            self._reached(db, end)
            rows = TREE.leaves(db, start, end)
        if not rows:
            return []
        first, last = rows[0]["position"], rows[-1]["position"]
        stored = self.record.recorder.select_notifications(
            start=first, limit=len(rows), stop=last, inclusive_of_start=True
        )
        by_position = {notification.id: notification for notification in stored}
        leaves = []
        for row in rows:
            notification = by_position.get(row["position"])
            try:
                data = encode_event(self.record.decode(notification)).decode()
            except Exception as error:
                msg = f"leaf {row['leaf']} (position {row['position']}) cannot be read"
                raise LogDamaged(msg) from error
            leaves.append({"index": row["leaf"], "position": row["position"], "data": data})
        return leaves

    def indexed_entries(self, incident_id: UUID, entries: Sequence[Entry]) -> list[int]:
        """The leaf indexes of an incident's entries (in order), as far as the tree holds
        them: entries not yet applied to it have none, and neither do those after them."""
        if not entries:
            return []
        with self.store.reading() as db:
            found = ENTRIES.leaves_of(db, incident_id, entries[0].entry, entries[-1].entry)
        return _prefix([found.get(entry.entry) for entry in entries])

    def indexed_feed(self, page: Sequence[tuple[int, Entry]]) -> list[int]:
        """The leaf indexes of a page of the feed (consecutive entries of the log, in order),
        as far as the tree holds them."""
        if not page:
            return []
        with self.store.reading() as db:
            first = ENTRIES.leaf(db, page[0][1].incident_id, page[0][1].entry)
            if first is None:
                return []
            rows = TREE.leaves(db, first, first + len(page))
        positions = {row["position"]: row["leaf"] for row in rows}
        return _prefix([positions.get(position) for position, _ in page])

    @staticmethod
    def _reached(db: Db, size: int) -> int:
        """The tree's size, once sure it has reached `size`."""
        tree_size = TREE.size(db)
        if size > tree_size:
            msg = f"the tree has {tree_size} leaves; it has not reached {size}"
            raise OutsideTheTree(msg, tree_size)
        return tree_size


def _reader(db: Db) -> merkle.ReadSubtrees:
    return lambda subtrees: TREE.hashes(db, subtrees)


def _b64s(hashes: Sequence[bytes]) -> list[str]:
    return [b64(digest) for digest in hashes]


def _prefix(indexes: Sequence[int | None]) -> list[int]:
    """The indexes up to the first missing one."""
    known: list[int] = []
    for index in indexes:
        if index is None:
            break
        known.append(index)
    return known
