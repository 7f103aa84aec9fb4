"""The log as a Merkle tree (RFC 9162 §2.1): hashes, roots, and inclusion and consistency
proofs, made from stored subtree hashes and checked from nothing but the proof.

Leaf *i* is the *i*-th entry of the log (0-based); its data is the entry's canonical
encoding (`domain.chain.canonical`). Leaf hashes are SHA-256(0x00 || data), node hashes
SHA-256(0x01 || left || right), as Certificate Transparency's.

A *subtree* `(level, index)` is the perfect subtree of `2**level` leaves that starts
at leaf `index * 2**level`. Its hash never changes once its last leaf is in, so it is
stored then (`appended` says which subtrees a new leaf completes, `completed_by` which
leaf completes a subtree). Every hash the
RFC's recursion needs, `MTH(D[start:end])`, folds the hashes of at most log2(n)
stored subtrees (`range_subtrees`), and a proof reads at most about 2 log2(n) of
them in all: `inclusion_proof` and `consistency_proof` first work out which, then
read them in one call of a `ReadSubtrees`, then fold them.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

RULE = "merkle/1: RFC 9162 SHA-256 tree, leaf i = the i-th entry's canonical encoding"
HASH_SIZE = 32
EMPTY_ROOT = hashlib.sha256(b"").digest()

Subtree = tuple[int, int]  # (level, index): leaves [index << level, (index + 1) << level)
Span = tuple[int, int]  # leaves [start, end), as the RFC's recursion splits the tree
# The stored hashes of these subtrees, in the order asked.
ReadSubtrees = Callable[[Sequence[Subtree]], Sequence[bytes]]


class NotInTree(ValueError):
    """A leaf or tree size that the tree asked about does not have."""


def leaf_hash(data: bytes) -> bytes:
    """The hash of a leaf: SHA-256(0x00 || data)."""
    return hashlib.sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """The hash of an interior node: SHA-256(0x01 || left || right)."""
    return hashlib.sha256(b"\x01" + left + right).digest()


def _split(size: int) -> int:
    """The largest power of two smaller than `size` (at least 2): where the RFC splits."""
    return 1 << ((size - 1).bit_length() - 1)


def range_subtrees(start: int, end: int) -> list[Subtree]:
    """The perfect subtrees whose hashes make MTH(D[start:end]), largest first.

    The span must be one the tree's recursion meets (`start` a multiple of the
    largest power of two not above its length), as every span of a proof is.
    """
    subtrees: list[Subtree] = []
    while start < end:
        level = (end - start).bit_length() - 1
        if start % (1 << level):
            msg = f"leaves [{start}, {end}) are not a span of the tree"
            raise ValueError(msg)
        subtrees.append((level, start >> level))
        start += 1 << level
    return subtrees


def fold(hashes: Sequence[bytes]) -> bytes:
    """MTH of a span from the hashes of its subtrees, largest first: each joins the rest."""
    folded = hashes[-1]
    for left in reversed(hashes[:-1]):
        folded = node_hash(left, folded)
    return folded


def inclusion_spans(index: int, size: int) -> list[Span]:
    """The spans whose hashes make the inclusion proof of leaf `index` in a tree of `size`
    leaves, nearest the leaf first (RFC 9162 §2.1.3.1, PATH)."""
    if not 0 <= index < size:
        raise NotInTree(f"leaf {index} is not in a tree of {size} leaves")
    spans: list[Span] = []
    start, end = 0, size
    while end - start > 1:
        middle = start + _split(end - start)
        if index < middle:
            spans.append((middle, end))
            end = middle
        else:
            spans.append((start, middle))
            start = middle
    return spans[::-1]


def consistency_spans(old: int, new: int) -> list[Span]:
    """The spans whose hashes make the consistency proof from a tree of `old` leaves to one
    of `new` leaves, in proof order (RFC 9162 §2.1.4.1, SUBPROOF)."""
    if not 0 < old <= new:
        raise NotInTree(f"no consistency proof from {old} leaves to {new}")
    spans: list[Span] = []
    start, end, remaining, whole = 0, new, old, True
    while end - start != remaining:
        middle = start + _split(end - start)
        if start + remaining <= middle:
            spans.append((middle, end))
            end = middle
        else:
            spans.append((start, middle))
            start, whole = middle, False
        remaining = old - start
    if not whole:
        spans.append((start, end))  # the old tree's last subtree, which the proof starts from
    return spans[::-1]


def _hashes_of(spans: Sequence[Span], read: ReadSubtrees) -> list[bytes]:
    """Each span's hash, reading every stored subtree they need in one call."""
    wanted = [range_subtrees(start, end) for start, end in spans]
    flat = [subtree for subtrees in wanted for subtree in subtrees]
    found = dict(zip(flat, read(flat), strict=True))
    return [fold([found[subtree] for subtree in subtrees]) for subtrees in wanted]


