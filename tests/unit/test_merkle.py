"""The Merkle tree math is RFC 9162's: checked against a second implementation's test
vectors (transparency-dev/merkle, the Go library behind Trillian and Certificate
Transparency, and Go's golang.org/x/mod/sumdb/tlog) and against the RFC's recursive
definitions written out plainly here."""

from __future__ import annotations

import base64
import hashlib
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain import merkle

VECTORS = json.loads(
    (Path(__file__).parents[1] / "support" / "vectors" / "transparency_dev.json").read_text()
)
LEAVES = [bytes.fromhex(leaf) for leaf in VECTORS["leaf_inputs"]]
ROOTS = [bytes.fromhex(root) for root in VECTORS["root_hashes"]]


def b64(text: str | None) -> bytes:
    return base64.b64decode(text) if text else b""


def proof_of(probe: dict[str, Any]) -> list[bytes]:
    return [b64(p) for p in probe["proof"] or []]


# The RFC's definitions, as written (RFC 9162 §2.1.1, §2.1.3.1, §2.1.4.1) ---------------


def mth(data: Sequence[bytes]) -> bytes:
    if not data:
        return hashlib.sha256(b"").digest()
    if len(data) == 1:
        return hashlib.sha256(b"\x00" + data[0]).digest()
    k = 1 << ((len(data) - 1).bit_length() - 1)
    return hashlib.sha256(b"\x01" + mth(data[:k]) + mth(data[k:])).digest()


def path(m: int, data: Sequence[bytes]) -> list[bytes]:
    if len(data) == 1:
        return []
    k = 1 << ((len(data) - 1).bit_length() - 1)
    if m < k:
        return [*path(m, data[:k]), mth(data[k:])]
    return [*path(m - k, data[k:]), mth(data[:k])]


def subproof(m: int, data: Sequence[bytes], whole: bool) -> list[bytes]:
    if m == len(data):
        return [] if whole else [mth(data)]
    k = 1 << ((len(data) - 1).bit_length() - 1)
    if m <= k:
        return [*subproof(m, data[:k], whole), mth(data[k:])]
    return [*subproof(m - k, data[k:], False), mth(data[:k])]


class Stored:
    """Every subtree hash, as the read model stores them, counting what is read."""

    def __init__(self, data: Sequence[bytes]) -> None:
        self.hashes: dict[merkle.Subtree, bytes] = {}
        frontier = merkle.Frontier()
        for item in data:
            self.hashes.update(frontier.append(merkle.leaf_hash(item)))
        self.frontier = frontier
        self.reads = 0

    def read(self, subtrees: Sequence[merkle.Subtree]) -> list[bytes]:
        self.reads += len(subtrees)
        return [self.hashes[subtree] for subtree in subtrees]


# Second implementations' vectors ------------------------------------------------------


def test_the_subtree_hashes_are_those_of_the_reference_tree() -> None:
    stored = Stored(LEAVES)

    for level, hashes in enumerate(VECTORS["node_hashes"]):
        for index, expected in enumerate(hashes):
            assert stored.hashes[(level, index)].hex() == expected


def test_the_root_of_every_size_is_the_reference_root() -> None:
    stored = Stored(LEAVES)

    assert [merkle.root(size, stored.read) for size in range(len(LEAVES) + 1)] == ROOTS


def test_go_sumdb_hashes_a_record_and_the_empty_tree_alike() -> None:
    # golang.org/x/mod/sumdb/tlog: note_test.go (RecordHash("hello world") in a tree
    # line) and tlog_test.go (TestEmptyTree).
    record = base64.b64decode("TszzRgjTG6xce+z2AG31kAXYKBgQVtCSCE40HmuwBb0=")

    assert merkle.leaf_hash(b"hello world") == record
    assert merkle.root(0, lambda _: []) == hashlib.sha256(b"").digest() == merkle.EMPTY_ROOT


@pytest.mark.parametrize("probe", VECTORS["inclusion"], ids=lambda p: p["file"])
def test_each_published_inclusion_probe_verifies_exactly_when_it_should(
    probe: dict[str, Any],
) -> None:
    holds = merkle.verify_inclusion(
        probe["leafIdx"],
        probe["treeSize"],
        b64(probe["leafHash"]),
        proof_of(probe),
        b64(probe["root"]),
    )

    assert holds is not probe["wantErr"]


@pytest.mark.parametrize("probe", VECTORS["consistency"], ids=lambda p: p["file"])
def test_each_published_consistency_probe_verifies_exactly_when_it_should(
    probe: dict[str, Any],
) -> None:
    holds = merkle.verify_consistency(
        probe["size1"], probe["size2"], b64(probe["root1"]), b64(probe["root2"]), proof_of(probe)
    )

    assert holds is not probe["wantErr"]


def _reference_happy_paths(kind: str, size: str) -> list[dict[str, Any]]:
    return [
        probe
        for probe in VECTORS[kind]
        if probe["desc"] == "happy path" and 0 < probe[size] <= len(LEAVES)
    ]


