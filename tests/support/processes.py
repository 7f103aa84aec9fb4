"""Running the real `incidents` command in processes of its own, for CLI and crash tests."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

INCIDENTS = str(Path(sys.executable).parent / "incidents")


def key_file_for(database_url: str) -> Path | None:
    """The signing key file of a test database: beside a SQLite file (the default), and for
    a PostgreSQL database one of its own, which every process of the test shares."""
    if database_url.startswith("sqlite"):
        return None
    folder = Path(tempfile.gettempdir()) / "incidents-test-keys"
    folder.mkdir(exist_ok=True)
    return folder / f"{database_url.rsplit('/', 1)[-1]}.pem"


def environment(database_url: str, **extra: str) -> dict[str, str]:
    """The environment of a process using this database (extra: more INCIDENTS_ settings)."""
    settings = {f"INCIDENTS_{name.upper()}": value for name, value in extra.items()}
    key_file = key_file_for(database_url)
    keys = {} if key_file is None else {"INCIDENTS_SIGNING_KEY_FILE": str(key_file)}
    return {
        **os.environ,
        "INCIDENTS_DATABASE_URL": database_url,
        "PYTHONUNBUFFERED": "1",
        **keys,
        **settings,
    }


def run(database_url: str, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """Run one `incidents` command to completion."""
    result = subprocess.run(
        [INCIDENTS, *args],
        env=environment(database_url),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if check and result.returncode != 0:
        raise AssertionError(f"incidents {' '.join(args)}: {result.stderr}")
    return result


def create_token(database_url: str, name: str, role: str) -> dict[str, str]:
    """Headers carrying a token made by `incidents tokens create`."""
    out = run(database_url, "tokens", "create", name, "--role", role).stdout
    return {"Authorization": f"Bearer {out.strip().splitlines()[-1].split()[-1]}"}


def free_port() -> int:
    """A port nobody listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def wait_healthy(url: str, process: subprocess.Popen[str], seconds: float = 30) -> None:
    """Block until /healthz answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise AssertionError(f"the server exited with {process.returncode}")
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        time.sleep(0.1)
    raise AssertionError("the server did not become healthy")


@dataclass
class Server:
    """A running `incidents serve`: its URL, its process, and the file its output goes to."""

    url: str
    process: subprocess.Popen[str]
    log: Path

    def output(self) -> str:
        """Everything the server printed so far."""
        return self.log.read_text()


def start_server(database_url: str, log: Path, **settings: str) -> Server:
    """Start `incidents serve` (with extra INCIDENTS_ settings) and wait until it is healthy."""
    server = launch_server(database_url, log, **settings)
    wait_healthy(server.url, server.process)
    return server


def launch_server(database_url: str, log: Path, **settings: str) -> Server:
    """Start `incidents serve` without waiting for it."""
    port = free_port()
    with log.open("a") as sink:
        process = subprocess.Popen(
            [INCIDENTS, "serve", "--port", str(port)],
            env=environment(database_url, **settings),
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    return Server(f"http://127.0.0.1:{port}", process, log)


def start_worker(database_url: str, log: Path, **settings: str) -> subprocess.Popen[str]:
    """Start `incidents project` and wait until it has caught up."""
    with log.open("a") as sink:
        process = subprocess.Popen(
            [INCIDENTS, "project"],
            env=environment(database_url, **settings),
            stdout=sink,
            stderr=subprocess.STDOUT,
            text=True,
        )
    deadline = time.monotonic() + 30
    while "caught up" not in log.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            raise AssertionError(f"the worker did not start: {log.read_text()}")
        time.sleep(0.05)
    return process


def stop(server: Server) -> None:
    """Terminate the server if it still runs, and wait for it."""
    if server.process.poll() is None:
        server.process.terminate()
        try:
            server.process.wait(15)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait()


@contextlib.contextmanager
def served(database_url: str) -> Iterator[Server]:
    """`incidents serve` in a process of its own, for the length of the block."""
    log = Path(tempfile.mkdtemp(prefix="incidents-serve-")) / "server.log"
    server = start_server(database_url, log)
    try:
        yield server
    finally:
        stop(server)
        shutil.rmtree(log.parent, ignore_errors=True)