def inclusion_proof(index: int, size: int, read: ReadSubtrees) -> list[bytes]:
    """The audit path of leaf `index` in the tree of the first `size` leaves."""
    return _hashes_of(inclusion_spans(index, size), read)


def consistency_proof(old: int, new: int, read: ReadSubtrees) -> list[bytes]:
    """The proof that the tree of `new` leaves extends the tree of its first `old` leaves."""
    return _hashes_of(consistency_spans(old, new), read)


def root(size: int, read: ReadSubtrees) -> bytes:
    """The root hash of the tree of the first `size` leaves (SHA-256 of nothing when empty)."""
    return EMPTY_ROOT if size == 0 else fold(list(read(range_subtrees(0, size))))


# Growing the tree ---------------------------------------------------------------------


def left_siblings(index: int) -> list[Subtree]:
    """The stored subtrees that leaf `index` joins as it is appended, lowest first: each
    becomes the left half of a subtree completed by the new leaf."""
    siblings: list[Subtree] = []
    level = 0
    while (index >> level) & 1:
        siblings.append((level, (index >> level) - 1))
        level += 1
    return siblings


def completed_by(subtree: Subtree) -> int:
    """The leaf whose appending completes a subtree (its last leaf)."""
    level, index = subtree
    return ((index + 1) << level) - 1


def appended(index: int, leaf: bytes, siblings: Sequence[bytes]) -> list[tuple[Subtree, bytes]]:
    """The subtrees to store when leaf `index` (its hash `leaf`) is appended: the leaf itself,
    then each subtree it completes, given the hashes of its `left_siblings`."""
    made = [((0, index), leaf)]
    folded = leaf
    for level, sibling in enumerate(siblings, start=1):
        folded = node_hash(sibling, folded)
        made.append(((level, index >> level), folded))
    return made


@dataclass
class Frontier:
    """A tree grown leaf by leaf in O(log n) memory: the hashes of its largest perfect
    subtrees (those of `range_subtrees(0, size)`), which are all the next leaf needs."""

    size: int = 0
    _hashes: list[bytes] = field(default_factory=list)

    def append(self, leaf: bytes) -> list[tuple[Subtree, bytes]]:
        """Append a leaf's hash; the subtrees it completes, as `appended` gives them."""
        joined = len(left_siblings(self.size))
        siblings = self._hashes[len(self._hashes) - joined :][::-1]
        made = appended(self.size, leaf, siblings)
        del self._hashes[len(self._hashes) - joined :]
        self._hashes.append(made[-1][1])
        self.size += 1
        return made

    def root(self) -> bytes:
        """The root hash of the tree so far."""
        return fold(self._hashes) if self._hashes else EMPTY_ROOT

    def copy(self) -> Frontier:
        """Another frontier of the same tree, grown apart from this one."""
        return Frontier(self.size, list(self._hashes))


# Checking proofs ------------------------------------------------------------------------


def verify_inclusion(
    index: int, size: int, leaf: bytes, proof: Sequence[bytes], root_hash: bytes
) -> bool:
    """Whether `proof` shows the leaf hash `leaf` at `index` in the tree of `size` leaves
    whose root is `root_hash` (RFC 9162 §2.1.3.2)."""
    if not 0 <= index < size or not _hashes_only(leaf, *proof):
        return False
    fn, sn, folded = index, size - 1, leaf
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            folded = node_hash(sibling, folded)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            folded = node_hash(folded, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and folded == root_hash


def verify_consistency(
    old: int, new: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> bool:
    """Whether `proof` shows that the tree of `new` leaves (root `new_root`) extends the
    tree of `old` leaves (root `old_root`) (RFC 9162 §2.1.4.2). Equal sizes need equal
    roots and an empty proof; a proof from the empty tree proves nothing, and fails."""
    if not 0 < old <= new:
        return False
    if old == new:
        return not proof and old_root == new_root
    if not proof or not _hashes_only(*proof):
        return False
    path = list(proof)
    if old & (old - 1) == 0:  # a power of two: the old root is a node of the new tree
        path.insert(0, old_root)
    fn, sn = old - 1, new - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    first = second = path[0]
    for sibling in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            first = node_hash(sibling, first)
            second = node_hash(sibling, second)
            while not fn & 1 and fn:
                fn, sn = fn >> 1, sn >> 1
        else:
            second = node_hash(second, sibling)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and first == old_root and second == new_root


def _hashes_only(*values: bytes) -> bool:
    return all(len(value) == HASH_SIZE for value in values)
