"""`incidents mirror`: a verified replica of a live server, run as real processes on both
stores. It catches up, goes on where it stopped after a restart, is served read-only
answering as the original does, and stops (exit 1, naming it) at a leaf or a
checkpoint of the original that does not hold, keeping what it had verified."""

from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from api.access import Role
from tests.conftest import Live
from tests.support.copies import second_database
from tests.support.processes import INCIDENTS, create_token, environment, run, served
from tests.support.tampering import rewrite_event
from tests.support.timelines import apply_timeline, random_timeline

pytestmark = pytest.mark.slow


@pytest.fixture
def mirror_url(database_url: str, tmp_path: Path) -> Iterator[str]:
    """An empty database on the same store, for the mirror."""
    with second_database(database_url, tmp_path) as url:
        yield url


def grow(live: Live, seed: int, length: int = 12) -> UUID:
    """A new incident with a random timeline on the original, its tree caught up."""
    incident = apply_timeline(live.parts, random_timeline(seed, length=length))
    live.parts.catch_up()
    return incident


def size(live: Live) -> int:
    """The original's tree size now."""
    return live.parts.proofs.head().size


def test_a_mirror_catches_up_and_is_served_read_only_answering_as_the_original(
    live: Live, mirror_url: str, tmp_path: Path
) -> None:
    incidents = [grow(live, 61), grow(live, 62)]
    origin, first = live.parts.proofs.origin, size(live)

    caught_up = run(mirror_url, "mirror", live.url, "--once")
    incidents.append(grow(live, 63))
    again = run(mirror_url, "mirror", live.url, "--once")

    assert f"accepted the checkpoint of {origin} at {first} leaves" in caught_up.stdout
    assert f": {first} new entries" in caught_up.stdout
    assert f"at {size(live)} leaves" in again.stdout
    assert f": {size(live) - first} new entries" in again.stdout  # only the new ones
    token = create_token(mirror_url, "desk", "editor")
    with served(mirror_url) as mirror, httpx.Client(timeout=30) as http:
        for path in (
            "/log/checkpoint",
            "/log/key",
            "/feed?after=0&limit=1000",
            f"/log/leaves?start=0&end={size(live)}",
            f"/log/proof/consistency?from=3&to={size(live)}",
            *(f"/incidents/{incident}/history?limit=1000" for incident in incidents),
            *(f"/incidents/{incident}?version=5" for incident in incidents),
        ):
            assert http.get(mirror.url + path).text == http.get(live.url + path).text, path
        entry = http.get(f"{live.url}/incidents/{incidents[0]}/history").json()["entries"][6]
        known_at = {"known_at": entry["recorded_at"]}
        assert (
            http.get(f"{mirror.url}/incidents/{incidents[0]}", params=known_at).json()
            == http.get(f"{live.url}/incidents/{incidents[0]}", params=known_at).json()
        )
        statement = {"speaker": "x", "statement": "y", "stated_at": "2024-03-23T12:00:00Z",
                     "source": {"name": "TASS"}}  # fmt: skip
        for path in (f"/incidents/{incidents[0]}/statements", "/incidents"):
            refused = http.post(mirror.url + path, json=statement, headers=token)
            assert refused.status_code == 409
            assert refused.json()["type"] == "urn:incidents:problem:read-only-mirror"
            assert f"read-only mirror of {live.url}" in refused.json()["detail"]
        # A mirror of the mirror: it pins the log's key, which the mirror serves at /log/key.
        (tmp_path / "chained").mkdir()
        with second_database(mirror_url, tmp_path / "chained") as second:
            chained = run(second, "mirror", mirror.url, "--once")
            assert f"at {size(live)} leaves" in chained.stdout
            assert f": {size(live)} new entries" in chained.stdout


def test_a_following_mirror_goes_on_where_it_stopped_after_a_restart(
    live: Live, mirror_url: str, tmp_path: Path
) -> None:
    grow(live, 64)
    log = tmp_path / "mirror.log"

    following = follow(mirror_url, live.url, log)
    wait_for(log, f"at {size(live)} leaves", following)
    following.terminate()
    assert following.wait(15) == 0
    before = size(live)
    grow(live, 65)
    restarted = follow(mirror_url, live.url, log)
    try:
        wait_for(log, f"at {size(live)} leaves (root", restarted)
        live.parts.tokens.create("late-reporter", Role.REPORTER)  # not in the log
        grow(live, 66, length=3)
        wait_for(log, f"at {size(live)} leaves (root", restarted)
    finally:
        restarted.terminate()
        restarted.wait(15)
    assert f": {size(live) - before - 4} new entries" in log.read_text()  # the 2nd catch-up


def follow(mirror_url: str, url: str, log: Path) -> subprocess.Popen[str]:
    """`incidents mirror URL` following the original every 0.2 s."""
    with log.open("a") as sink:
        return subprocess.Popen(
            [INCIDENTS, "mirror", url, "--interval", "0.2"],
            env=environment(mirror_url),
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )


def wait_for(log: Path, text: str, process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while text not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"no {text!r} in: {log.read_text()}")
        time.sleep(0.05)


def test_a_mirror_stops_at_a_leaf_rewritten_in_the_original_database_and_keeps_the_rest(
    live: Live, database_url: str, mirror_url: str
) -> None:
    grow(live, 67)
    run(mirror_url, "mirror", live.url, "--once")
    kept = size(live)
    rewritten = grow(live, 68)  # its entry 3 is leaf kept + 2
    rewrite_event(
        database_url,
        rewritten,
        3,
        lambda state: state.replace(b'"reported_by":"tester"', b'"reported_by":"mallory"'),
    )

    stopped = run(mirror_url, "mirror", live.url, "--once", check=False)

    assert stopped.returncode == 1
    assert f"MIRROR STOPPED: leaf {kept + 2} does not hash into the signed tree" in stopped.stdout
    assert f"entry 3 of incident {rewritten}" in stopped.stdout
    verified = run(mirror_url, "verify")
    assert f"Merkle tree of {kept} leaves" in verified.stdout


def test_a_mirror_stops_when_the_original_rewrote_what_it_had_accepted(
    live: Live, database_url: str, mirror_url: str
) -> None:
    first = grow(live, 69)
    run(mirror_url, "mirror", live.url, "--once")
    rewrite_event(
        database_url,
        first,
        2,
        lambda state: state.replace(b'"reported_by":"tester"', b'"reported_by":"mallory"'),
    )
    live.parts.projector.rebuild()  # the tree made again from the rewritten log
    grow(live, 70, length=2)

    stopped = run(mirror_url, "mirror", live.url, "--once", check=False)

    assert stopped.returncode == 1
    assert "does not extend the checkpoint accepted last" in stopped.stdout


def test_a_checkpoint_not_signed_by_the_pinned_key_stops_the_mirror(
    live: Live, mirror_url: str, tmp_path: Path
) -> None:
    grow(live, 71, length=3)
    stranger = tmp_path / "stranger.pem"
    stranger.write_bytes(
        Ed25519PrivateKey.generate()
        .public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    )

    stopped = run(mirror_url, "mirror", live.url, "--once", "--key", str(stranger), check=False)

    assert stopped.returncode == 1
    assert "is not signed by the key this mirror follows" in stopped.stdout
    assert "Merkle tree of 0 leaves" in run(mirror_url, "verify").stdout  # nothing copied
