"""`incidents restore`: an export loaded into an empty database as the same log, run as
real processes on both stores. The copy answers as the original did (every entry's
hash, time, reporter and leaf index; every view at every version and known_at), and
checkpoints saved from the original, of both kinds, verify against it with the
original's key. A file whose chain does not hold is refused by its first bad line,
and nothing is written."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

import psycopg
import pytest

from api.audit.checkpoints import checkpoint
from api.bootstrap import Parts
from api.settings import Settings
from projections.models import TREE
from tests.support.copies import TAMPERINGS, second_database
from tests.support.processes import key_file_for, run
from tests.support.timelines import apply_step, apply_timeline, random_timeline

pytestmark = pytest.mark.slow


@pytest.fixture
def copy_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """A second empty database on the same store, for the copy."""
    with second_database(database_url, tmp_path) as url:
        yield url


@dataclass
class Original:
    """A recorded log, with what an auditor saved from it."""

    incidents: list[UUID]
    origin: str
    note: Path  # its C2SP checkpoint
    json_checkpoint: Path
    pem: Path  # its public key
    export: Path


def record_original(settings: Settings, folder: Path, seeds: tuple[int, ...]) -> Original:
    """Random timelines, interleaved over several incidents; then the checkpoints saved and
    the log exported (by `incidents export`)."""
    parts = Parts.open(settings)
    try:
        incidents = [apply_timeline(parts, random_timeline(seed, length=20)) for seed in seeds]
        for step, incident in enumerate(incidents * 3):
            apply_step(parts, incident, ("statements", _statement(step), 201))
        parts.catch_up()
        original = Original(
            incidents,
            parts.proofs.origin,
            folder / "week-12.checkpoint",
            folder / "week-12.json",
            folder / "original.pem",
            folder / "log.ndjson",
        )
        original.note.write_text(parts.proofs.checkpoint())
        signed = checkpoint(parts.record, parts.views, parts.signer).as_dict()
        original.json_checkpoint.write_text(json.dumps(signed))
        original.pem.write_text(parts.signer.public_key()["pem"])
    finally:
        parts.close()
    run(settings.database_url, "export", "--output", str(original.export))
    return original


def _statement(step: int) -> dict[str, object]:
    return {
        "speaker": "Investigative Committee",
        "statement": f"Update {step}: « 3 958 » ✓",
        "stated_at": "2024-03-23T12:00:00.500000+03:00",
        "source": {"name": "TASS", "kind": "state_media"},
    }


def opened(url: str) -> Parts:
    return Parts.open(Settings(database_url=url, signing_key_file=key_file_for(url)))


def test_a_restored_copy_answers_every_read_as_the_original_and_its_checkpoints_verify(
    settings: Settings, copy_url: str, tmp_path: Path
) -> None:
    original = record_original(settings, tmp_path, seeds=(31, 32, 33))

    restored = run(copy_url, "restore", str(original.export), "--origin", original.origin)

    assert f"log origin {original.origin}\n" in restored.stdout
    assert "restore 100%" in restored.stderr
    again = tmp_path / "again.ndjson"
    run(copy_url, "export", "--output", str(again))
    assert again.read_text() == original.export.read_text()  # hash, time, reporter, index
    source, copy = opened(settings.database_url), opened(copy_url)
    try:
        assert copy.proofs.head() == source.proofs.head()
        for incident in original.incidents:
            entries = source.record.entries(incident, limit=1000)
            assert copy.record.entries(incident, limit=1000) == entries
            for entry in entries:
                at = {"version": entry.entry}
                assert copy.views.view(incident, **at) == source.views.view(incident, **at)
                known = {"known_at": entry.recorded_at}
                assert copy.views.view(incident, **known) == source.views.view(incident, **known)
    finally:
        source.close()
        copy.close()
    assert "every chain holds" in run(copy_url, "verify").stdout
    for saved in (original.note, original.json_checkpoint):
        checked = run(copy_url, "verify", "--against", str(saved), "--key", str(original.pem))
        assert checked.stdout.endswith("the log up to it is unchanged\n")


@pytest.mark.parametrize("tampering", sorted(TAMPERINGS))
def test_a_tampered_export_is_refused_at_its_first_bad_line_and_nothing_is_written(
    settings: Settings, copy_url: str, tmp_path: Path, tampering: str
) -> None:
    original = record_original(settings, tmp_path, seeds=(41,))
    lines = original.export.read_text().splitlines()
    tampered = tmp_path / "tampered.ndjson"
    tampered.write_text("\n".join(TAMPERINGS[tampering](lines, 9)) + "\n")

    refused = run(copy_url, "restore", str(tampered), check=False)

    assert refused.returncode == 1
    assert f"{tampered} line 10: " in refused.stderr
    assert "refused, nothing was written" in refused.stderr
    copy = opened(copy_url)
    try:
        assert not copy.record.recorder.max_notification_id()
        with copy.store.reading() as db:
            assert TREE.size(db) == 0
    finally:
        copy.close()


def test_a_database_that_holds_a_log_is_refused(settings: Settings, tmp_path: Path) -> None:
    original = record_original(settings, tmp_path, seeds=(42,))

    refused = run(settings.database_url, "restore", str(original.export), check=False)

    assert refused.returncode == 2
    assert "the database holds a log already: restore needs an empty one" in refused.stderr


@pytest.mark.postgres
def test_a_postgres_log_whose_positions_skip_restores_to_sqlite_and_its_checkpoint_verifies(
    postgres_url: str, tmp_path: Path
) -> None:
    settings = Settings(database_url=postgres_url, signing_key_file=key_file_for(postgres_url))
    parts = Parts.open(settings)
    try:
        apply_timeline(parts, random_timeline(51, length=5))
        with psycopg.connect(postgres_url, autocommit=True) as connection:
            connection.execute(  # positions PostgreSQL gave away, as a rolled back write does
                "SELECT setval(pg_get_serial_sequence('incidents_events', 'notification_id'),"
                " (SELECT MAX(notification_id) FROM incidents_events) + 7)"
            )
        apply_timeline(parts, random_timeline(52, length=3))
        parts.catch_up()
        saved = tmp_path / "checkpoint.json"
        saved.write_text(json.dumps(checkpoint(parts.record, parts.views, parts.signer).as_dict()))
        pem = tmp_path / "original.pem"
        pem.write_text(parts.signer.public_key()["pem"])
        apply_timeline(parts, random_timeline(53, length=2))  # after the checkpoint
    finally:
        parts.close()
    export, copy_url = tmp_path / "log.ndjson", f"sqlite:///{tmp_path / 'copy.db'}"
    run(postgres_url, "export", "--output", str(export))
    positions = [json.loads(line)["position"] for line in export.read_text().splitlines()]
    assert positions != list(range(1, len(positions) + 1))  # SQLite will number them so

    run(copy_url, "restore", str(export))

    checked = run(copy_url, "verify", "--against", str(saved), "--key", str(pem))
    assert checked.stdout.endswith("the log up to it is unchanged\n")


def test_a_line_refused_after_thousands_stored_in_the_transaction_leaves_nothing_written(
    settings: Settings, copy_url: str, tmp_path: Path
) -> None:
    parts = Parts.open(settings)
    try:
        apply_timeline(parts, random_timeline(43, length=2600))
    finally:
        parts.close()
    export = tmp_path / "log.ndjson"
    run(settings.database_url, "export", "--output", str(export))
    lines = export.read_text().splitlines()
    tampered = tmp_path / "tampered.ndjson"
    tampered.write_text("\n".join(TAMPERINGS["a changed hash"](lines, 2500)) + "\n")

    refused = run(copy_url, "restore", str(tampered), check=False)

    assert refused.returncode == 1
    assert f"{tampered} line 2501: " in refused.stderr
    copy = opened(copy_url)
    try:
        assert not copy.record.recorder.max_notification_id()
        with copy.store.reading() as db:
            assert TREE.size(db) == 0
            assert db.scalar("SELECT COUNT(*) FROM entries") == 0
    finally:
        copy.close()
