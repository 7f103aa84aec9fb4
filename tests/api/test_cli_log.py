"""`incidents verify` on the Merkle tree, and `verify --against` a saved C2SP checkpoint,
run as real processes on both stores."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.audit.checkpoints import checkpoint
from api.audit.notes import parse_checkpoint
from api.bootstrap import Parts
from api.settings import Settings
from tests.support.processes import run
from tests.support.tampering import rewrite_event
from tests.support.timelines import apply_timeline, random_timeline

pytestmark = pytest.mark.slow


def recorded(settings: Settings, seeds: tuple[int, ...] = (21, 22)) -> tuple[list[UUID], str]:
    """Incidents with messy timelines, and the C2SP checkpoint served after them."""
    parts = Parts.open(settings)
    try:
        incidents = [apply_timeline(parts, random_timeline(s, length=12)) for s in seeds]
        parts.catch_up()
        return incidents, parts.proofs.checkpoint()
    finally:
        parts.close()


def pem(tmp_path: Path, settings: Settings | None = None) -> Path:
    """The server's public key as PEM (or a stranger's, without settings)."""
    if settings is None:
        public = Ed25519PrivateKey.generate().public_key()
        text = public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ).decode()
    else:
        parts = Parts.open(settings)
        try:
            text = parts.signer.public_key()["pem"]
        finally:
            parts.close()
    path = tmp_path / ("server.pem" if settings else "stranger.pem")
    path.write_text(text)
    return path


def test_verify_checks_the_stored_tree_and_names_a_tampered_subtree_hash(
    settings: Settings,
) -> None:
    _, note = recorded(settings)
    ok = run(settings.database_url, "verify")
    assert "every chain holds" in ok.stdout
    assert (
        f"Merkle tree of {parse_checkpoint(note).size} leaves" in ok.stdout
        and "every stored hash matches" in ok.stdout
    )

    parts = Parts.open(settings)
    try:
        with parts.store.database.transaction(commit=True) as db:
            # Leaf 15 completes subtree 7 at level 1, 3 at 2, 1 at 3 and 0 at 4.
            completes = bytes(db.scalar("SELECT completes FROM tree_leaves WHERE leaf = 15"))
            forged = completes[:64] + bytes(32) + completes[96:]
            db.execute("UPDATE tree_leaves SET completes = ? WHERE leaf = 15", (forged,))
    finally:
        parts.close()
    broken = run(settings.database_url, "verify", check=False)

    assert broken.returncode == 1
    assert (
        "TREE the stored hash of subtree 1 at level 3 (leaves 8 to 15, in the row of leaf 15)"
        " does not match its leaves: it was altered" in broken.stdout
    )


def test_a_saved_checkpoint_verifies_while_the_log_grows_and_names_a_rewritten_leaf(
    settings: Settings, tmp_path: Path
) -> None:
    (first, _), note = recorded(settings)
    saved = tmp_path / "checkpoint.txt"
    saved.write_text(note)
    recorded(settings, seeds=(23,))

    holds = run(settings.database_url, "verify", "--against", str(saved))
    assert "signature       valid (checked with this server's own key" in holds.stdout
    assert "extends it (consistency proof holds)" in holds.stdout
    assert holds.stdout.endswith("the log up to it is unchanged\n")
    key = pem(tmp_path, settings)
    with_key = run(settings.database_url, "verify", "--against", str(saved), "--key", str(key))
    assert f"checked with the key in {key}" in with_key.stdout

    rewrite_event(
        settings.database_url,
        first,
        3,
        lambda state: state.replace(b'"reported_by":"tester"', b'"reported_by":"mallory"'),
    )
    rewritten = run(settings.database_url, "verify", "--against", str(saved), check=False)
    assert rewritten.returncode == 1
    assert "the log up to it was REWRITTEN: its root differs; leaf 2 differs" in rewritten.stdout
    assert f"TREE leaf 2 (entry 3 of {first}, at " in rewritten.stdout


def test_a_checkpoint_signed_by_another_key_is_refused_naming_the_signature(
    settings: Settings, tmp_path: Path
) -> None:
    _, note = recorded(settings)
    saved = tmp_path / "checkpoint.txt"
    saved.write_text(note)

    refused = run(
        settings.database_url,
        "verify",
        "--against",
        str(saved),
        "--key",
        str(pem(tmp_path)),
        check=False,
    )

    assert refused.returncode == 1
    assert "signature       INVALID" in refused.stdout
    assert "the checkpoint is not signed by this key" in refused.stdout


def test_the_json_checkpoint_still_verifies(settings: Settings, tmp_path: Path) -> None:
    recorded(settings)
    parts = Parts.open(settings)
    try:
        saved = tmp_path / "checkpoint.json"
        saved.write_text(json.dumps(checkpoint(parts.record, parts.views, parts.signer).as_dict()))
    finally:
        parts.close()

    result = run(settings.database_url, "verify", "--against", str(saved))

    assert "the log up to it is unchanged" in result.stdout
