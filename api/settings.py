"""The service's settings: one object, read from INCIDENTS_* variables, checked on start."""

from __future__ import annotations

import math
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote, urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///incidents.db"


class Settings(BaseSettings):
    """Configuration of one serving process (or CLI command)."""

    model_config = SettingsConfigDict(env_prefix="INCIDENTS_", frozen=True)

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="sqlite:///path/to/file.db (default: incidents.db here) or "
        "postgresql://user:password@host:port/dbname",
    )
    reads_require_token: bool = Field(False, description="refuse reads without a token")
    run_projections: bool = Field(
        True,
        description="apply the projections in this process (false: leave them to "
        "`incidents project`, and make writes wait for it)",
    )
    projector_interval: float = Field(
        1.0,
        gt=0,
        description="seconds between tries at the projection lease, and between "
        "polls of a SQLite log",
    )
    projection_wait: float = Field(
        5.0,
        ge=0,
        description="with run_projections false, how long a write waits for the "
        "worker before applying the projections itself",
    )

    write_rate: float = Field(
        50.0, ge=0, description="writes per second allowed to each token (0: no limit)"
    )
    write_burst: int = Field(500, ge=1, description="writes a token may make in a burst")
    read_rate: float = Field(
        0.0,
        ge=0,
        description="reads per second allowed to each client, by token or else address "
        "(0: no limit)",
    )
    read_burst: int = Field(200, ge=1, description="reads a client may make in a burst")
    public_url: str | None = Field(
        None,
        description="the address the public reaches the service at (https://record.example); "
        "links that must be absolute are built from it, never from the Host header",
    )

    sqlite_lock_timeout: int = Field(
        30, ge=1, description="seconds a SQLite write waits for another writer's lock"
    )
    store_timeout: float = Field(
        2.0,
        gt=0,
        description="seconds any store call may take (connecting, a pooled connection, a "
        "statement, a SQLite lock, whichever of this and sqlite_lock_timeout is shorter): a "
        "request that cannot reach the store in time is a 503, a write not committed by "
        "then is abandoned",
    )
    signing_key_file: Path | None = Field(
        None,
        description="PEM file of the checkpoint signing key, made if missing (default: the "
        "SQLite file's path with .signing-key.pem appended, or incidents-signing-key.pem in "
        "the working directory on PostgreSQL)",
    )
    view_cache_mb: int = Field(
        32, ge=0, description="megabytes of incident views kept as JSON (0: no cache)"
    )
    writer_process: bool = Field(
        True, description="carry out writes in a process of its own (false: in a thread)"
    )
    access_log: bool = Field(True, description="log every request (uvicorn's access log)")
    log_origin: str | None = Field(
        None,
        pattern=r"^[^\s+]+$",
        description="the origin line of checkpoints, and their key name (default: "
        "incident-record/ and an id made with the database and kept in it)",
    )
    stream_keepalive: float = Field(
        15.0, gt=0, description="seconds between keep-alive comments on /feed/stream"
    )
    mirror_interval: float = Field(
        10.0, gt=0, description="seconds between polls of the original by `incidents mirror`"
    )

    @field_validator("database_url")
    @classmethod
    def _known_store(cls, url: str) -> str:
        scheme = urlsplit(url).scheme
        if scheme not in ("sqlite", "postgresql", "postgres"):
            msg = "INCIDENTS_DATABASE_URL must start with sqlite:/// or postgresql://"
            raise ValueError(msg)
        if scheme == "sqlite" and not sqlite_path(url):
            msg = "a sqlite URL names a file: sqlite:///relative.db or sqlite:////absolute.db"
            raise ValueError(msg)
        return url

    @property
    def on_postgres(self) -> bool:
        """Whether the database is PostgreSQL (else the embedded SQLite)."""
        return urlsplit(self.database_url).scheme != "sqlite"

    @property
    def signing_key_path(self) -> Path:
        """Where the signing key is kept: the setting, or its default by store."""
        if self.signing_key_file is not None:
            return self.signing_key_file
        sqlite_file = self.sqlite_file
        if sqlite_file is not None:
            return sqlite_file.with_name(sqlite_file.name + ".signing-key.pem")
        return Path("incidents-signing-key.pem").resolve()

    @property
    def sqlite_file(self) -> Path | None:
        """The SQLite file of the database, or None on PostgreSQL."""
        return None if self.on_postgres else sqlite_path(self.database_url)

    @cached_property
    def eventsourcing_env(self) -> dict[str, str]:
        """The environment that points the eventsourcing library at the database."""
        parts = urlsplit(self.database_url)
        if parts.scheme == "sqlite":
            return {
                "PERSISTENCE_MODULE": "api.storage.recorders:IncidentsSQLiteFactory",
                "SQLITE_DBNAME": str(sqlite_path(self.database_url)),
                "SQLITE_LOCK_TIMEOUT": str(self.sqlite_lock_timeout),
                "INCIDENTS_STORE_TIMEOUT": str(self.store_timeout),
            }
        return {
            "PERSISTENCE_MODULE": "api.storage.recorders:IncidentsPostgresFactory",
            "POSTGRES_DBNAME": unquote(parts.path.lstrip("/")) or "postgres",
            "POSTGRES_HOST": parts.hostname or "127.0.0.1",
            "POSTGRES_PORT": str(parts.port or 5432),
            "POSTGRES_USER": unquote(parts.username or "postgres"),
            "POSTGRES_PASSWORD": unquote(parts.password or ""),
            "INCIDENTS_STORE_TIMEOUT": str(self.store_timeout),
            # Whole seconds: the library's wait for the events table's write lock.
            "POSTGRES_LOCK_TIMEOUT": str(math.ceil(self.store_timeout)),
        }


def sqlite_path(url: str) -> Path | None:
    """The file a sqlite:/// URL names: three slashes relative, four absolute."""
    path = url.removeprefix("sqlite:///")
    return Path(path) if path and path != url else None
