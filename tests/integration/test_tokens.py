"""Tokens on the real stores: stored as hashes, found by id, checked in constant time."""

from __future__ import annotations

import re
import time

import pytest

from api.access import Principal, Role
from api.bootstrap import Parts
from api.http.problems import Problem
from api.storage.tokens import KnownTokens, TokenError, token_hash, token_id_of, unrevoked
from api.writing.answers import Job, with_live_tokens
from domain.application import Change
from tests.support.commands import opening


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


def test_the_writer_refuses_the_writes_of_a_token_revoked_since_and_only_those(
    parts: Parts,
) -> None:
    kept = token_id_of(parts.tokens.create("kept", Role.REPORTER))
    revoked = token_id_of(parts.tokens.create("gone", Role.REPORTER))
    parts.tokens.revoke("gone")
    assert unrevoked(parts.store.database, {kept, revoked, "0" * 16}) == {kept}

    def job(token: str | None) -> Job:
        return Job(Change(None, opening()), None, lambda _: None, time.monotonic() + 5, token)

    jobs = [job(kept), job(revoked), job(None), job(revoked)]
    writing, refused = with_live_tokens(jobs, parts.store.database)
    assert writing == [jobs[0], jobs[2]]
    assert set(refused) == {id(jobs[1]), id(jobs[3])}
    for outcome in refused.values():
        assert isinstance(outcome, Problem) and outcome.status == 401
        assert outcome.headers == {"WWW-Authenticate": 'Bearer error="invalid_token"'}


def test_known_tokens_are_bounded_and_forgotten_on_request() -> None:
    known = KnownTokens(size=2)
    first, second, third = (Principal(name, Role.REPORTER) for name in ("a", "b", "c"))
    known.add("inc_a", first)
    known.add("inc_b", second)
    assert known.get("inc_a") == first  # now the most recently seen
    known.add("inc_c", third)
    assert known.get("inc_b") is None and known.get("inc_a") == first
    known.forget("inc_a")
    assert known.get("inc_a") is None and known.get("inc_c") == third
