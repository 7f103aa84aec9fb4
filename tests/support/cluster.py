"""A throwaway PostgreSQL cluster of a test's own, to stop and start at will.

The outage tests must never stop the server the rest of the suite shares, so each
makes a cluster of its own: `initdb` into a new temporary folder, run as the
`postgres` operating-system user (PostgreSQL refuses to run as root), on a free
port of 127.0.0.1, with its socket in that folder. `stop()` and `start()` make and
end an outage; `close()` stops it for good and removes the folder.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg

from tests.support.processes import free_port

BIN = Path(os.environ.get("INCIDENTS_TEST_POSTGRES_BIN", "/usr/lib/postgresql/15/bin"))
OWNER = "postgres"  # the operating-system user the cluster runs as


class Cluster:
    """A PostgreSQL cluster in a temporary folder, on a port of its own."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="incidents-cluster-"))
        self.data = self.folder / "data"
        self.port = free_port()
        self.log = self.folder / "server.log"
        if os.geteuid() == 0:
            owner = pwd.getpwnam(OWNER)
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        self._as_owner(
            [str(BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
             "--no-sync", "--no-instructions"]
        )  # fmt: skip

    @property
    def url(self) -> str:
        """The URL of its `postgres` database."""
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> None:
        """Start the server and wait until it takes connections."""
        options = (
            f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            " -c max_connections=200"
        )
        self._as_owner(
            [str(BIN / "pg_ctl"), "-D", str(self.data), "-o", options, "-l", str(self.log),
             "-w", "-t", "60", "start"]
        )  # fmt: skip

    def stop(self, mode: str = "fast") -> None:
        """Stop the server (`fast`: what `systemctl stop` does; `immediate`: a crash)."""
        self._as_owner(
            [str(BIN / "pg_ctl"), "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop"]
        )

    def running(self) -> bool:
        """Whether the server runs."""
        status = subprocess.run(
            [*self._owner(), str(BIN / "pg_ctl"), "-D", str(self.data), "status"],
            capture_output=True, check=False,
        )  # fmt: skip
        return status.returncode == 0

    def close(self) -> None:
        """Stop the server if it runs, and remove its folder."""
        if self.running():
            with contextlib.suppress(subprocess.CalledProcessError):
                self.stop("immediate")
        shutil.rmtree(self.folder, ignore_errors=True)

    def _owner(self) -> list[str]:
        return ["runuser", "-u", OWNER, "--"] if os.geteuid() == 0 else []

    def _as_owner(self, command: list[str]) -> None:
        result = subprocess.run(
            [*self._owner(), *command], capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            msg = f"{' '.join(command)} failed: {result.stdout}{result.stderr}"
            raise RuntimeError(msg)


def new_database(cluster: Cluster, password: str = "") -> str:
    """A fresh database on the cluster; its URL (with a password, which trust ignores)."""
    name = f"incidents_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(cluster.url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    secret = f":{password}" if password else ""
    return f"postgresql://postgres{secret}@127.0.0.1:{cluster.port}/{name}"


@contextlib.contextmanager
def throwaway_cluster() -> Iterator[Cluster]:
    """A running cluster of the test's own, removed after the block."""
    cluster = Cluster()
    try:
        cluster.start()
        yield cluster
    finally:
        cluster.close()
