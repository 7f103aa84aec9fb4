"""The standalone verifier the README quotes (tests/support/verify_log.py), run as an
outsider would: its own process, with nothing of the service's code, against a live
server; it accepts an honest log and refuses forged checkpoints."""

from __future__ import annotations

import ast
import base64
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from api.audit.notes import TreeHead
from tests.conftest import Live
from tests.support.client import FIGURE, open_incident

VERIFIER = Path(__file__).parents[1] / "support" / "verify_log.py"
README = Path(__file__).parents[2] / "README.md"
SECTION = "## Proofs an outsider can check"


def verify(url: str, key: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run the verifier's text in an isolated interpreter (no project on its path)."""
    return subprocess.run(
        [sys.executable, "-I", "-", url, "--key", key, *args],
        input=VERIFIER.read_text(encoding="utf-8"),
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def write(http: httpx.Client, reporter: dict[str, str], incident: str, count: int) -> None:
    for n in range(count):
        response = http.post(
            f"/incidents/{incident}/figures", headers=reporter, json={**FIGURE, "text": str(50 + n)}
        )
        assert response.status_code == 201, response.text


def test_the_verifier_needs_only_the_standard_library_and_cryptography() -> None:
    tree = ast.parse(VERIFIER.read_text(encoding="utf-8"))
    imported = {
        (node.module if isinstance(node, ast.ImportFrom) else alias.name).split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
        if not isinstance(node, ast.ImportFrom) or node.module
    }

    assert imported - set(sys.stdlib_module_names) == {"cryptography"}


def test_the_verifier_checks_a_checkpoint_an_entry_and_the_log_growing(
    live: Live, http: httpx.Client, reporter: dict[str, str], tmp_path: Path
) -> None:
    key = http.get("/checkpoint/key").json()["public_key"]
    incident = open_incident(http, reporter)
    write(http, reporter, incident, 3)
    old = tmp_path / "old.checkpoint"

    first = verify(live.url, key, "--save", str(old))
    assert first.returncode == 0, first.stdout + first.stderr
    assert first.stdout.startswith(f"{live.parts.proofs.origin}: 4 entries, root ")
    assert old.read_text() == http.get("/log/checkpoint").text

    write(http, reporter, incident, 5)
    later = verify(live.url, key, "--since", str(old), "--entry", f"{incident}:3")
    assert later.returncode == 0, later.stdout + later.stderr
    assert f"entry 3 of {incident} is leaf 2 of the signed tree" in later.stdout
    assert f"the log of 9 entries extends {old} (4 entries)" in later.stdout


def test_the_verifier_refuses_another_key_a_forked_log_and_a_missing_entry(
    live: Live, http: httpx.Client, reporter: dict[str, str], tmp_path: Path
) -> None:
    key = http.get("/checkpoint/key").json()["public_key"]
    incident = open_incident(http, reporter)
    write(http, reporter, incident, 4)
    stranger = base64.b64encode(bytes(32)).decode()
    # A checkpoint the server signed for a tree the log never was (a fork shown to one
    # auditor): the signature holds, the consistency proof to today's tree does not.
    fork = tmp_path / "fork.checkpoint"
    forked = TreeHead(live.parts.proofs.origin, 3, b"\x01" * 32)
    fork.write_text(live.parts.signer.sign_note(forked.text(), forked.origin))

    assert "FAILED: the checkpoint is not signed by that key" in verify(live.url, stranger).stdout
    refused = verify(live.url, key, "--since", str(fork))
    assert refused.returncode == 1 and "does not extend" in refused.stdout
    missing = verify(live.url, key, "--entry", f"{incident}:9")
    assert missing.returncode == 1 and "has no entry 9" in missing.stdout


def test_the_readme_quotes_the_verifier_verbatim() -> None:
    readme = README.read_text(encoding="utf-8")
    if SECTION not in readme:
        pytest.skip(f"the README has no {SECTION!r} section yet")

    assert VERIFIER.read_text(encoding="utf-8") in readme
