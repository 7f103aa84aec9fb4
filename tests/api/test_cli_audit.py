"""`incidents verify`, `export` and `import`, run as real processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest

from api.audit.checkpoints import checkpoint
from api.bootstrap import Parts
from api.settings import Settings
from tests.support.processes import run
from tests.support.tampering import rewrite_event
from tests.support.timelines import apply_timeline, random_timeline

pytestmark = pytest.mark.slow


def recorded(settings: Settings) -> tuple[list[Any], dict[str, Any]]:
    """Two incidents with messy timelines, and a checkpoint taken after them."""
    parts = Parts.open(settings)
    try:
        incidents = [apply_timeline(parts, random_timeline(s, length=15)) for s in (11, 12)]
        parts.catch_up()
        return incidents, checkpoint(parts.record, parts.views, parts.signer).as_dict()
    finally:
        parts.close()


def views(database_url: str, incident: Any) -> list[dict[str, Any]]:
    """Every version's view, without what differs between two records of the same updates."""
    parts = Parts.open(Settings(database_url=database_url))
    try:
        current = parts.views.version(incident)
        found = []
        for version in range(1, current + 1):
            view = parts.views.view(incident, version=version)
            found.append(json.loads(json.dumps(view, default=str), object_hook=_without_stamps))
        return found
    finally:
        parts.close()


def _without_stamps(item: dict[str, Any]) -> dict[str, Any]:
    stamps = ("recorded_at", "reported_by", "opened_at", "updated_at", "retracted_at")
    return {k: v for k, v in item.items() if k not in stamps}


def test_verify_passes_then_names_the_incident_whose_row_was_altered(
    settings: Settings, tmp_path: Path
) -> None:
    (first, second), checkpoint = recorded(settings)
    saved = tmp_path / "checkpoint.json"
    saved.write_text(json.dumps(checkpoint))
    ok = run(settings.database_url, "verify")
    assert "2 incidents" in ok.stdout and "every chain holds" in ok.stdout
    against = run(settings.database_url, "verify", "--against", str(saved))
    assert "unchanged" in against.stdout and "signature       valid" in against.stdout
    rewrite_event(
        settings.database_url,
        second,
        4,
        lambda state: state.replace(b'"reported_by":"tester"', b'"reported_by":"x"'),
    )
    broken = run(settings.database_url, "verify", check=False)
    assert broken.returncode == 1
    assert f"BROKEN {second}: entry 4 was altered" in broken.stdout
    assert str(first) not in broken.stdout
    rewritten = run(settings.database_url, "verify", "--against", str(saved), check=False)
    assert rewritten.returncode == 1 and "REWRITTEN" in rewritten.stdout


def test_export_then_import_gives_the_same_record_elsewhere(
    settings: Settings, tmp_path: Path
) -> None:
    incidents, _ = recorded(settings)
    exported = run(settings.database_url, "export")
    lines = exported.stdout.splitlines()
    assert "exported" in exported.stderr and "export" in exported.stderr
    records = [json.loads(line) for line in lines]
    assert [r["position"] for r in records] == sorted(r["position"] for r in records)
    assert {"position", "incident_id", "entry", "type", "data", "hash"} <= set(records[0])
    dump = tmp_path / "log.ndjson"
    dump.write_text(exported.stdout)
    target = f"sqlite:///{tmp_path / 'copy.db'}"
    imported = run(target, "import", str(dump), "--reported-by", "archive")
    assert f"imported {len(lines)} entries; refused 0 lines" in imported.stdout
    for incident in incidents:
        assert views(target, incident) == views(settings.database_url, incident)
    assert "every chain holds" in run(target, "verify").stdout


