"""`incidents verify`'s reports on the log's Merkle tree and on saved C2SP checkpoints."""

from __future__ import annotations

import base64

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from api.audit.notes import MalformedCheckpoint
from api.audit.tree_check import check_checkpoint_note, check_tree
from api.bootstrap import Parts


def _b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def report_tree(parts: Parts) -> bool:
    """Check every stored leaf and subtree hash against the log, print what does not
    hold; whether all of it does."""
    check = check_tree(parts.record, parts.store)
    for problem in check.problems:
        print(f"TREE {problem}")
    print(
        f"Merkle tree of {check.leaves} leaves, root {_b64(check.root)}: "
        + ("every stored hash matches the log" if check.ok else f"{len(check.problems)} problems")
    )
    return check.ok


def verify_checkpoint_note(parts: Parts, note: str, public: Ed25519PublicKey, key: str) -> int:
    """Check a saved C2SP checkpoint against today's log and print the report; the exit
    status. `key` says whose key `public` is."""
    try:
        check = check_checkpoint_note(parts.record, parts.proofs, note, public)
    except MalformedCheckpoint as error:
        print(f"incidents: not a checkpoint: {error}")
        return 1
    saved, tree, today = check.saved, check.tree, check.today
    for problem in tree.problems:
        print(f"TREE {problem}")
    print(f"checkpoint of {saved.origin} at tree size {saved.size}:")
    print(
        f"  signature       {'valid' if check.signature_holds else 'INVALID'}"
        f" (checked with {key}, under the key name {saved.origin})"
    )
    print(f"  root saved      {_b64(saved.root)}")
    print(f"  root recomputed {_b64(tree.root)} (from the first {tree.leaves} stored events)")
    print(
        f"  today's tree    {today.size} leaves, root {_b64(today.root)}: "
        + ("extends it (consistency proof holds)" if check.consistent else "does NOT extend it")
    )
    if check.ok:
        print("the log up to it is unchanged")
    elif not check.signature_holds:
        print("the checkpoint is not signed by this key")
    elif tree.root != saved.root:
        where = (
            f"leaf {tree.first_bad_leaf} differs from the tree stored when it was written"
            if tree.first_bad_leaf is not None
            else "the stored tree was rewritten with the events, so no leaf differs from it"
        )
        print(f"the log up to it was REWRITTEN: its root differs; {where}")
    elif not check.consistent:
        print("the log up to it is unchanged, but today's stored tree does NOT extend it")
    else:
        print(
            "the log up to it is unchanged, but the stored tree does not match it "
            "(see TREE above; `incidents rebuild` makes it again from the log)"
        )
    return 0 if check.ok else 1
