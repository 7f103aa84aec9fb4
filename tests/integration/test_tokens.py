"""Tokens on the real stores: stored as hashes, found by id, checked in constant time."""

from __future__ import annotations

import re

import pytest

from api.access import Role
from api.bootstrap import Parts
from api.storage.tokens import TokenError, token_hash


def test_a_token_is_found_by_its_id_and_only_its_whole_secret_opens_it(parts: Parts) -> None:
    token = parts.tokens.create("night desk", Role.EDITOR)
    assert re.fullmatch(r"inc_[0-9a-f]{16}\.[A-Za-z0-9_-]{43}", token)
    principal = parts.tokens.authenticate(token)
    assert principal is not None and principal.name == "night desk"
    assert principal.role is Role.EDITOR
    same_id = token[:-1] + ("A" if token[-1] != "A" else "B")
    assert parts.tokens.authenticate(same_id) is None
    assert parts.tokens.authenticate(token + "x") is None
    assert parts.tokens.authenticate("inc_" + "0" * 16 + "." + "a" * 43) is None


def test_only_the_hash_is_stored_and_nothing_secret_is_listed(parts: Parts) -> None:
    token = parts.tokens.create("wire", Role.REPORTER)
    with parts.store.database.transaction(commit=False) as db:
        rows = [dict(row) for row in db.all("SELECT * FROM tokens")]
    assert token not in str(rows)
    assert rows[0]["token_hash"] == token_hash(token)
    listed = parts.tokens.list()
    assert [(t.name, t.role) for t in listed] == [("wire", Role.REPORTER)]
    assert token_hash(token) not in str(listed)


def test_a_revoked_token_stops_working_and_its_name_is_never_reused(parts: Parts) -> None:
    token = parts.tokens.create("temp", Role.READER)
    parts.tokens.revoke("temp")
    assert parts.tokens.authenticate(token) is None
    with pytest.raises(TokenError, match="never reused"):
        parts.tokens.create("temp", Role.READER)
    with pytest.raises(TokenError, match="already revoked"):
        parts.tokens.revoke("temp")
    with pytest.raises(TokenError, match="no token"):
        parts.tokens.revoke("nobody")
