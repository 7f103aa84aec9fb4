"""Fixtures shared by every suite: databases on both stores, the parts, a live server.

Integration and API tests that take `database_url` run twice: on a real SQLite
file in tmp_path, and on a fresh database of the PostgreSQL server named by
INCIDENTS_TEST_POSTGRES_URL (`make test` and `.ci/run` set it; an unreachable
server fails those tests, it never skips them).
"""

from __future__ import annotations

import os
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
import pytest
import uvicorn

from api.access import Role
from api.bootstrap import Parts
from api.http.app import create_app
from api.settings import Settings
from tests.support.processes import key_file_for

POSTGRES_URL_VARIABLE = "INCIDENTS_TEST_POSTGRES_URL"
STORES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


def postgres_server_url() -> str:
    """The PostgreSQL server the tests use; skips when none is configured."""
    url = os.environ.get(POSTGRES_URL_VARIABLE)
    if not url:
        pytest.skip(f"{POSTGRES_URL_VARIABLE} is not set (make test sets it)")
    return url


def fresh_postgres_database(server_url: str) -> tuple[str, str]:
    """Create an empty database on the server; returns its URL and name."""
    name = f"incidents_test_{uuid.uuid4().hex[:16]}"
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(server_url)
    return urlunsplit(parts._replace(path=f"/{name}")), name


def drop_postgres_database(server_url: str, name: str) -> None:
    """Drop a test database, closing whatever still holds it."""
    with psycopg.connect(server_url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=STORES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database: a SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'incidents.db'}"
        return
    server = postgres_server_url()
    url, name = fresh_postgres_database(server)
    yield url
    drop_postgres_database(server, name)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database, for tests of PostgreSQL itself."""
    server = postgres_server_url()
    url, name = fresh_postgres_database(server)
    yield url
    drop_postgres_database(server, name)


@pytest.fixture
def write_path() -> str:
    """Where the test server carries out writes: "thread" (the group writer in a thread
    of the server) or "process" (the writer process, as `incidents serve` does).

    A thread by default: a writer process costs each of the suite's servers a second
    to start. Modules whose tests are about writes override this fixture with both
    (`WRITE_PATHS`); the servers the suite starts as real processes
    (tests.support.processes) always write in a process of their own, as served.
    """
    return "thread"


WRITE_PATHS = ["thread", "process"]


@pytest.fixture
def settings(database_url: str, write_path: str) -> Settings:
    """Settings pointing at the fresh database, writing along `write_path`, with the
    signing key its processes share (see tests.support.processes.key_file_for)."""
    return Settings(
        database_url=database_url,
        projector_interval=0.2,
        writer_process=write_path == "process",
        signing_key_file=key_file_for(database_url),
    )


@pytest.fixture
def parts(settings: Settings) -> Iterator[Parts]:
    """The service's parts on the fresh database, without a server."""
    opened = Parts.open(settings)
    yield opened
    opened.close()


@dataclass
class Live:
    """A real uvicorn server in a thread, and the parts it runs."""

    url: str
    parts: Parts

    def token(self, name: str, role: Role) -> dict[str, str]:
        """Headers carrying a new token of this role."""
        secret = self.parts.tokens.create(name, role)
        return {"Authorization": f"Bearer {secret}"}


@contextmanager
def serving(settings: Settings) -> Iterator[Live]:
    """The app served over real HTTP on a free port of 127.0.0.1, until the block ends."""
    app = create_app(settings)
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=0, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    # The app serves at once and opens its parts in the background: wait for both.
    while not server.started or getattr(app.state, "parts", None) is None:
        if app.state.failed is not None:
            pytest.fail(f"the test server could not open its parts: {app.state.failed!r}")
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the test server did not start")
        time.sleep(0.01)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield Live(f"http://127.0.0.1:{port}", app.state.parts)
    finally:
        app.state.shutting_down.set()
        server.should_exit = True
        thread.join(timeout=30)


@pytest.fixture
def live(settings: Settings) -> Iterator[Live]:
    """The app on the fresh database, served over real HTTP."""
    with serving(settings) as server:
        yield server


@pytest.fixture
def http(live: Live) -> Iterator[httpx.Client]:
    """An HTTP client for the live server."""
    with httpx.Client(base_url=live.url, timeout=30) as client:
        yield client


@pytest.fixture
def reporter(live: Live) -> dict[str, str]:
    """Headers of a reporter token named 'reporter-1'."""
    return live.token("reporter-1", Role.REPORTER)


@pytest.fixture
def editor(live: Live) -> dict[str, str]:
    """Headers of an editor token named 'editor-1'."""
    return live.token("editor-1", Role.EDITOR)
