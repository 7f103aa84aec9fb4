"""A mirror: another server's log followed, every step of it proved before it is kept.

One `Mirror.step()`:

1. fetches the original's signed checkpoint and checks its signature with the
   pinned key, under the origin the mirror follows;
2. checks that it extends the last checkpoint accepted (a consistency proof from
   the original), and the leaves the mirror holds beyond it, if a step was cut
   short (their root, made here, and a consistency proof to the new checkpoint);
3. copies the new leaves in chunks: each chunk's leaves must grow the mirror's
   tree into a prefix of the signed one (the root of the chunk's end, made here,
   and a consistency proof from it to the signed tree; at the end, the signed root
   itself); each leaf becomes its event and is held to its incident's chain
   (`api.audit.copying`); the chunk is stored with the read models in one
   transaction (`api.storage.loading`), and the last with the checkpoint accepted.

Anything that does not hold raises `Diverged` naming the checkpoint, or the first
leaf (found by halving the chunk: prefixes of it are proved to the signed tree as
long as they hold), and nothing of it is kept. What was kept before was proved.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.audit.copying import Copier, Head, Refused
from api.audit.notes import MalformedCheckpoint, TreeHead, open_checkpoint, parse_checkpoint
from api.audit.original import Original
from api.bootstrap import Parts
from api.storage.loading import LogLoad, identity, loading, original_position
from api.storage.mirror_state import MirrorState, keep_mirror_state, mirror_state
from api.storage.signing import raw_key
from domain import merkle
from projections.models import TREE

CHUNK = 1000  # leaves proved and stored at a time


class Diverged(Exception):
    """The original's log does not hold: a checkpoint or a leaf that the mirror refuses."""


@dataclass(frozen=True, slots=True)
class Stepped:
    """What a step did: the checkpoint now accepted, and how many leaves it copied."""

    head: TreeHead
    copied: int


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


