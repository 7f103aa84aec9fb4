"""Audits on the real stores: chains recomputed from stored events, checkpoints checked
against the log, after rows were altered, made unreadable, deleted, or rewritten
with every later hash recomputed."""

from __future__ import annotations

import dataclasses
import json
from typing import Any
from uuid import UUID

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.audit.checkpoints import check_checkpoint, checkpoint
from api.audit.log import verify_log
from api.bootstrap import Parts
from api.settings import Settings
from api.storage.signing import KEYS_SCHEMA, Signer, signature_holds
from domain.chain import chain_hash, encode_event
from tests.support.tampering import delete_event, rewrite_event
from tests.support.timelines import apply_timeline, random_timeline


def record(parts: Parts, seeds: tuple[int, ...] = (7, 8)) -> list[UUID]:
    incidents = [apply_timeline(parts, random_timeline(seed, length=12)) for seed in seeds]
    parts.catch_up()
    return incidents


def reopen(settings: Settings) -> Parts:
    """New parts on the same database: no cache of what was there before."""
    return Parts.open(settings)


def test_an_untouched_record_verifies_and_its_checkpoint_holds(parts: Parts) -> None:
    incidents = record(parts)
    for incident in incidents:
        result = parts.record.verify(incident)
        assert result.ok and result.first_bad_entry is None and result.entries == 13
    saved = checkpoint(parts.record, parts.views, parts.signer).as_dict()
    check = check_checkpoint(parts.record, parts.views, saved, parts.signer.public)
    assert check.ok and check.signature_holds and check.saved_hash == check.recomputed_hash
    assert all(r.ok for r in verify_log(parts.record, parts.views))


def test_an_altered_row_is_named_and_breaks_the_checkpoint(
    parts: Parts, settings: Settings
) -> None:
    first, second = record(parts)
    saved = checkpoint(parts.record, parts.views, parts.signer).as_dict()
    rewrite_event(
        settings.database_url,
        first,
        5,
        lambda state: state.replace(b'"reported_by":"tester"', b'"reported_by":"mallory"'),
    )
    later = reopen(settings)
    try:
        result = later.record.verify(first)
        assert not result.ok and result.first_bad_entry == 5 and "altered" in (result.problem or "")
        assert later.record.verify(second).ok
        check = check_checkpoint(later.record, later.views, saved, later.signer.public)
        assert not check.ok and check.signature_holds
        assert [r.incident_id for r in check.broken] == [first]
    finally:
        later.close()


def test_bytes_that_no_longer_decode_are_named(parts: Parts, settings: Settings) -> None:
    first, _ = record(parts)
    rewrite_event(settings.database_url, first, 3, lambda state: b"\xff\x00" + state[7:])
    later = reopen(settings)
    try:
        result = later.record.verify(first)
        assert result.first_bad_entry == 3 and "decoded" in (result.problem or "")
    finally:
        later.close()


def test_a_deleted_row_is_named(parts: Parts, settings: Settings) -> None:
    first, _ = record(parts)
    delete_event(settings.database_url, first, 6)
    later = reopen(settings)
    try:
        result = later.record.verify(first)
        assert result.first_bad_entry == 6 and "missing" in (result.problem or "")
    finally:
        later.close()


def test_a_rewrite_with_every_later_hash_recomputed_is_caught_by_the_checkpoint(
    parts: Parts, settings: Settings
) -> None:
    first, _ = record(parts)
    saved = checkpoint(parts.record, parts.views, parts.signer).as_dict()
    events = list(parts.record.events.get(first))
    # The attacker changes entry 4 and recomputes its hash and every hash after it.
    previous = events[2].hash
    forged: list[Any] = []
    for original in events[3:]:
        changed = original
        if original.originator_version == 4:
            changed = dataclasses.replace(original, reported_by="mallory")
        rehashed = dataclasses.replace(changed, hash=chain_hash(previous, encode_event(changed)))
        previous = rehashed.hash
        forged.append(rehashed)
    for event in forged:
        stored = parts.record.mapper.to_stored_event(event)
        rewrite_event(
            settings.database_url,
            first,
            event.originator_version,
            lambda _, state=stored.state: state,
        )
    later = reopen(settings)
    try:
        assert later.record.verify(first).ok  # the chain alone is consistent again
        check = check_checkpoint(later.record, later.views, saved, later.signer.public)
        assert not check.ok and check.broken == []
        assert check.recomputed_hash != check.saved_hash
    finally:
        later.close()


def test_a_checkpoint_with_a_changed_field_or_another_key_does_not_verify(
    parts: Parts,
) -> None:
    record(parts)
    saved = checkpoint(parts.record, parts.views, parts.signer).as_dict()
    earlier = {**saved, "position": saved["position"] - 1}
    assert check_checkpoint(parts.record, parts.views, earlier, parts.signer.public).ok is False
    forged = {**saved, "signed_at": "2020-01-01T00:00:00+00:00"}
    assert (
        check_checkpoint(parts.record, parts.views, forged, parts.signer.public).signature_holds
        is False
    )
    stranger = Ed25519PrivateKey.generate().public_key()
    assert check_checkpoint(parts.record, parts.views, saved, stranger).signature_holds is False
    assert json.loads(json.dumps(saved)) == saved


def test_the_signing_key_is_made_once_and_kept(parts: Parts, settings: Settings) -> None:
    later = reopen(settings)
    try:
        assert later.signer.public_key() == parts.signer.public_key()
    finally:
        later.close()


def test_the_key_lives_in_a_private_file_beside_a_sqlite_database(tmp_path: Any) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path}/k.db")
    first = Parts.open(settings)
    first.close()
    key_file = tmp_path / "k.db.signing-key.pem"

    assert key_file.exists()
    assert oct(key_file.stat().st_mode)[-3:] == "600"
    assert oct((tmp_path / "k.db").stat().st_mode)[-3:] == "600"
    second = Parts.open(settings)
    try:
        assert second.signer.public_key() == first.signer.public_key()
        with second.store.database.transaction(commit=False) as db:
            tables = db.all("SELECT name FROM sqlite_master WHERE name = 'signing_keys'")
        assert tables == []  # never in the database
    finally:
        second.close()


def test_a_key_kept_in_the_database_moves_out_and_still_verifies(
    parts: Parts, settings: Settings
) -> None:
    old_key = Ed25519PrivateKey.generate()
    pem = old_key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()
    old = Signer(old_key)
    saved = old.sign(1, "0" * 64).as_dict()  # signed by an earlier version of the service
    with parts.store.database.transaction(commit=True) as db:
        db.execute(KEYS_SCHEMA)  # as an earlier version kept its key: in the database
        db.execute("INSERT INTO signing_keys VALUES ('checkpoints', ?, '2024-01-01')", (pem,))
    parts.close()
    settings.signing_key_path.unlink()  # and no file

    upgraded = reopen(settings)
    try:
        assert upgraded.signer.public_key() == old.public_key()
        assert signature_holds(upgraded.signer.public, saved)
        assert settings.signing_key_path.read_bytes().decode() == pem
        with upgraded.store.database.transaction(commit=False) as db:
            on_postgres = db.on_postgres
            listed = (
                "SELECT tablename AS name FROM pg_tables WHERE tablename = 'signing_keys'"
                if on_postgres
                else "SELECT name FROM sqlite_master WHERE name = 'signing_keys'"
            )
            assert db.all(listed) == []
    finally:
        upgraded.close()