@pytest.mark.parametrize("probe", _reference_happy_paths("inclusion", "treeSize"))
def test_our_inclusion_proofs_are_the_published_ones(probe: dict[str, Any]) -> None:
    stored = Stored(LEAVES)
    assert b64(probe["root"]) == ROOTS[probe["treeSize"]]

    assert merkle.inclusion_proof(probe["leafIdx"], probe["treeSize"], stored.read) == proof_of(
        probe
    )


@pytest.mark.parametrize("probe", _reference_happy_paths("consistency", "size2"))
def test_our_consistency_proofs_are_the_published_ones(probe: dict[str, Any]) -> None:
    stored = Stored(LEAVES)
    assert b64(probe["root2"]) == ROOTS[probe["size2"]]

    assert merkle.consistency_proof(probe["size1"], probe["size2"], stored.read) == proof_of(probe)


# The RFC's definitions, on random trees -------------------------------------------------

trees = st.lists(st.binary(max_size=8), min_size=1, max_size=70, unique=True)


@given(trees, st.data())
def test_proofs_from_stored_subtrees_are_the_rfcs_and_verify(
    data: list[bytes], draw: st.DataObject
) -> None:
    stored = Stored(data)
    size = draw.draw(st.integers(1, len(data)))
    index = draw.draw(st.integers(0, size - 1))
    old = draw.draw(st.integers(1, size))
    root = merkle.root(size, stored.read)

    assert root == mth(data[:size])
    inclusion = merkle.inclusion_proof(index, size, stored.read)
    assert inclusion == path(index, data[:size])
    assert merkle.verify_inclusion(index, size, merkle.leaf_hash(data[index]), inclusion, root)
    consistency = merkle.consistency_proof(old, size, stored.read)
    assert consistency == subproof(old, data[:size], True)
    assert merkle.verify_consistency(old, size, mth(data[:old]), root, consistency)


@given(trees, st.data())
def test_a_proof_with_any_hash_or_number_changed_fails(
    data: list[bytes], draw: st.DataObject
) -> None:
    stored = Stored(data)
    size = len(data)
    index = draw.draw(st.integers(0, size - 1))
    root = merkle.root(size, stored.read)
    leaf = merkle.leaf_hash(data[index])
    proof = merkle.inclusion_proof(index, size, stored.read)

    for position in range(len(proof)):
        bent = [*proof]
        bent[position] = bytes([bent[position][0] ^ 1]) + bent[position][1:]
        assert not merkle.verify_inclusion(index, size, leaf, bent, root)
    assert not merkle.verify_inclusion(
        index, size, merkle.leaf_hash(data[index] + b"!"), proof, root
    )
    assert not merkle.verify_inclusion(index, size, leaf, [*proof, root], root)
    if size > 1:
        assert not merkle.verify_inclusion((index + 1) % size, size, leaf, proof, root)


@given(trees)
def test_the_frontier_holds_the_root_of_the_tree_grown_so_far(data: list[bytes]) -> None:
    frontier = merkle.Frontier()
    for size, item in enumerate(data, start=1):
        frontier.append(merkle.leaf_hash(item))

        assert frontier.root() == mth(data[:size])


@pytest.mark.parametrize("size", [1, 2, 3, 1000, 1023, 1024, 1025, 10**6, 2**40 + 12345])
def test_a_proof_reads_at_most_two_stored_hashes_per_level(size: int) -> None:
    levels = max(1, math.ceil(math.log2(size)))
    for index in {0, size // 3, size // 2, size - 1}:
        spans = merkle.inclusion_spans(index, size)
        read = [t for span in spans for t in merkle.range_subtrees(*span)]
        assert len(read) <= 2 * levels
    for old in {1, size // 3, size - 1} - {0}:
        spans = merkle.consistency_spans(old, size)
        assert len([t for span in spans for t in merkle.range_subtrees(*span)]) <= 2 * levels + 1


def test_appending_a_leaf_stores_the_leaf_and_each_subtree_it_completes() -> None:
    siblings = [b"a" * 32, b"b" * 32]

    made = merkle.appended(3, b"c" * 32, siblings)

    assert merkle.left_siblings(3) == [(0, 2), (1, 0)]
    assert [subtree for subtree, _ in made] == [(0, 3), (1, 1), (2, 0)]
    assert made[2][1] == merkle.node_hash(b"b" * 32, merkle.node_hash(b"a" * 32, b"c" * 32))
    assert merkle.left_siblings(4) == []


def test_questions_about_leaves_or_sizes_outside_the_tree_are_refused() -> None:
    with pytest.raises(merkle.NotInTree):
        merkle.inclusion_spans(5, 5)
    with pytest.raises(merkle.NotInTree):
        merkle.consistency_spans(0, 5)
    with pytest.raises(merkle.NotInTree):
        merkle.consistency_spans(6, 5)
    with pytest.raises(ValueError, match="not a span"):
        merkle.range_subtrees(1, 4)