class Mirror:
    """Follows `original` into the database of `parts`, trusting only `key`."""

    def __init__(
        self,
        parts: Parts,
        original: Original,
        key: Ed25519PublicKey,
        progress: Callable[[int, int], None] = lambda done, total: None,
    ) -> None:
        self.parts = parts
        self.original = original
        self.key = key
        self.progress = progress

    def step(self) -> Stepped:
        """Take the original's current checkpoint, if it holds, and every leaf up to it."""
        note = self.original.checkpoint()
        with self.parts.store.reading() as db:
            state = mirror_state(db)
            origin = identity(db, "origin") if state else None
            size = TREE.size(db)
            frontier = merkle.Frontier(size, list(TREE.hashes(db, merkle.range_subtrees(0, size))))
        head = self._signed(note, origin)
        accepted = parse_checkpoint(state.checkpoint) if state and state.checkpoint else None
        self._extends(head, accepted, size, frontier.root())
        copied = 0
        while frontier.size < head.size:
            end = min(frontier.size + CHUNK, head.size)
            copied += self._copy(head, note if end == head.size else None, frontier, end)
            self.progress(copied, head.size - size)
        if size == head.size and (accepted is None or accepted.size < head.size):
            self._accept(note)
        return Stepped(head, copied)

    def _signed(self, note: str, origin: str | None) -> TreeHead:
        """The tree head of a checkpoint signed by the key, of the log followed (`origin`,
        once there is one)."""
        try:
            head = parse_checkpoint(note)
        except MalformedCheckpoint as error:
            raise Diverged(f"the original's checkpoint cannot be read: {error}") from None
        if open_checkpoint(note, self.key) != head:
            raise Diverged(
                f"the checkpoint of {head.origin} at {head.size} leaves (root {_b64(head.root)})"
                " is not signed by the key this mirror follows"
                f" ({base64.b64encode(raw_key(self.key)).decode()})"
            )
        if origin is not None and head.origin != origin:
            raise Diverged(f"the checkpoint is of {head.origin}; this mirror follows {origin}")
        return head

    def _extends(self, head: TreeHead, accepted: TreeHead | None, size: int, root: bytes) -> None:
        """Refuse a checkpoint that does not extend the last one accepted, or the leaves
        held beyond it."""
        what = f"the checkpoint of {head.origin} at {head.size} leaves (root {_b64(head.root)})"
        held = []
        if accepted is not None and accepted.size:
            held.append((accepted.size, accepted.root, "the checkpoint accepted last"))
        if size and (accepted is None or size != accepted.size):
            held.append((size, root, "the leaves this mirror holds"))
        for older, older_root, which in held:
            if head.size < older:
                raise Diverged(
                    f"{what} has fewer leaves than {which} ({older}): the original's log was"
                    " cut back or rewritten"
                )
            if not self._proved(older, older_root, head):
                raise Diverged(
                    f"{what} does not extend {which} ({older} leaves, root {_b64(older_root)}):"
                    " the original's log was rewritten"
                )

    def _proved(self, size: int, root: bytes, head: TreeHead) -> bool:
        """Whether the tree of `size` leaves with `root` is a prefix of the signed tree."""
        if size == head.size:
            return root == head.root
        proof = self.original.consistency(size, head.size)
        return merkle.verify_consistency(size, head.size, root, head.root, proof)

    def _copy(self, head: TreeHead, note: str | None, frontier: merkle.Frontier, end: int) -> int:
        """Prove and store leaves from the frontier's size to `end`; the frontier grows."""
        start = frontier.size
        leaves = self.original.leaves(start, end)
        data = [_leaf_data(start + offset, leaf) for offset, leaf in enumerate(leaves)]
        hashes = [merkle.leaf_hash(one) for one in data]
        grown = frontier.copy()
        for leaf in hashes:
            grown.append(leaf)
        if not self._proved(end, grown.root(), head):
            bad = self._first_bad_leaf(frontier, hashes, head)
            raise Diverged(
                f"leaf {bad} does not hash into the signed tree of {head.size} leaves (root"
                f" {_b64(head.root)}): the original's log was rewritten there"
                f"{_naming(data[bad - start])}"
            )
        copier = self._copier(start)
        try:
            copied = [
                copier.leaf(start + offset, leaf.get("position"), one.decode())
                for offset, (leaf, one) in enumerate(zip(leaves, data, strict=True))
            ]
        except Refused as refused:
            why = f"{refused.why} (it is in the signed tree: the original holds it so)"
            raise Diverged(f"{refused.where}: {why}") from None
        with loading(self.parts.record, self.parts.store) as load:
            if TREE.size(load.db) != start:
                raise Diverged("another process wrote to the mirror's database meanwhile")
            stored = [self.parts.record.mapper.to_stored_event(c.event) for c in copied]
            positions = load.insert(stored)
            load.keep_positions(start, [c.position for c in copied], positions)
            TREE.given().update(zip(positions, hashes, strict=True))
            try:
                batch = [(c.event, p) for c, p in zip(copied, positions, strict=True)]
                self.parts.store.project_in(load.db, self.parts.record.name, batch)
            finally:
                TREE.given().clear()
            self._keep(load, head, note)
        for leaf in hashes:
            frontier.append(leaf)
        return len(copied)

    def _first_bad_leaf(
        self, frontier: merkle.Frontier, hashes: list[bytes], head: TreeHead
    ) -> int:
        """The first leaf of a chunk that takes the tree off the signed one: the longest
        prefix of the chunk still proved ends just before it."""
        good, bad = frontier.size, frontier.size + len(hashes)
        while bad - good > 1:
            middle = (good + bad) // 2
            grown = frontier.copy()
            for leaf in hashes[: middle - frontier.size]:
                grown.append(leaf)
            if self._proved(middle, grown.root(), head):
                good = middle
            else:
                bad = middle
        return bad - 1

    def _copier(self, start: int) -> Copier:
        with self.parts.store.reading() as db:
            last = TREE.leaves(db, start - 1, start) if start else []
            at = original_position(db, last[0]["leaf"], last[0]["position"]) if last else 0
        return Copier(start, at, self._head)

    def _head(self, incident_id: UUID) -> Head | None:
        stored = self.parts.record.recorder.select_events(incident_id, desc=True, limit=1)
        if not stored:
            return None
        event: Any = self.parts.record.decode(stored[0])
        return Head(event.originator_version, event.hash, event.timestamp)

    def _keep(self, load: LogLoad, head: TreeHead, note: str | None) -> None:
        state = MirrorState(self.original.url, raw_key(self.key), note)
        keep_mirror_state(load.db, state)
        load.keep("origin", head.origin)

    def _accept(self, note: str) -> None:
        with loading(self.parts.record, self.parts.store) as load:
            self._keep(load, parse_checkpoint(note), note)


def _leaf_data(index: int, leaf: dict[str, Any]) -> bytes:
    if leaf.get("index") != index or not isinstance(leaf.get("data"), str):
        raise Diverged(f"leaf {index}: the original sent leaf {leaf.get('index')} in its place")
    data: str = leaf["data"]
    return data.encode()


def _naming(data: bytes) -> str:
    """` (... entry N of incident X)`, when the leaf's data says so."""
    try:
        said = json.loads(data)
        return f" (the leaf says it is entry {said['entry']} of incident {said['incident_id']})"
    except (ValueError, TypeError, KeyError):
        return ""
