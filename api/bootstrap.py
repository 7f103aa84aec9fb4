"""The composition root: every part of the service, built once from the settings.

The entry points (the HTTP app, the command line, the writer process) open the
parts here and hand each of the others only what it uses: the routes get theirs
through dependencies, the group writer its `WriteSide`, the CLI's commands the
one or two parts each needs. Nothing else builds a part or knows all of them.

Processes that serve (`incidents serve`, its writer process, `incidents project`)
open the parts with `open_when_reachable`: while the database cannot be reached
they wait for it, trying again with a growing pause (up to `MAX_PAUSE`) and
logging why, rather than exiting; they also give every statement the store
timeout. Each logs one `start_line` once it is open.
"""

from __future__ import annotations

import fcntl
import logging
import math
import os
import select
import socket
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import psycopg
from eventsourcing.persistence import InterfaceError, OperationalError

from api.audit.proofs import LogProofs
from api.http.limits import RateLimiter
from api.settings import Settings
from api.storage.deadlines import unbounded_statements
from api.storage.keys import IdempotencyKeys
from api.storage.lookups import Lookups, ViewCache
from api.storage.origin import log_origin
from api.storage.recorders import STATEMENT_TIMEOUT
from api.storage.signing import Signer, key_id
from api.storage.tokens import KnownTokens, TokenStore
from api.writing.answers import Writer
from api.writing.group import GroupWriter
from api.writing.idempotency import WriteSide
from api.writing.process import ProcessWriter, serve_changes
from domain.application import IncidentRecord
from domain.errors import first_line
from projections.lease import lease_for, lease_key
from projections.runner import Projector
from projections.sql import Database
from projections.store import ViewRecorder, view_recorder
from projections.views import IncidentViews

log = logging.getLogger(__name__)
MAX_PAUSE = 5.0  # seconds between tries at an unreachable database, at most
# The errors of a database that cannot be reached (or cannot take a connection now).
UNREACHABLE = (OperationalError, InterfaceError, psycopg.OperationalError, sqlite3.OperationalError)


@dataclass
class Parts:
    """The application, its read models and projector, and the service's own stores."""

    settings: Settings
    record: IncidentRecord
    store: ViewRecorder
    projector: Projector
    views: IncidentViews
    tokens: TokenStore
    keys: IdempotencyKeys
    signer: Signer
    lookups: Lookups
    view_cache: ViewCache
    limiter: RateLimiter
    read_limiter: RateLimiter
    proofs: LogProofs
    known_tokens: KnownTokens = field(default_factory=KnownTokens)
    writer: Writer = field(init=False)
    _closing: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.writer = GroupWriter(self.write_side, timeout=self.settings.store_timeout)

    @property
    def write_side(self) -> WriteSide:
        """What the write pipeline uses."""
        return WriteSide(self.record, self.store, self.projector, self.views, self.keys)

    @classmethod
    def open(cls, settings: Settings, *, serving: bool = False) -> Parts:
        """Connect to the database named in the settings, creating its tables if needed.
        `serving`: give every statement the store timeout too (the command line's
        commands, whose statements may take long, have none)."""
        env = dict(settings.eventsourcing_env)
        if serving:
            env[STATEMENT_TIMEOUT] = str(settings.store_timeout)
        with creating_tables(settings):
            record = IncidentRecord(env=env)
            try:
                return cls._open(settings, record)
            except BaseException:
                record.close()  # its pool, before the next try makes another
                raise

    @classmethod
    def _open(cls, settings: Settings, record: IncidentRecord) -> Parts:
        """The rest of the parts, on the record just made (in `open`'s lock)."""
        store = view_recorder(record.factory, record.name)
        tokens = TokenStore(store.database)
        signer = Signer.load(store.database, settings.signing_key_path)
        origin = log_origin(store.database, settings.log_origin)
        if settings.on_postgres:
            check_durable_commits(store.database)
        projector = Projector(
            record,
            store,
            lease_for(store.database, "projector"),
            applies=settings.run_projections,
            wait=settings.projection_wait,
            long_statements=unbounded_statements,
        )
        if not store.is_current():
            log.warning("the read models are from another version: rebuilding them")
            projector.rebuild()
        return cls(
            settings=settings,
            record=record,
            store=store,
            projector=projector,
            views=IncidentViews(store),
            tokens=tokens,
            keys=IdempotencyKeys(store.database),
            signer=signer,
            limiter=RateLimiter(settings.write_rate, settings.write_burst),
            read_limiter=RateLimiter(settings.read_rate, settings.read_burst, what="read"),
            lookups=Lookups(store.database, settings.sqlite_file),
            view_cache=ViewCache(settings.view_cache_mb * 1024 * 1024),
            proofs=LogProofs(record, store, signer, origin),
        )

    def start_line(self, command: str) -> str:
        """The line a process logs when it starts: the store (never its password), the
        projection mode, the signing key and the log's origin."""
        if command == "incidents project":
            mode = "projections: this worker applies them"
        elif self.settings.run_projections:
            mode = "projections: applied with each write (the lease holder applies what is left)"
        else:
            mode = "projections: left to `incidents project`"
        key = f"{key_id(self.signer.public)} ({self.settings.signing_key_path})"
        return (
            f"{command}: store {store_name(self.settings)}; {mode}; signing key {key}; "
            f"log origin {self.proofs.origin}"
        )

    def catch_up(self) -> None:
        """Return once the read models show the whole log as it is now."""
        self.projector.sync(self.record.recorder.max_notification_id() or 0)

    def write_in_a_process(self) -> None:
        """Carry out writes in a process of its own (see `api.writing.process`)."""
        self.writer = ProcessWriter(self.settings, write_in_child)

    def start_housekeeping(self, every: float = 3600.0) -> None:
        """Forget expired idempotency keys now and every `every` seconds, in a daemon thread."""

        def run() -> None:
            while True:
                try:
                    self.keys.purge()
                except Exception:
                    log.exception("could not purge idempotency keys")
                if self._closing.wait(every):
                    return

        threading.Thread(target=run, name="housekeeping", daemon=True).start()

    def close(self) -> None:
        """Stop the background threads and close the database connections."""
        self._closing.set()
        self.writer.stop()
        self.projector.stop()
        self.lookups.close()
        self.record.close()