def test_import_reports_bad_lines_and_keeps_the_good_ones(tmp_path: Path) -> None:
    target = f"sqlite:///{tmp_path / 'import.db'}"
    incident = "5f0c3a4e-9d1b-4a8e-8f00-3b2c1d4e5f60"
    lines = [
        {
            "route": "open",
            "incident_id": incident,
            "body": {
                "title": "Derna floods",
                "occurred_at": "2023-09-11T02:30:00+02:00",
                "location": {"name": "Derna"},
                "source": {"name": "Reuters"},
            },
        },
        {
            "route": "figures",
            "incident_id": incident,
            "body": {
                "category": "killed",
                "text": "11,300",
                "as_of": "2023-09-16T12:00:00+02:00",
                "source": {"name": "UN OCHA"},
            },
        },
        "{not json",
        {
            "route": "figures",
            "incident_id": incident,
            "body": {
                "category": "killed",
                "text": "a great many",
                "as_of": "2023-09-16T12:00:00+02:00",
                "source": {"name": "UN OCHA"},
            },
        },
        {"route": "retractions", "incident_id": incident, "body": {"entry": 1, "reason": "x"}},
        {"route": "teleport", "incident_id": incident, "body": {}},
        {
            "type": "FigureReported",
            "incident_id": incident,
            "data": {
                "category": "killed",
                "text": "3,958",
                "qualifier": "exact",
                "value": 3958,
                "low": 3958,
                "high": 3958,
                "as_of": "2023-09-17T12:00:00+02:00",
                "note": None,
                "source": {"name": "WHO", "url": None, "published_at": None, "kind": "official"},
            },
        },
    ]
    path = tmp_path / "updates.ndjson"
    path.write_text(
        "\n".join(line if isinstance(line, str) else json.dumps(line) for line in lines) + "\n"
    )
    result = run(target, "import", str(path), check=False)
    assert result.returncode == 1
    assert "imported 3 entries; refused 4 lines" in result.stdout
    for number, why in (
        (3, "Expecting"),
        (4, "a great many"),
        (5, "opens the incident"),
        (6, "teleport"),
    ):
        assert f"updates.ndjson:{number}: refused:" in result.stderr
        assert why in result.stderr.split(f"updates.ndjson:{number}: refused:")[1].splitlines()[0]
    parts = Parts.open(Settings(database_url=target))
    try:
        view = parts.views.view(UUID(incident))
        assert view["version"] == 3 and view["figures"]["killed"]["value"] == 3958
        assert [e.reported_by for e in parts.record.entries(UUID(incident))] == ["import"] * 3
    finally:
        parts.close()


def test_commands_that_only_read_do_not_make_a_database(tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'typo.db'}"
    for command in (["verify"], ["export"], ["tokens", "list"]):
        result = run(missing, *command, check=False)
        assert result.returncode == 2 and "no database at" in result.stderr
    assert not (tmp_path / "typo.db").exists()
    empty = f"sqlite:///{tmp_path / 'empty.db'}"
    run(empty, "tokens", "create", "first", "--role", "admin")
    assert "no incidents in the record" in run(empty, "verify").stdout


def exported_log(tmp_path: Path) -> tuple[list[Any], list[str], str]:
    """Two incidents with messy timelines on a SQLite file: their ids, the export's lines,
    and the file's URL."""
    original = f"sqlite:///{tmp_path / 'original.db'}"
    incidents, _ = recorded(Settings(database_url=original))
    return incidents, run(original, "export").stdout.splitlines(), original


def test_an_interrupted_import_run_again_loads_every_entry_once(
    database_url: str, tmp_path: Path
) -> None:
    incidents, lines, original = exported_log(tmp_path)
    cut = len(lines) // 2 + 3  # the import stopped here, inside the second incident
    part, whole = tmp_path / "part.ndjson", tmp_path / "log.ndjson"
    part.write_text("\n".join(lines[:cut]) + "\n")
    whole.write_text("\n".join(lines) + "\n")
    first = run(database_url, "import", str(part))
    assert f"imported {cut} entries; refused 0 lines" in first.stdout
    again = run(database_url, "import", str(whole))
    assert (
        f"imported {len(lines) - cut} entries; refused 0 lines; "
        f"skipped {cut} already in the record" in again.stdout
    )
    assert "import 100%" in again.stderr  # a line per 10% when stderr is not a terminal
    for incident in incidents:
        assert views(database_url, incident) == views(original, incident)
    assert "every chain holds" in run(database_url, "verify").stdout
    third = run(database_url, "import", str(whole))
    assert f"imported 0 entries; refused 0 lines; skipped {len(lines)}" in third.stdout


def test_an_export_line_whose_earlier_entry_is_missing_is_refused(
    database_url: str, tmp_path: Path
) -> None:
    (first, second), lines, original = exported_log(tmp_path)
    records = [json.loads(line) for line in lines]
    gap = next(
        n for n, r in enumerate(records) if r["incident_id"] == str(first) and r["entry"] == 4
    )
    path = tmp_path / "gap.ndjson"
    path.write_text("\n".join(lines[:gap] + lines[gap + 1 :]) + "\n")
    result = run(database_url, "import", str(path), check=False)
    assert result.returncode == 1
    later = [n for n, r in enumerate(records) if r["incident_id"] == str(first) and r["entry"] > 4]
    assert f"refused {len(later)} lines" in result.stdout
    numbered = lines[:gap] + lines[gap + 1 :]
    refused_first = next(
        n
        for n, line in enumerate(numbered, 1)
        if json.loads(line)["incident_id"] == str(first) and json.loads(line)["entry"] == 5
    )
    assert (
        f"gap.ndjson:{refused_first}: refused: this is entry 5 of incident {first}, which has 3"
        in result.stderr
    )
    assert views(database_url, second) == views(original, second)
    assert len(views(database_url, first)) == 3


