"""The Merkle tree read model on real stores: one leaf per entry in log order, whatever
gaps the positions have; every complete subtree's hash stored once; proofs and
checkpoints read from them; the same tree after a rebuild."""

from __future__ import annotations

import base64
import threading
from typing import Any

import pytest
from eventsourcing.persistence import IntegrityError

from api.audit.notes import open_checkpoint
from api.audit.proofs import OutsideTheTree
from api.bootstrap import Parts
from api.settings import Settings
from domain import merkle
from domain.chain import encode_event
from projections.reading import log_batches
from projections.tree import leaf_data
from tests.support.commands import figure_report
from tests.support.timelines import apply_step, apply_timeline, opening, random_timeline


def leaves(parts: Parts) -> list[dict[str, Any]]:
    with parts.store.reading() as db:
        return [dict(row) for row in db.all("SELECT * FROM tree_leaves ORDER BY leaf")]


def nodes(parts: Parts) -> dict[merkle.Subtree, bytes]:
    """Every subtree hash above the leaves, as the rows of the leaves completing them hold."""
    found = {}
    for row in leaves(parts):
        completes = bytes(row["completes"])
        for level in range(1, len(completes) // 32 + 1):
            found[(level, row["leaf"] >> level)] = completes[32 * (level - 1) : 32 * level]
    return found


def the_log_as_a_tree(parts: Parts) -> tuple[list[Any], dict[merkle.Subtree, bytes]]:
    """The log's entries in order, and every subtree hash recomputed from them."""
    scanned = list(parts.record.scan())
    frontier = merkle.Frontier()
    hashes: dict[merkle.Subtree, bytes] = {}
    for entry in scanned:
        hashes.update(frontier.append(merkle.leaf_hash(encode_event(entry.event))))
    return scanned, hashes


def b64(text: str) -> bytes:
    return base64.b64decode(text)


def test_each_entry_becomes_the_next_leaf_with_every_subtree_it_completes(parts: Parts) -> None:
    for seed in (1, 2, 3):
        apply_timeline(parts, random_timeline(seed, length=25))
    parts.catch_up()

    scanned, hashes = the_log_as_a_tree(parts)
    stored = leaves(parts)
    assert [row["leaf"] for row in stored] == list(range(len(scanned)))
    assert [row["position"] for row in stored] == [s.position for s in scanned]
    assert [bytes(row["hash"]) for row in stored] == [hashes[(0, i)] for i in range(len(scanned))]
    assert nodes(parts) == {subtree: h for subtree, h in hashes.items() if subtree[0] > 0}
    with parts.store.reading() as db:
        numbered = {
            (r["incident_id"], r["entry"]): r["leaf"] for r in db.all("SELECT * FROM entries")
        }
    assert numbered == {(s.incident_id.hex, s.entry): i for i, s in enumerate(scanned)}


@pytest.mark.postgres
def test_leaf_indexes_skip_no_number_where_postgres_positions_do(postgres_url: str) -> None:
    parts = Parts.open(Settings(database_url=postgres_url))
    try:
        first = apply_step(parts, None, ("open", opening("First"), 201)).incident_id
        stored = parts.record.recorder.select_events(first, limit=1)
        with pytest.raises(IntegrityError):  # a write that lost a race spends a position
            parts.record.recorder.insert_events(list(stored))
        apply_step(parts, None, ("open", opening("Second"), 201))
        parts.catch_up()

        rows = leaves(parts)
        assert [row["position"] for row in rows] == [1, 3]
        assert [row["leaf"] for row in rows] == [0, 1]
        assert parts.proofs.indexed_feed(parts.record.feed()) == [0, 1]
    finally:
        parts.close()


def test_two_projectors_racing_give_each_entry_one_leaf(settings: Settings) -> None:
    first, second = Parts.open(settings), Parts.open(settings)
    try:
        for seed in (7, 8):
            apply_timeline(first, random_timeline(seed, length=60))
        barrier = threading.Barrier(2)

        def run(parts: Parts) -> None:
            barrier.wait()
            parts.projector.catch_up()

        threads = [threading.Thread(target=run, args=(p,)) for p in (first, second)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

        scanned, hashes = the_log_as_a_tree(first)
        assert [row["leaf"] for row in leaves(first)] == list(range(len(scanned)))
        assert nodes(first) == {subtree: h for subtree, h in hashes.items() if subtree[0] > 0}
    finally:
        first.close()
        second.close()


def test_a_rebuild_makes_the_same_tree_in_bulk(parts: Parts) -> None:
    for seed in (4, 5):
        apply_timeline(parts, random_timeline(seed, length=40))
    parts.catch_up()
    before = (leaves(parts), nodes(parts), parts.proofs.head())

    parts.projector.rebuild()

    assert (leaves(parts), nodes(parts), parts.proofs.head()) == before


def test_every_proof_read_from_the_store_verifies_against_the_signed_root(parts: Parts) -> None:
    apply_timeline(parts, random_timeline(9, length=21))
    parts.catch_up()
    head = open_checkpoint(parts.proofs.checkpoint(), parts.signer.public)
    assert head is not None and head.origin == parts.proofs.origin
    size = head.size

    _, hashes = the_log_as_a_tree(parts)
    roots = {n: merkle.root(n, lambda ts: [hashes[t] for t in ts]) for n in range(1, size + 1)}
    for n in range(1, size + 1):
        for index in range(n):
            proof = parts.proofs.inclusion(index, n)
            root = roots[n]
            assert merkle.verify_inclusion(
                index, n, b64(proof["leaf_hash"]), [b64(p) for p in proof["proof"]], root
            )
    assert roots[size] == head.root
    for old in range(1, size + 1):
        proof = parts.proofs.consistency(old, size)
        assert merkle.verify_consistency(
            old, size, roots[old], head.root, [b64(p) for p in proof["proof"]]
        )


def test_leaves_carry_each_entrys_canonical_encoding(parts: Parts) -> None:
    apply_timeline(parts, random_timeline(10, length=12))
    parts.catch_up()
    scanned, hashes = the_log_as_a_tree(parts)

    given = parts.proofs.leaves(0, len(scanned))

    assert [leaf["data"].encode() for leaf in given] == [encode_event(s.event) for s in scanned]
    assert [leaf["position"] for leaf in given] == [s.position for s in scanned]
    assert [merkle.leaf_hash(leaf["data"].encode()) for leaf in given] == [
        hashes[(0, i)] for i in range(len(scanned))
    ]
    assert [leaf["index"] for leaf in parts.proofs.leaves(3, 5)] == [3, 4]


def test_nothing_is_proved_about_a_tree_the_log_has_not_reached(parts: Parts) -> None:
    apply_timeline(parts, random_timeline(11, length=5))
    parts.catch_up()
    size = parts.proofs.head().size

    with pytest.raises(OutsideTheTree):
        parts.proofs.inclusion(0, size + 1)
    with pytest.raises(OutsideTheTree):
        parts.proofs.inclusion(size, size)
    with pytest.raises(OutsideTheTree):
        parts.proofs.consistency(1, size + 1)
    with pytest.raises(OutsideTheTree):
        parts.proofs.leaves(size - 1, size + 1)


def test_the_origin_is_made_with_the_database_and_kept(settings: Settings) -> None:
    first = Parts.open(settings)
    origin = first.proofs.origin
    first.close()
    again = Parts.open(settings)
    named = Parts.open(settings.model_copy(update={"log_origin": "example.org/incidents"}))
    try:
        assert origin.startswith("incident-record/") and len(origin) > len("incident-record/")
        assert again.proofs.origin == origin
        assert named.proofs.origin == "example.org/incidents"
    finally:
        again.close()
        named.close()


def test_an_edge_rolled_back_is_not_taken_again_when_another_writer_filled_its_place(
    parts: Parts,
) -> None:
    """A thread's edge grew a leaf in a transaction that rolled back; another writer
    then stored a different leaf at that index, so the tree has the size the thread's
    edge has. The thread's next leaf must join the stored tree, not its own lost leaf."""
    incident = apply_step(parts, None, ("open", opening(), 201)).incident_id
    for _ in range(4):
        parts.record.record(incident, figure_report())
    batch = next(log_batches(parts.record, 0))
    name, store = parts.record.name, parts.store
    store.project(name, batch[:2], after=0)  # two leaves, by this thread
    with pytest.raises(ZeroDivisionError), store.database.transaction(commit=True) as db:
        assert store.project_saved(db, name, [batch[2]])
        _ = 1 / 0  # rolled back: this thread's edge has three leaves, the tree two

    def another_writer() -> None:  # its own entry at the third leaf
        with store.database.transaction(commit=True) as db:
            assert store.project_saved(db, name, [(batch[3][0], batch[2][1])])

    thread = threading.Thread(target=another_writer)
    thread.start()
    thread.join()
    with store.database.transaction(commit=True) as db:
        assert store.project_saved(db, name, [(batch[4][0], batch[3][1])])
    hashes = [merkle.leaf_hash(leaf_data(batch[i][0])) for i in (0, 1, 3, 4)]
    left, right = merkle.node_hash(*hashes[:2]), merkle.node_hash(*hashes[2:])
    assert nodes(parts)[(1, 1)] == right
    assert nodes(parts)[(2, 0)] == merkle.node_hash(left, right)
