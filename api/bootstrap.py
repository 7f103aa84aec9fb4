"""The composition root: every part of the service, built once from the settings.

The entry points (the HTTP app, the command line, the writer process) open the
parts here and hand each of the others only what it uses: the routes get theirs
through dependencies, the group writer its `WriteSide`, the CLI's commands the
one or two parts each needs. Nothing else builds a part or knows all of them.
"""

from __future__ import annotations

import fcntl
import logging
import os
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg

from api.audit.proofs import LogProofs
from api.http.limits import RateLimiter
from api.settings import Settings
from api.storage.keys import IdempotencyKeys
from api.storage.lookups import Lookups, ViewCache
from api.storage.origin import log_origin
from api.storage.signing import Signer
from api.storage.tokens import TokenStore
from api.writing.group import GroupWriter, Writer
from api.writing.idempotency import WriteSide
from api.writing.process import ProcessWriter, serve_changes
from domain.application import IncidentRecord
from projections.lease import lease_for, lease_key
from projections.runner import Projector
from projections.sql import Database
from projections.store import ViewRecorder, view_recorder
from projections.views import IncidentViews

log = logging.getLogger(__name__)


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
    writer: Writer = field(init=False)
    _closing: threading.Event = field(default_factory=threading.Event)

    def __post_init__(self) -> None:
        self.writer = GroupWriter(self.write_side)

    @property
    def write_side(self) -> WriteSide:
        """What the write pipeline uses."""
        return WriteSide(self.record, self.store, self.projector, self.views, self.keys)

    @classmethod
    def open(cls, settings: Settings) -> Parts:
        """Connect to the database named in the settings, creating its tables if needed."""
        with creating_tables(settings):
            record = IncidentRecord(env=settings.eventsourcing_env)
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


def write_in_child(settings: Settings, sock: socket.socket) -> None:
    """The writer process's body: the parts opened anew, a group writer fed from `sock`."""
    parts = Parts.open(settings)
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
