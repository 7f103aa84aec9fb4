"""The admin log of tokens: who created and revoked which token and when, chained, append
only, and held against the tokens table (on both stores)."""

from __future__ import annotations

import pytest

from api.access import Role
from api.bootstrap import Parts
from api.storage import admin_log
from api.storage.tokens import TokenError, TokenStore
from projections.sql import Db


def test_creating_and_revoking_a_token_are_logged_with_who_and_when(parts: Parts) -> None:
    parts.tokens.create("night-desk", Role.EDITOR, by="alice")
    parts.tokens.revoke("night-desk", by="bob")

    log = parts.tokens.log()

    assert [(e.seq, e.action, e.token, e.role, e.actor) for e in log] == [
        (1, "create", "night-desk", "editor", "alice"),
        (2, "revoke", "night-desk", "editor", "bob"),
    ]
    assert log[0].at < log[1].at
    assert parts.tokens.problems() == []


def test_each_line_is_chained_to_the_one_before(parts: Parts) -> None:
    for n in range(3):
        parts.tokens.create(f"desk-{n}", Role.REPORTER, by="alice")

    log = parts.tokens.log()

    previous = admin_log.GENESIS
    for entry in log:
        assert entry.hash == admin_log.line_hash(previous, entry)
        previous = entry.hash


def test_a_refused_command_logs_nothing(parts: Parts) -> None:
    parts.tokens.create("desk", Role.REPORTER, by="alice")

    with pytest.raises(TokenError):
        parts.tokens.create("desk", Role.EDITOR, by="mallory")
    with pytest.raises(TokenError):
        parts.tokens.revoke("nobody", by="mallory")
    with pytest.raises(TokenError):
        parts.tokens.create("other", Role.EDITOR, by="\u202eecila")

    assert [e.action for e in parts.tokens.log()] == ["create"]


def raw(parts: Parts, statement: str, params: tuple[object, ...] = ()) -> None:
    with parts.store.database.transaction(commit=True) as db:
        db.execute(statement, params)


def test_the_database_refuses_to_delete_a_token_or_change_the_log(parts: Parts) -> None:
    parts.tokens.create("desk", Role.REPORTER, by="alice")

    for statement in (
        "DELETE FROM tokens",
        "DELETE FROM admin_log",
        "UPDATE admin_log SET actor = 'mallory'",
    ):
        with pytest.raises(Exception, match=r"never deleted|append-only"):
            raw(parts, statement)

    assert [e.actor for e in parts.tokens.log()] == ["alice"]


def drop_guards(db: Db) -> None:
    """What someone with the database's owner rights can do: drop the triggers."""
    for name, table in [
        ("tokens_are_never_deleted", "tokens"),
        ("admin_log_is_not_changed", "admin_log"),
        ("admin_log_is_not_deleted", "admin_log"),
        ("admin_log_is_append_only", "admin_log"),
    ]:
        if db.on_postgres:
            db.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        else:
            db.execute(f"DROP TRIGGER IF EXISTS {name}")


def test_rewriting_behind_the_services_back_is_named(parts: Parts) -> None:
    parts.tokens.create("desk", Role.REPORTER, by="alice")
    parts.tokens.create("editor", Role.EDITOR, by="alice")
    with parts.store.database.transaction(commit=True) as db:
        drop_guards(db)
        db.execute("UPDATE admin_log SET actor = 'mallory' WHERE seq = 1")
        db.execute("UPDATE tokens SET role = 'admin' WHERE name = 'desk'")
        db.execute(
            "INSERT INTO tokens VALUES ('ghost', 'admin', 'abcd', 'hash', '2026-01-01', NULL)"
        )

    found = parts.tokens.problems()

    assert "admin log line 1 was altered" in found
    assert "token 'ghost' is not in the admin log" in found


def test_a_token_revived_or_deleted_behind_the_log_is_named(parts: Parts) -> None:
    parts.tokens.create("desk", Role.REPORTER, by="alice")
    parts.tokens.revoke("desk", by="alice")
    parts.tokens.create("gone", Role.REPORTER, by="alice")
    with parts.store.database.transaction(commit=True) as db:
        drop_guards(db)
        db.execute("UPDATE tokens SET revoked_at = NULL WHERE name = 'desk'")
        db.execute("DELETE FROM tokens WHERE name = 'gone'")

    assert parts.tokens.problems() == [
        "token 'desk' does not stand as the admin log says",
        "token 'gone' of the admin log is missing from the tokens",
    ]


def test_tokens_from_before_the_log_are_adopted_as_they_stand(parts: Parts) -> None:
    parts.tokens.create("old", Role.EDITOR, by="alice")
    parts.tokens.create("older", Role.READER, by="alice")
    parts.tokens.revoke("older", by="alice")
    with parts.store.database.transaction(commit=True) as db:
        drop_guards(db)
        db.execute("DROP TABLE admin_log")  # a database of an earlier version

    reopened = TokenStore(parts.store.database)

    assert [(e.action, e.token, e.actor) for e in reopened.log()] == [
        ("existing", "old", "upgrade"),
        ("existing-revoked", "older", "upgrade"),
    ]
    assert reopened.problems() == []