def open_when_reachable(
    settings: Settings, stopped: Callable[[float], bool], *, serving: bool = True
) -> Parts | None:
    """The parts, opened once the database can be reached: until then, tried again with
    a growing pause, each failure logged. `stopped(pause)` waits out a pause and says
    whether to give up (then None)."""
    pause = 0.5
    while True:
        try:
            return Parts.open(settings, serving=serving)
        except UNREACHABLE as error:
            reason = first_line(error)
            log.warning(
                "waiting for the database %s (%s); trying again in %.1f s",
                store_name(settings), reason, pause,
            )  # fmt: skip
        if stopped(pause):
            return None
        pause = min(pause * 2, MAX_PAUSE)


def store_name(settings: Settings) -> str:
    """The database as a log may name it: its URL without the password."""
    if not settings.on_postgres:
        return f"sqlite:///{settings.sqlite_file}"
    parts = urlsplit(settings.database_url)
    user = f"{parts.username}@" if parts.username else ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{user}{parts.hostname or ''}{port}{parts.path}"


def write_in_child(settings: Settings, sock: socket.socket) -> None:
    """The writer process's body: the parts opened anew (once the database can be
    reached, unless the serving process goes first), a group writer fed from `sock`."""
    parts = open_when_reachable(settings, lambda pause: _closed_after(sock, pause))
    if parts is None:
        return
    writer = parts.writer
    assert isinstance(writer, GroupWriter)
    try:
        serve_changes(writer, sock)
    finally:
        parts.close()  # finishes the groups held, then closes the connections


@contextmanager
def creating_tables(settings: Settings) -> Iterator[None]:
    """Let one process at a time create tables, when several start on one database
    together (CREATE ... IF NOT EXISTS, and the library's record of its table
    migrations, are not safe against themselves): an advisory lock on PostgreSQL, a
    file lock beside the database on SQLite."""
    if not settings.on_postgres:
        path = settings.sqlite_file
        assert path is not None
        descriptor = os.open(f"{path}.create-tables.lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX)
            yield  # the lock ends with the descriptor
        finally:
            os.close(descriptor)
        return
    env = settings.eventsourcing_env
    with psycopg.connect(
        host=env["POSTGRES_HOST"],
        port=env["POSTGRES_PORT"],
        dbname=env["POSTGRES_DBNAME"],
        user=env["POSTGRES_USER"],
        password=env["POSTGRES_PASSWORD"],
        autocommit=True,
        connect_timeout=max(2, math.ceil(settings.store_timeout)),  # libpq's floor is 2
    ) as connection:
        connection.execute("SELECT pg_advisory_lock(%s)", (lease_key("create tables"),))
        yield  # the lock ends with the connection


def check_durable_commits(database: Database) -> None:
    """Refuse to serve on a PostgreSQL server that acknowledges commits before they are
    durable: a 2xx would then not mean the entry survives a crash."""
    with database.transaction(commit=False) as db:
        setting = db.scalar("SELECT current_setting('synchronous_commit') AS s")
    if setting == "off":
        msg = "PostgreSQL synchronous_commit is off: a 2xx would not mean durable; turn it on"
        raise RuntimeError(msg)


def _closed_after(sock: socket.socket, pause: float) -> bool:
    """Wait `pause` seconds, or less if the other end of `sock` closes; whether it did
    (it sends nothing before it hears that the writer is ready)."""
    readable, _, _ = select.select([sock], [], [], pause)
    return bool(readable) and sock.recv(1, socket.MSG_PEEK) == b""