def test_api_lines_with_an_idempotency_key_are_carried_out_once(
    database_url: str, tmp_path: Path
) -> None:
    incident = "0b7e4a0c-2f6d-4c33-9d0a-6f1f3c6a2b10"
    opening = {
        "route": "open",
        "incident_id": incident,
        "idempotency_key": "beirut-open",
        "body": {
            "title": "Beirut port explosion",
            "occurred_at": "2020-08-04T18:08:00+03:00",
            "location": {"name": "Port of Beirut", "country_code": "LB"},
            "source": {"name": "Reuters"},
        },
    }
    figures = [
        {
            "route": "figures",
            "incident_id": incident,
            "idempotency_key": f"beirut-{n}",
            "body": {
                "category": "killed",
                "text": text,
                "as_of": f"2020-08-0{n + 4}T12:00:00+03:00",
                "source": {"name": "Lebanese Ministry of Health"},
            },
        }
        for n, text in enumerate(["at least 78", "more than 100", "135", "154"])
    ]
    path = tmp_path / "updates.ndjson"
    path.write_text("\n".join(json.dumps(line) for line in [opening, *figures]) + "\n")
    assert "imported 5 entries; refused 0 lines" in run(database_url, "import", str(path)).stdout
    again = run(database_url, "import", str(path))
    assert "imported 0 entries; refused 0 lines; skipped 5 already in the record" in again.stdout
    unkeyed = tmp_path / "unkeyed.ndjson"
    unkeyed.write_text(json.dumps({k: v for k, v in opening.items() if k != "idempotency_key"}))
    twice = run(database_url, "import", str(unkeyed), check=False)
    assert f"unkeyed.ndjson:1: refused: incident {incident} is already in the record" in (
        twice.stderr
    )
    reused = dict(figures[0], body=dict(figures[0]["body"], text="at least 80"))
    other = tmp_path / "reused.ndjson"
    other.write_text(json.dumps(reused) + "\n")
    refused = run(database_url, "import", str(other), check=False)
    assert "reused.ndjson:1: refused: this Idempotency-Key was sent before with a different" in (
        refused.stderr
    )
    parts = Parts.open(Settings(database_url=database_url))
    try:
        view = parts.views.view(UUID(incident))
        assert view["version"] == 5 and view["figures"]["killed"]["value"] == 154
    finally:
        parts.close()


def test_a_withdrawal_may_name_an_incident_opened_earlier_in_the_same_file(
    database_url: str, tmp_path: Path
) -> None:
    """The duplicate's withdrawal and the incident it names go in one transaction: the
    record holds the incident named once the line is written, so it is not refused."""
    original, duplicate = (
        "3a1f2b4c-5d6e-4f70-8a9b-0c1d2e3f4a5b",
        "4b2a3c5d-6e7f-4a81-9bac-1d2e3f4a5b6c",
    )
    opening = {
        "title": "Beirut port explosion",
        "occurred_at": "2020-08-04T18:08:00+03:00",
        "location": {"name": "Port of Beirut", "country_code": "LB"},
        "source": {"name": "NNA"},
    }
    lines = [
        {"route": "open", "incident_id": original, "body": opening},
        {"route": "open", "incident_id": duplicate, "body": {**opening, "title": "Beirut blast"}},
        {
            "route": "withdrawal",
            "incident_id": duplicate,
            "body": {"reason": "opened twice", "duplicate_of": original},
        },
        {
            "route": "withdrawal",
            "incident_id": original,
            "body": {"reason": "a typo", "duplicate_of": "5c3b4d6e-7f80-4b92-8cbd-2e3f4a5b6c7d"},
        },
    ]
    path = tmp_path / "updates.ndjson"
    path.write_text("\n".join(json.dumps(line) for line in lines) + "\n")
    result = run(database_url, "import", str(path), check=False)
    assert "imported 3 entries; refused 1 lines" in result.stdout
    assert "updates.ndjson:4: refused: duplicate_of: no incident with id 5c3b4d6e" in result.stderr
    exported = tmp_path / "export.ndjson"
    run(database_url, "export", "--output", str(exported))
    copy = f"sqlite:///{tmp_path / 'copy.db'}"
    assert "imported 3 entries; refused 0 lines" in run(copy, "import", str(exported)).stdout
    for url in (database_url, copy):
        parts = Parts.open(Settings(database_url=url))
        try:
            withdrawn = parts.views.view(UUID(duplicate))["withdrawn"]
            assert withdrawn["duplicate_of"] == original
            assert parts.views.view(UUID(original))["withdrawn"] is None
        finally:
            parts.close()
