"""The admin log: who created and revoked which token, and when; append-only, chained.

Every change to the tokens writes a line here in the same transaction: its number,
time, action (`create`, `revoke`, or `existing` for the tokens a database held
before the log began), the token's name and role, who did it, and a hash chained
to the line before, as the entries are (hex SHA-256 of the previous hash, a newline,
and the line's canonical JSON). Neither table lets a row be deleted, nor the log a
row be changed (triggers on both stores); and `incidents verify` recomputes the
chain and holds the tokens table to it, so a token slipped in, deleted or revived
behind the service's back is named.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from projections.sql import POSTGRES_ONLY, SQLITE_ONLY, Db, for_store

GENESIS = "0" * 64
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS admin_log ("
    " seq INTEGER PRIMARY KEY,"
    " at TEXT NOT NULL,"
    " action TEXT NOT NULL,"
    " token TEXT NOT NULL,"
    " role TEXT NOT NULL,"
    " actor TEXT NOT NULL,"
    " hash TEXT NOT NULL)",
    f"{SQLITE_ONLY}CREATE TRIGGER IF NOT EXISTS tokens_are_never_deleted BEFORE DELETE ON tokens"
    " BEGIN SELECT RAISE(ABORT, 'tokens are never deleted'); END",
    f"{SQLITE_ONLY}CREATE TRIGGER IF NOT EXISTS admin_log_is_not_changed BEFORE UPDATE ON"
    " admin_log BEGIN SELECT RAISE(ABORT, 'the admin log is append-only'); END",
    f"{SQLITE_ONLY}CREATE TRIGGER IF NOT EXISTS admin_log_is_not_deleted BEFORE DELETE ON"
    " admin_log BEGIN SELECT RAISE(ABORT, 'the admin log is append-only'); END",
    f"{POSTGRES_ONLY}CREATE OR REPLACE FUNCTION incidents_append_only() RETURNS trigger"
    " LANGUAGE plpgsql AS $$ BEGIN"
    " RAISE EXCEPTION '%% rows are never deleted or changed', TG_TABLE_NAME; END $$",
    f"{POSTGRES_ONLY}CREATE OR REPLACE TRIGGER tokens_are_never_deleted BEFORE DELETE ON tokens"
    " FOR EACH ROW EXECUTE FUNCTION incidents_append_only()",
    f"{POSTGRES_ONLY}CREATE OR REPLACE TRIGGER admin_log_is_append_only BEFORE UPDATE OR DELETE"
    " ON admin_log FOR EACH ROW EXECUTE FUNCTION incidents_append_only()",
)


@dataclass(frozen=True, slots=True)
class AdminEntry:
    """One line of the admin log."""

    seq: int
    at: str
    action: str
    token: str
    role: str
    actor: str
    hash: str

    def canonical(self) -> bytes:
        """The line as its hash covers it: compact JSON with sorted keys, UTF-8."""
        fields = {
            "seq": self.seq,
            "at": self.at,
            "action": self.action,
            "token": self.token,
            "role": self.role,
            "actor": self.actor,
        }
        return json.dumps(
            fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False
        ).encode()


def line_hash(previous: str, entry: AdminEntry) -> str:
    """The hash of a line, given the hash of the line before."""
    return hashlib.sha256(previous.encode() + b"\n" + entry.canonical()).hexdigest()


def create_tables(db: Db) -> None:
    """The log and the triggers that keep it (and the tokens) from being rewritten."""
    for statement in for_store(SCHEMA, postgres=db.on_postgres):
        db.execute(statement)


def append(db: Db, action: str, token: str, role: str, actor: str) -> AdminEntry:
    """Add a line to the log, in the caller's transaction (which holds the tokens' change)."""
    last = db.one("SELECT seq, hash FROM admin_log ORDER BY seq DESC LIMIT 1")
    seq, previous = (0, GENESIS) if last is None else (last["seq"], last["hash"])
    at = datetime.now(UTC).isoformat(timespec="microseconds")
    unsigned = AdminEntry(seq + 1, at, action, token, role, actor, "")
    entry = AdminEntry(**{**_fields(unsigned), "hash": line_hash(previous, unsigned)})
    db.execute(
        "INSERT INTO admin_log VALUES (?, ?, ?, ?, ?, ?, ?)",
        (entry.seq, entry.at, entry.action, entry.token, entry.role, entry.actor, entry.hash),
    )
    return entry


def entries(db: Db) -> list[AdminEntry]:
    """Every line, in order."""
    rows = db.all("SELECT * FROM admin_log ORDER BY seq")
    return [AdminEntry(**{name: row[name] for name in AdminEntry.__slots__}) for row in rows]


def problems(db: Db) -> list[str]:
    """What does not hold: a line whose hash or number is wrong, and a token whose row
    the log does not account for (its creation, role, or revocation)."""
    found: list[str] = []
    previous = GENESIS
    held: dict[str, tuple[str, bool]] = {}  # name -> role, revoked
    for number, entry in enumerate(entries(db), start=1):
        if entry.seq != number:
            found.append(f"admin log line {number} is missing")
            break
        if entry.hash != line_hash(previous, entry):
            found.append(f"admin log line {entry.seq} was altered")
            break
        previous = entry.hash
        if entry.action in ("create", "existing"):
            held[entry.token] = (entry.role, False)
        elif entry.action == "revoke" and entry.token in held:
            held[entry.token] = (held[entry.token][0], True)
        elif entry.action == "existing-revoked":
            held[entry.token] = (entry.role, True)
    for row in db.all("SELECT name, role, revoked_at FROM tokens ORDER BY name"):
        name, revoked = row["name"], row["revoked_at"] is not None
        if name not in held:
            found.append(f"token {name!r} is not in the admin log")
        elif held[name] != (row["role"], revoked):
            found.append(f"token {name!r} does not stand as the admin log says")
    tokens = {row["name"] for row in db.all("SELECT name FROM tokens")}
    for name in sorted(set(held) - tokens):
        found.append(f"token {name!r} of the admin log is missing from the tokens")
    return found


def adopt_existing(db: Db) -> None:
    """Begin the log of a database that holds tokens from before it: one line per token,
    as it stands (its action `existing` or `existing-revoked`, by `upgrade`)."""
    if db.scalar("SELECT COUNT(*) FROM admin_log"):
        return
    for row in db.all("SELECT name, role, revoked_at FROM tokens ORDER BY created_at, name"):
        action = "existing" if row["revoked_at"] is None else "existing-revoked"
        append(db, action, row["name"], row["role"], "upgrade")


def _fields(entry: AdminEntry) -> dict[str, Any]:
    return {name: getattr(entry, name) for name in AdminEntry.__slots__}
