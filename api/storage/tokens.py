"""Bearer tokens: opaque secrets stored only as SHA-256 hashes, each with a name and a role.

The name of the token that recorded an entry is its `reported_by`. A token reads
`inc_<id>.<secret>`: the id (not secret) finds the row, and the SHA-256 of the
whole token is compared with the stored hash in constant time, so the time a
check takes tells nothing about any stored token. The secrets are random 256-bit
values, so a fast hash is enough (there is nothing to brute-force). A revoked
name is never reused, so a name in the record always means one token.
"""

from __future__ import annotations

import builtins
import hashlib
import hmac
import re
import secrets
from collections import OrderedDict
from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from api.access import Principal, Role
from api.storage import admin_log
from domain.text import forbidden_character
from projections.sql import Database, Db, PointRead

TOKEN_PREFIX = "inc_"
MAX_ACTOR = 200
_TOKEN = re.compile(r"inc_([0-9a-f]{16})\.[A-Za-z0-9_-]{43}")
NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9 ._@-]{0,99}")


class TokenError(Exception):
    """A token command that cannot be carried out."""


@dataclass(frozen=True, slots=True)
class TokenInfo:
    """A token as `tokens list` shows it: never the secret, never its hash."""

    name: str
    role: Role
    created_at: str
    revoked_at: str | None


def token_hash(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


class TokenStore:
    """The tokens table, beside the events."""

    schema = (
        "CREATE TABLE IF NOT EXISTS tokens ("
        " name TEXT PRIMARY KEY,"
        " role TEXT NOT NULL,"
        " token_id TEXT NOT NULL UNIQUE,"
        " token_hash TEXT NOT NULL,"
        " created_at TEXT NOT NULL,"
        " revoked_at TEXT)"
    )

    def __init__(self, database: Database) -> None:
        self.database = database
        with database.transaction(commit=True) as db:
            db.execute(self.schema)
            admin_log.create_tables(db)
            admin_log.adopt_existing(db)

    def create(self, name: str, role: Role, by: str = "service") -> str:
        """Make a token (`by` whom: the admin log names them); returns the secret, which
        is shown once and never stored."""
        if not NAME_PATTERN.fullmatch(name):
            msg = "a token name is 1-100 letters, digits, spaces or ._@- starting alphanumeric"
            raise TokenError(msg)
        token_id = secrets.token_hex(8)
        token = f"{TOKEN_PREFIX}{token_id}.{secrets.token_urlsafe(32)}"
        with self.database.transaction(commit=True) as db:
            if db.one("SELECT name FROM tokens WHERE name = ?", (name,)) is not None:
                msg = f"a token named {name!r} exists or existed; names are never reused"
                raise TokenError(msg)
            db.execute(
                "INSERT INTO tokens VALUES (?, ?, ?, ?, ?, NULL)",
                (name, str(Role(role)), token_id, token_hash(token), _now()),
            )
            admin_log.append(db, "create", name, str(Role(role)), _actor(by))
        return token

    def list(self) -> list[TokenInfo]:
        """Every token, revoked ones included, by name."""
        with self.database.transaction(commit=False) as db:
            rows = db.all("SELECT name, role, created_at, revoked_at FROM tokens ORDER BY name")
        return [
            TokenInfo(r["name"], Role(r["role"]), r["created_at"], r["revoked_at"]) for r in rows
        ]

    def revoke(self, name: str, by: str = "service") -> None:
        """Revoke a token by name (`by` whom); it stops working at once."""
        with self.database.transaction(commit=True) as db:
            row = db.one("SELECT role, revoked_at FROM tokens WHERE name = ?", (name,))
            if row is None:
                raise TokenError(f"no token named {name!r}")
            if row["revoked_at"] is not None:
                raise TokenError(f"the token {name!r} is already revoked")
            db.execute("UPDATE tokens SET revoked_at = ? WHERE name = ?", (_now(), name))
            admin_log.append(db, "revoke", name, row["role"], _actor(by))

    def log(self) -> builtins.list[admin_log.AdminEntry]:
        """The admin log, in order."""
        with self.database.transaction(commit=False) as db:
            return admin_log.entries(db)

    def problems(self) -> builtins.list[str]:
        """What of the admin log, and of the tokens against it, does not hold."""
        with self.database.transaction(commit=False) as db:
            return admin_log.problems(db)

    def authenticate(self, token: str) -> Principal | None:
        """The principal a presented token stands for, or None if unknown or revoked."""
        with self.database.transaction(commit=False) as db:
            return self.principal(db, token)

    @staticmethod
    def principal(db: Db, token: str) -> Principal | None:
        """`authenticate`, inside a read of the caller's."""
        return principal_of(token)(db)


def principal_of(token: str) -> PointRead[Principal | None]:
    """The read of who a presented token names: None if nobody (unknown or revoked)."""
    shape = _TOKEN.fullmatch(token)
    digest = token_hash(token)

    def answer(row: tuple[Any, ...] | None) -> Principal | None:
        if shape is None or row is None:
            return None
        name, role, stored_hash, revoked_at = row
        if not hmac.compare_digest(stored_hash, digest) or revoked_at is not None:
            return None
        return Principal(name, Role(role))

    # A token of the wrong shape is looked for under an id no token has.
    token_id = "" if shape is None else shape[1]
    return PointRead(
        "tokens", ("name", "role", "token_hash", "revoked_at"), "token_id", token_id, answer
    )


def token_id_of(token: str) -> str | None:
    """The id part of a token (not secret), or None for a token of the wrong shape."""
    shape = _TOKEN.fullmatch(token)
    return None if shape is None else shape[1]


def unrevoked(database: Database, token_ids: Collection[str]) -> set[str]:
    """Which of `token_ids` name a token that is not revoked, read now."""
    if not token_ids:
        return set()
    asked = tuple(token_ids)
    marks = ", ".join("?" * len(asked))
    with database.point_reads() as db:
        rows = db.all(
            f"SELECT token_id FROM tokens WHERE token_id IN ({marks}) AND revoked_at IS NULL",
            asked,
        )
    return {row["token_id"] for row in rows}


class KnownTokens:
    """The principals of tokens seen valid lately, by the token's hash, so that a write
    need not read its token before it is handed to the writer: the writer reads
    whether the token is revoked once for its whole group, and refuses the write if
    it is (`forget` it then). A token's name and role never change; only revocation
    does. Bounded: the least recently seen go first."""

    def __init__(self, size: int = 1024) -> None:
        self.size = size
        self._known: OrderedDict[str, Principal] = OrderedDict()

    def get(self, token: str) -> Principal | None:
        """The principal of a token seen valid, or None (not seen, or forgotten)."""
        digest = token_hash(token)
        principal = self._known.get(digest)
        if principal is not None:
            self._known.move_to_end(digest)
        return principal

    def add(self, token: str, principal: Principal) -> None:
        """Remember a token just found valid."""
        self._known[token_hash(token)] = principal
        if len(self._known) > self.size:
            self._known.popitem(last=False)

    def forget(self, token: str) -> None:
        """Forget a token (the writer found it revoked)."""
        self._known.pop(token_hash(token), None)


def _actor(by: str) -> str:
    actor = by.strip()
    if not actor or len(actor) > MAX_ACTOR or forbidden_character(actor) is not None:
        raise TokenError(f"who acts is named by 1 to {MAX_ACTOR} plain characters")
    return actor


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
