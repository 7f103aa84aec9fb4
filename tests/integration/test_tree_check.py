"""The stored Merkle tree checked against the log, on real stores: a tampered subtree
hash, leaf hash or event is named; a saved C2SP checkpoint holds while the log only
grows, and is broken by a rewrite even when every chain hash was recomputed."""

from __future__ import annotations

import dataclasses
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.audit.tree_check import check_checkpoint_note, check_tree
from api.bootstrap import Parts
from api.settings import Settings
from domain.chain import chain_hash, encode_event
from tests.support.tampering import delete_event, rewrite_event
from tests.support.timelines import apply_timeline, random_timeline


def record(parts: Parts, seeds: tuple[int, ...] = (7, 8)) -> list[UUID]:
    incidents = [apply_timeline(parts, random_timeline(seed, length=12)) for seed in seeds]
    parts.catch_up()
    return incidents


def set_hash(parts: Parts, column: str, leaf: int, value: bytes) -> None:
    """Overwrite stored tree hashes behind the service's back."""
    with parts.store.database.transaction(commit=True) as db:
        db.execute(f"UPDATE tree_leaves SET {column} = ? WHERE leaf = ?", (value, leaf))


def test_an_untouched_tree_matches_the_log(parts: Parts) -> None:
    record(parts)

    check = check_tree(parts.record, parts.store)

    assert check.ok and check.problems == []
    assert (check.leaves, check.root) == (parts.proofs.head().size, parts.proofs.head().root)


def test_a_tampered_subtree_hash_is_named_and_not_the_ones_above_it(parts: Parts) -> None:
    record(parts)
    with parts.store.reading() as db:
        completes = bytes(db.scalar("SELECT completes FROM tree_leaves WHERE leaf = 7"))
    # Leaf 7 completes subtree 3 at level 1, 1 at level 2 and 0 at level 3.
    set_hash(parts, "completes", 7, completes[:32] + b"\x07" * 32 + completes[64:])

    check = check_tree(parts.record, parts.store)

    assert check.problems == [
        "the stored hash of subtree 1 at level 2 (leaves 4 to 7, in the row of leaf 7) does"
        " not match its leaves: it was altered"
    ]


def test_a_tampered_leaf_hash_is_named_with_its_entry(parts: Parts) -> None:
    first, _ = record(parts)
    set_hash(parts, "hash", 3, b"\x07" * 32)

    check = check_tree(parts.record, parts.store)

    assert check.first_bad_leaf == 3
    assert len(check.problems) == 1
    assert check.problems[0].startswith(f"leaf 3 (entry 4 of {first}, at ")
    assert "stored leaf hash does not match the stored event" in check.problems[0]


def test_an_altered_event_is_named_as_its_leaf(parts: Parts, settings: Settings) -> None:
    _, second = record(parts)
    rewrite_event(
        settings.database_url,
        second,
        2,
        lambda state: state.replace(b'"reported_by":"tester"', b'"reported_by":"mallory"'),
    )

    later = Parts.open(settings)
    try:
        check = check_tree(later.record, later.store)
    finally:
        later.close()

    assert len(check.problems) == 1 and f"(entry 2 of {second}, at " in check.problems[0]


def test_a_deleted_last_event_leaves_a_leaf_too_many(parts: Parts, settings: Settings) -> None:
    _, second = record(parts)
    last = parts.views.version(second)
    delete_event(settings.database_url, second, last)

    later = Parts.open(settings)
    try:
        check = check_tree(later.record, later.store)
    finally:
        later.close()

    assert any("the tree holds" in problem and "leaves" in problem for problem in check.problems)


def test_a_saved_checkpoint_holds_while_the_log_only_grows(parts: Parts) -> None:
    record(parts)
    saved = parts.proofs.checkpoint()
    record(parts, seeds=(9,))

    check = check_checkpoint_note(parts.record, parts.proofs, saved, parts.signer.public)

    assert check.ok and check.signature_holds and check.consistent
    assert check.today.size > check.saved.size == check.tree.leaves


def test_a_checkpoint_under_another_key_or_name_does_not_verify(parts: Parts) -> None:
    record(parts)
    saved = parts.proofs.checkpoint()
    stranger = Ed25519PrivateKey.generate().public_key()
    renamed = parts.signer.sign_note(parts.proofs.head().text(), "another-log")

    assert not check_checkpoint_note(parts.record, parts.proofs, saved, stranger).signature_holds
    assert not check_checkpoint_note(
        parts.record, parts.proofs, renamed, parts.signer.public
    ).signature_holds


def forge(parts: Parts, settings: Settings, incident: UUID, entry: int) -> None:
    """Rewrite an entry and recompute its chain hash and every one after it."""
    events = list(parts.record.events.get(incident))
    previous = events[entry - 2].hash
    for original in events[entry - 1 :]:
        changed: Any = original
        if original.originator_version == entry:
            changed = dataclasses.replace(original, reported_by="mallory")
        rehashed = dataclasses.replace(changed, hash=chain_hash(previous, encode_event(changed)))
        previous = rehashed.hash
        state = parts.record.mapper.to_stored_event(rehashed).state
        rewrite_event(
            settings.database_url, incident, original.originator_version, lambda _, s=state: s
        )


def test_a_rewrite_with_every_chain_hash_recomputed_breaks_the_checkpoint_at_its_leaf(
    parts: Parts, settings: Settings
) -> None:
    first, _ = record(parts)
    saved = parts.proofs.checkpoint()
    forge(parts, settings, first, 4)

    later = Parts.open(settings)
    try:
        assert later.record.verify(first).ok  # the chain alone holds again
        check = check_checkpoint_note(later.record, later.proofs, saved, later.signer.public)
        assert not check.ok and check.tree.first_bad_leaf == 3
        assert check.tree.root != check.saved.root
        # Even with the stored tree made again from the forged log, the root differs,
        # and today's tree no longer extends the checkpoint.
        later.projector.rebuild()
        again = check_checkpoint_note(later.record, later.proofs, saved, later.signer.public)
        assert again.tree.ok and again.tree.root != again.saved.root and not again.consistent
    finally:
        later.close()
